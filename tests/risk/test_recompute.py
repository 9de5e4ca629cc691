"""The risk step of the recompute: dimension values from their sources, composite,
level, Kraljic segment, review due date, events and notifications; set-based."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from risk.models import CountryRisk, RiskAssessment, RiskScore, RiskScoreHistory
from risk.recompute import risk_recompute, risk_step, step_as_of, trailing_spend
from scorecards.models import RecomputeRun, Scorecard
from srm.audit.models import AuditEvent
from srm.core.models import Notification
from suppliers.models import SupplierEvent
from tests.factories import RiskValueFactory, dimension

from ..factories import CategoryFactory, ReceiptFactory, SupplierFactory

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 3, 31)


def score(supplier) -> RiskScore:
    return RiskScore.objects.get(supplier=supplier)


def test_composite_from_manual_values_and_derived_dimensions():
    cat = CategoryFactory()
    supplier = SupplierFactory(categories=[cat])  # the only approved supplier of cat
    RiskValueFactory(supplier=supplier, dimension=dimension("cyber"), value=3)
    RiskValueFactory(supplier=supplier, dimension=dimension("financial_health"), value=2)
    Scorecard.objects.create(supplier=supplier, period=date(2026, 2, 1), standing="C", kpis={})
    risk_recompute(as_of=AS_OF)
    s = score(supplier)
    # cyber 3, financial 2, single source 5 (alone in its only category), performance C → 4
    assert s.dimensions == {"financial_health": 2, "cyber": 3, "single_source": 5, "performance": 4}
    # (2 + 3 + 5 + 4) / 4 = 3.5 → 62.5 → high
    assert s.composite == Decimal("62.5")
    assert s.level == "high"
    assert s.evidence["performance"]["text"] == "Standing C (2026-02)"
    assert s.evidence["single_source"]["text"] == "Only approved source in 1 of 1 categories"


def test_weights_are_data():
    supplier = SupplierFactory(categories=[])
    RiskValueFactory(supplier=supplier, dimension=dimension("cyber"), value=5)
    RiskValueFactory(supplier=supplier, dimension=dimension("financial_health"), value=1)
    cyber = dimension("cyber")
    cyber.weight = Decimal(3)
    cyber.save()
    risk_recompute(as_of=AS_OF)
    # (5×3 + 1×1) / 4 = 4 → 75.0 → critical
    assert score(supplier).composite == Decimal("75.0")
    assert score(supplier).level == "critical"


def test_latest_value_on_or_before_as_of_wins():
    supplier = SupplierFactory(categories=[])
    RiskValueFactory(supplier=supplier, value=2, observed_on=date(2026, 1, 1))
    RiskValueFactory(supplier=supplier, value=4, observed_on=date(2026, 3, 1))
    RiskValueFactory(supplier=supplier, value=5, observed_on=date(2026, 5, 1))  # after as_of
    risk_recompute(as_of=AS_OF)
    assert score(supplier).dimensions == {"cyber": 4}


def test_country_index_or_a_later_manual_entry_gives_regulatory():
    de = SupplierFactory(country="DE", categories=[])
    cn = SupplierFactory(country="CN", categories=[])
    CountryRisk.objects.create(country="DE", as_of=date(2026, 1, 1), index=Decimal("1.5"))
    CountryRisk.objects.create(country="CN", as_of=date(2025, 6, 1), index=Decimal("3"))
    CountryRisk.objects.create(country="CN", as_of=date(2026, 2, 1), index=Decimal("4"))
    regulatory = dimension("regulatory_geopolitical")
    # A manual entry for DE after its index overrides it; CN's newest index applies.
    RiskValueFactory(supplier=de, dimension=regulatory, value=3, observed_on=date(2026, 2, 1))
    RiskValueFactory(supplier=cn, dimension=regulatory, value=1, observed_on=date(2026, 1, 1))
    risk_recompute(as_of=AS_OF)
    assert score(de).dimensions["regulatory_geopolitical"] == 3
    assert score(cn).dimensions["regulatory_geopolitical"] == 4
    assert score(cn).evidence["regulatory_geopolitical"]["source"] == "country_risk"


def test_single_source_share_counts_only_approved_sources():
    a, b, c = CategoryFactory(), CategoryFactory(), CategoryFactory()
    alone = SupplierFactory(categories=[a, b])
    SupplierFactory(categories=[b])  # a second approved source in b
    SupplierFactory(categories=[c], status="prospect")
    sharing = SupplierFactory(categories=[c])  # the only approved one in c
    risk_recompute(as_of=AS_OF)
    # alone: only source in a, not in b → 50 % → 3
    assert score(alone).dimensions["single_source"] == 3
    assert score(sharing).dimensions["single_source"] == 5


def test_no_data_no_composite_no_segment():
    supplier = SupplierFactory(categories=[])
    risk_recompute(as_of=AS_OF)
    s = score(supplier)
    assert (s.composite, s.level, s.segment, s.dimensions) == (None, None, None, {})


def test_trailing_spend_window_and_kraljic_segments():
    big, mid, small = (SupplierFactory(categories=[]) for _ in range(3))
    window = [(big, "600"), (mid, "300"), (small, "100")]
    for supplier, price in window:
        ReceiptFactory(
            supplier=supplier, received_date=date(2026, 3, 31), unit_price=Decimal(price)
        )
    # Outside the 12 months ending 2026-03-31: 2025-03-31 is excluded, 2025-04-01 included.
    ReceiptFactory(supplier=small, received_date=date(2025, 3, 31), unit_price=Decimal("9999"))
    ReceiptFactory(
        supplier=small, received_date=date(2025, 4, 1), received_qty=Decimal(1),
        ordered_qty=Decimal(1), unit_price=Decimal("0.5"),
    )  # fmt: skip
    spend = trailing_spend(AS_OF)
    assert spend[big.pk] == Decimal("60000.00")
    assert spend[small.pk] == Decimal("10000.50")
    RiskValueFactory(supplier=big, value=5)  # composite 100
    RiskValueFactory(supplier=mid, value=1)  # composite 0
    RiskValueFactory(supplier=small, value=5)
    risk_recompute(as_of=AS_OF)
    # 60000 < 80 % of 100000.5; 60000 + 30000 = 90000 ≥ 80 %: big and mid are high impact.
    assert score(big).segment == "strategic"
    assert score(mid).segment == "leverage"
    assert score(small).segment == "bottleneck"
    assert score(big).spend_share == Decimal("59.9997")
    assert not score(small).high_profit_impact


def test_kraljic_tie_at_the_cut_uses_all_suppliers_spend_even_for_one():
    a, b, c = (SupplierFactory(categories=[]) for _ in range(3))
    for supplier, price in ((a, "40"), (b, "30"), (c, "30")):
        ReceiptFactory(supplier=supplier, received_date=date(2026, 3, 1), unit_price=Decimal(price))
        RiskValueFactory(supplier=supplier, value=1)
    risk_recompute(as_of=AS_OF, supplier_ids=[c.pk])
    # Recomputing only c still ranks it against everyone: the 30/30 tie is all in.
    assert score(c).high_profit_impact
    assert not RiskScore.objects.filter(supplier=a).exists()


def test_review_due_from_last_assessment_and_level():
    supplier = SupplierFactory(categories=[])
    RiskAssessment.objects.create(supplier=supplier, assessed_on=date(2026, 1, 15))
    RiskValueFactory(supplier=supplier, value=5)  # critical → monthly
    risk_recompute(as_of=AS_OF)
    s = score(supplier)
    assert s.last_reviewed_on == date(2026, 1, 15)
    assert s.review_due_on == date(2026, 2, 15)
    never = SupplierFactory(categories=[])
    risk_recompute(as_of=AS_OF)
    assert score(never).review_due_on is None


def test_rerun_is_idempotent_and_history_records_changes_only():
    supplier = SupplierFactory(categories=[])
    RiskValueFactory(supplier=supplier, value=2)
    first = risk_recompute(as_of=AS_OF)
    assert first["risk_created"] == 1
    audit_rows = AuditEvent.objects.count()
    again = risk_recompute(as_of=AS_OF + timedelta(days=1))
    assert again["risk_unchanged"] == 1 and again["risk_updated"] == 0
    assert RiskScoreHistory.objects.count() == 1
    assert AuditEvent.objects.count() == audit_rows  # nothing changed, nothing audited
    assert score(supplier).as_of == AS_OF + timedelta(days=1)
    RiskValueFactory(supplier=supplier, value=4, observed_on=date(2026, 3, 20))
    risk_recompute(as_of=AS_OF)
    assert RiskScoreHistory.objects.count() == 2
    assert AuditEvent.objects.order_by("-seq").first().action == "risk:recompute"


def test_level_change_is_an_event_and_notifies_owner_and_category_managers(make_user):
    category, other = CategoryFactory(), CategoryFactory()
    owner = make_user("procurement_analyst")
    manager = make_user("category_manager", categories=[category])
    outsider = make_user("category_manager", categories=[other])
    supplier = SupplierFactory(categories=[category], relationship_owner=owner)
    SupplierFactory(categories=[category])  # so single-source is 1 and does not dominate
    RiskValueFactory(supplier=supplier, value=2)
    risk_recompute(as_of=AS_OF)
    assert not SupplierEvent.objects.filter(kind="risk_level").exists()  # first level: no change
    RiskValueFactory(supplier=supplier, value=5, observed_on=date(2026, 3, 30))
    counts = risk_recompute(as_of=AS_OF)
    assert counts["risk_level_changes"] == 1
    event = SupplierEvent.objects.get(kind="risk_level")
    assert event.supplier == supplier
    assert event.title == "Risk level low → high (composite 50.0)"
    assert event.link == f"/suppliers/{supplier.code}/risk/"
    notified = set(Notification.objects.values_list("recipient__username", flat=True))
    assert notified == {owner.username, manager.username}
    assert outsider.username not in notified


def test_step_contract_and_as_of():
    supplier = SupplierFactory(categories=[])
    RiskValueFactory(supplier=supplier, value=3)
    run = RecomputeRun.objects.create(
        started_at=timezone.now(), scope="nightly", period_from=date(2026, 2, 1),
        period_to=date(2026, 3, 1),
    )  # fmt: skip
    counts = risk_step(run, run.period_from, run.period_to)
    assert counts["risk_created"] == 1
    assert all(isinstance(v, int) for v in counts.values())
    s = score(supplier)
    assert s.run == run
    assert s.as_of == step_as_of(run, run.period_to)
    # A month named by its first day is scored to the run's day, capped at the month's end.
    assert step_as_of(None, date(2026, 2, 1)) == date(2026, 2, 28)


def test_step_is_set_based(django_assert_max_num_queries):
    """The query count does not grow with the number of suppliers."""
    cats = [CategoryFactory() for _ in range(3)]
    for n in range(40):
        supplier = SupplierFactory(categories=[cats[n % 3]])
        RiskValueFactory(supplier=supplier, value=1 + n % 5)
        ReceiptFactory(supplier=supplier, received_date=date(2026, 3, 1))
        Scorecard.objects.create(supplier=supplier, period=date(2026, 3, 1), standing="B", kpis={})
    with django_assert_max_num_queries(20):
        risk_recompute(as_of=AS_OF)
    assert RiskScore.objects.count() == 40
    for value in range(1, 6):
        for supplier in RiskScore.objects.filter(dimensions__cyber=value)[:2]:
            RiskValueFactory(supplier=supplier.supplier, value=6 - value, observed_on=AS_OF)
    with django_assert_max_num_queries(30):
        risk_recompute(as_of=AS_OF)
