"""The risk recompute's decisions, without a database: hand-made inputs, the plan out."""

import ast
from datetime import date
from decimal import Decimal
from pathlib import Path

import risk.recompute.decide as decide_module
from risk.models import DimensionCode, RiskDimension
from risk.recompute.decide import (
    METHOD_PERFORMANCE,
    METHOD_SINGLE_SOURCE,
    REGULATORY,
    Dimension,
    Inputs,
    Observation,
    SupplierRow,
    plan_scores,
)

ASSESSED = RiskDimension.Method.ASSESSED.value
DIMENSIONS = [
    Dimension("financial_health", ASSESSED, Decimal(2)),
    Dimension("single_source", METHOD_SINGLE_SOURCE, Decimal(1)),
    Dimension("performance", METHOD_PERFORMANCE, Decimal(1)),
    Dimension(REGULATORY, ASSESSED, Decimal(1)),
]
ACME = SupplierRow(1, "ACME", "Acme", "DE", 7, "C", date(2026, 2, 1), date(2026, 1, 15))
BETA = SupplierRow(2, "BETA", "Beta", "FR", None, None, None, None)
BETA_STORED = {
    "composite": None,
    "level": None,
    "dimensions": {},
    "evidence": {},
    "spend_12m": Decimal("200.00"),
    "spend_share": Decimal("20.0000"),
    "high_profit_impact": False,
    "segment": None,
    "last_reviewed_on": None,
    "review_due_on": None,
}


def inputs(existing):
    return Inputs(
        dimensions=DIMENSIONS,
        latest={
            (1, "financial_health"): Observation(Decimal(4), date(2026, 3, 1), "manual", "ok"),
            (1, REGULATORY): Observation(Decimal(2), date(2026, 1, 1), "manual", "calm"),
        },
        indices={"DE": Observation(Decimal(5), date(2026, 2, 1), "country_risk", "index 5")},
        categories_of={1: {10, 11}},
        approved_in={10: {1}, 11: {1, 2}},
        spend={1: Decimal("800.00"), 2: Decimal("200.00")},
        existing=existing,
        suppliers=[ACME, BETA],
    )


def test_the_decisions_import_no_django_and_match_the_models():
    tree = ast.parse(Path(decide_module.__file__).read_text())
    modules = {
        n.module.split(".")[0]
        for n in ast.walk(tree)
        if isinstance(n, ast.ImportFrom) and not n.level
    } | {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert "django" not in modules
    assert METHOD_SINGLE_SOURCE == RiskDimension.Method.SINGLE_SOURCE
    assert METHOD_PERFORMANCE == RiskDimension.Method.PERFORMANCE
    assert REGULATORY == DimensionCode.REGULATORY


def test_a_supplier_scored_by_hand():
    """ACME: financial 4 (weight 2); sole approved source in 1 of 2 categories → 1 + 4 × ½
    = 3; standing C → 4; regulatory: the DE index (5, February) is newer than the manual 2
    (January). Mean (8 + 3 + 4 + 5) / 5 = 4 → composite (4 − 1) / 4 × 100 = 75.0, critical.
    Spend 800 of 1000: within the top 80 %, high impact → strategic; reviewed 15 January,
    critical is monthly → due 15 February. BETA has no data: no composite, no segment."""
    plan = plan_scores(inputs({}))
    acme, beta = (w.fields for w in plan.writes)
    assert acme["dimensions"] == {
        "financial_health": 4,
        "single_source": 3,
        "performance": 4,
        REGULATORY: 5,
    }
    assert acme["evidence"][REGULATORY] == {
        "source": "country_risk",
        "date": "2026-02-01",
        "text": "index 5",
    }
    assert acme["evidence"]["performance"]["text"] == "Standing C (2026-02)"
    assert acme["composite"] == Decimal("75.0") and acme["level"] == "critical"
    assert acme["spend_share"] == Decimal("80.0000") and acme["high_profit_impact"]
    assert acme["segment"] == "strategic" and acme["review_due_on"] == date(2026, 2, 15)
    assert beta == BETA_STORED
    assert [w.history for w in plan.writes] == [True, True]
    assert plan.changes == []  # new scores are no level change
    assert plan.counts == {
        "risk_suppliers": 2,
        "risk_scored": 1,
        "risk_created": 2,
        "risk_updated": 0,
        "risk_unchanged": 0,
        "risk_history": 2,
        "risk_level_changes": 0,
        "segment_none": 1,
        "segment_strategic": 1,
    }


def test_unchanged_is_not_written_a_spend_move_is_but_makes_no_history():
    acme = plan_scores(inputs({})).writes[0].fields
    same = plan_scores(inputs({1: dict(acme), 2: dict(BETA_STORED)}))
    assert same.writes == [] and same.counts["risk_unchanged"] == 2
    moved = plan_scores(inputs({1: dict(acme), 2: {**BETA_STORED, "spend_12m": Decimal(150)}}))
    assert [(w.supplier_id, w.history) for w in moved.writes] == [(2, False)]
    assert moved.counts["risk_updated"] == 1 and moved.counts["risk_history"] == 0


def test_a_changed_level_is_reported_with_the_new_composite():
    acme = plan_scores(inputs({})).writes[0].fields
    stored = {**acme, "composite": Decimal("60.0"), "level": "high"}
    plan = plan_scores(inputs({1: stored, 2: dict(BETA_STORED)}))
    assert plan.changes == [(1, "high", "critical", Decimal("75.0"))]
    assert plan.suppliers[1] == ("ACME", "Acme", 7)
    assert plan.counts["risk_updated"] == 1 and plan.counts["risk_history"] == 1
