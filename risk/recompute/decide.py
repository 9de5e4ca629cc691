"""The risk decisions of a recompute, without a database (Saleor's calculate step):
``fetch`` hands over plain rows, the pure ``risk.engine`` does the formulas, this module
puts them together per supplier and says what to write; ``write`` writes it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .. import engine

# The values of RiskDimension.Method and DimensionCode this module branches on (plain
# strings: no model import here; a test holds them equal to the models' choices).
METHOD_SINGLE_SOURCE = "single_source"
METHOD_PERFORMANCE = "performance"
REGULATORY = "regulatory_geopolitical"

# Fields compared to decide whether a stored score changed, and which of them make a
# history row (spend moves every night; history records the risk itself).
COMPARED = (
    "composite",
    "level",
    "dimensions",
    "evidence",
    "spend_12m",
    "spend_share",
    "high_profit_impact",
    "segment",
    "last_reviewed_on",
    "review_due_on",
)
HISTORY_FIELDS = ("composite", "level", "segment", "dimensions")


@dataclass(frozen=True)
class Observation:
    value: Decimal
    on: date | None
    source: str
    text: str

    def as_evidence(self) -> dict:
        return {
            "source": self.source,
            "date": self.on.isoformat() if self.on else None,
            "text": self.text,
        }


@dataclass(frozen=True)
class Dimension:
    code: str
    method: str
    weight: Decimal


@dataclass(frozen=True)
class SupplierRow:
    pk: int
    code: str
    name: str
    country: str
    owner_id: int | None
    standing: str | None
    standing_period: date | None
    last_reviewed: date | None


@dataclass
class Inputs:
    """Everything the decisions read, as plain data."""

    dimensions: list[Dimension]
    latest: dict[tuple[int, str], Observation]  # newest assessed value per (supplier, code)
    indices: dict[str, Observation]  # newest country risk index per country
    categories_of: dict[int, set[int]]
    approved_in: dict[int, set[int]]
    spend: dict[int, Decimal]  # trailing 12 months, all suppliers
    existing: dict[int, dict]  # stored COMPARED fields per supplier in scope
    suppliers: Iterable[SupplierRow]


@dataclass(frozen=True)
class ScoreWrite:
    supplier_id: int
    fields: dict
    history: bool  # the risk itself changed (or is new): a history row too


@dataclass
class RiskPlan:
    writes: list[ScoreWrite] = field(default_factory=list)
    changes: list[tuple[int, str, str, Decimal | None]] = field(default_factory=list)
    suppliers: dict[int, tuple[str, str, int | None]] = field(default_factory=dict)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    scored: int = 0
    segments: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def history(self) -> list[ScoreWrite]:
        return [w for w in self.writes if w.history]

    @property
    def counts(self) -> dict[str, int]:
        return {
            "risk_suppliers": len(self.suppliers),
            "risk_scored": self.scored,
            "risk_created": self.created,
            "risk_updated": self.updated,
            "risk_unchanged": self.unchanged,
            "risk_history": len(self.history),
            "risk_level_changes": len(self.changes),
            **{f"segment_{k}": v for k, v in sorted(self.segments.items())},
        }


def json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def same(stored, computed) -> bool:
    if isinstance(stored, Decimal) or isinstance(computed, Decimal):
        if stored is None or computed is None:
            return stored is computed
        return Decimal(stored) == Decimal(computed)
    return stored == computed


def dimension_value(dimension: Dimension, row: SupplierRow, inputs: Inputs) -> Observation | None:
    """One dimension's value for a supplier: derived (single source, performance), or
    the newest assessed value; for the regulatory dimension the newer of that and the
    country index."""
    if dimension.method == METHOD_SINGLE_SOURCE:
        categories = inputs.categories_of.get(row.pk, set())
        share = engine.single_source_share(row.pk, categories, inputs.approved_in)
        value = engine.single_source_value(share)
        if value is None:
            return None
        only = round(share * len(categories))
        return Observation(
            value,
            None,
            "derived",
            f"Only approved source in {only} of {len(categories)} categories",
        )
    if dimension.method == METHOD_PERFORMANCE:
        value = engine.performance_value(row.standing)
        if value is None:
            return None
        return Observation(
            value,
            row.standing_period,
            "derived",
            f"Standing {row.standing} ({row.standing_period:%Y-%m})",
        )
    observed = inputs.latest.get((row.pk, dimension.code))
    if dimension.code == REGULATORY:
        index = inputs.indices.get(row.country)
        # The later of a manual entry and the country index wins; on the same day the
        # person's judgement does.
        if index is not None and (observed is None or index.on > observed.on):
            return index
    return observed


def supplier_fields(row: SupplierRow, inputs: Inputs, *, weights, high_impact, total_spend):
    """The stored risk of one supplier: composite, level, Kraljic segment, review date."""
    values, evidence = {}, {}
    for dimension in inputs.dimensions:
        observation = dimension_value(dimension, row, inputs)
        if observation is not None:
            values[dimension.code] = observation.value
            evidence[dimension.code] = observation.as_evidence()
    composite = engine.composite_score(values, weights)
    level = engine.risk_level(composite)
    impact = row.pk in high_impact
    supplier_spend = inputs.spend.get(row.pk, Decimal("0.00"))
    return {
        "composite": composite,
        "level": level,
        "dimensions": {k: json_number(v) for k, v in values.items()},
        "evidence": evidence,
        "spend_12m": supplier_spend,
        "spend_share": engine.spend_share(supplier_spend, total_spend),
        "high_profit_impact": impact,
        "segment": engine.kraljic_segment(impact, composite),
        "last_reviewed_on": row.last_reviewed,
        "review_due_on": engine.review_due(row.last_reviewed, level),
    }


def plan_scores(inputs: Inputs) -> RiskPlan:
    """Score every supplier and compare with what is stored: new and changed scores are
    written, a changed risk also makes a history row, a changed level is reported.
    Kraljic impact is ranked over the spend of all suppliers."""
    weights = {d.code: d.weight for d in inputs.dimensions}
    total_spend = sum(inputs.spend.values(), Decimal(0))
    high_impact = engine.high_profit_impact(inputs.spend)
    plan = RiskPlan()
    for row in inputs.suppliers:
        plan.suppliers[row.pk] = (row.code, row.name, row.owner_id)
        fields = supplier_fields(
            row, inputs, weights=weights, high_impact=high_impact, total_spend=total_spend
        )
        plan.segments[fields["segment"] or "none"] += 1
        plan.scored += fields["composite"] is not None
        current = inputs.existing.get(row.pk)
        if current is None:
            plan.created += 1
        elif all(same(current[f], fields[f]) for f in COMPARED):
            plan.unchanged += 1
            continue
        else:
            plan.updated += 1
        risk_changed = current is None or not all(
            same(current[f], fields[f]) for f in HISTORY_FIELDS
        )
        plan.writes.append(ScoreWrite(row.pk, fields, risk_changed))
        old, new = (current or {}).get("level"), fields["level"]
        if risk_changed and old and new and old != new:
            plan.changes.append((row.pk, old, new, fields["composite"]))
    return plan
