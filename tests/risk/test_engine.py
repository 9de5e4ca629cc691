"""The risk engine on hand-computed cases (SPEC §6, §7, §8): no database."""

from datetime import date
from decimal import Decimal as D

import pytest

from risk import engine


class TestComposite:
    def test_equal_weights_hand_computed(self):
        # (3 + 4 + 2) / 3 = 3 → (3 − 1) / 4 × 100 = 50.0
        values = {"a": D(3), "b": D(4), "c": D(2)}
        weights = {"a": D(1), "b": D(1), "c": D(1)}
        assert engine.composite_score(values, weights) == D("50.0")

    def test_weighted_mean(self):
        # (5×2 + 1×1 + 3×1) / 4 = 3.5 → 62.5
        values = {"a": D(5), "b": D(1), "c": D(3)}
        weights = {"a": D(2), "b": D(1), "c": D(1)}
        assert engine.weighted_mean(values, weights) == D("3.5")
        assert engine.composite_score(values, weights) == D("62.5")

    def test_dimensions_without_value_are_left_out(self):
        # Only a=5 and b=2 count: mean 3.5 → 62.5, not pulled down by c.
        values = {"a": D(5), "b": D(2), "c": None}
        weights = {"a": D(1), "b": D(1), "c": D(1)}
        assert engine.composite_score(values, weights) == D("62.5")

    def test_zero_weight_dimension_does_not_count(self):
        values = {"a": D(5), "b": D(1)}
        assert engine.composite_score(values, {"a": D(1), "b": D(0)}) == D("100.0")

    def test_no_data_is_no_score(self):
        assert engine.composite_score({}, {"a": D(1)}) is None
        assert engine.composite_score({"a": None}, {"a": D(1)}) is None
        assert engine.risk_level(None) is None

    def test_extremes(self):
        w = {"a": D(1)}
        assert engine.composite_score({"a": D(1)}, w) == D("0.0")
        assert engine.composite_score({"a": D(5)}, w) == D("100.0")

    def test_rounding_half_up_to_one_decimal(self):
        # mean 1.998 → 24.95 → 25.0 (half up) → medium: the shown number decides the level.
        w = {"a": D(1)}
        assert engine.composite_score({"a": D("1.998")}, w) == D("25.0")
        assert engine.risk_level(engine.composite_score({"a": D("1.998")}, w)) == "medium"
        # mean 1.996 → 24.9 → low
        assert engine.composite_score({"a": D("1.996")}, w) == D("24.9")


@pytest.mark.parametrize(
    "composite,level",
    [
        ("0", "low"),
        ("24.9", "low"),
        ("25.0", "medium"),
        ("49.9", "medium"),
        ("50.0", "high"),
        ("74.9", "high"),
        ("75.0", "critical"),
        ("100", "critical"),
    ],
)
def test_level_edges(composite, level):
    assert engine.risk_level(D(composite)) == level


class TestSingleSource:
    approved = {10: {1}, 11: {1, 2}, 12: {2}, 13: set()}

    def test_share_of_categories_where_only_approved_source(self):
        # Supplier 1 is alone in 10, shares 11: 1 of 2 → 50 % → 1 + 4 × 0.5 = 3.00
        share = engine.single_source_share(1, {10, 11}, self.approved)
        assert share == D("0.5")
        assert engine.single_source_value(share) == D("3.00")

    def test_zero_and_full_share(self):
        assert engine.single_source_value(engine.single_source_share(2, {11}, self.approved)) == 1
        assert engine.single_source_value(engine.single_source_share(1, {10}, self.approved)) == 5

    def test_a_supplier_that_is_not_approved_is_never_the_only_source(self):
        # Supplier 3 (not approved) in category 13 where nobody is approved: share 0.
        assert engine.single_source_share(3, {13}, self.approved) == 0

    def test_one_in_three(self):
        # 1 of 3 → 1 + 4/3 = 2.333… → 2.33
        share = engine.single_source_share(1, {10, 11, 13}, self.approved)
        assert engine.single_source_value(share) == D("2.33")

    def test_no_categories_no_value(self):
        assert engine.single_source_share(1, set(), self.approved) is None
        assert engine.single_source_value(None) is None


@pytest.mark.parametrize(
    "standing,value", [("A", 1), ("B", 2), ("C", 4), ("D", 5), (None, None), ("", None)]
)
def test_performance_from_standing(standing, value):
    assert engine.performance_value(standing) == (D(value) if value else None)


@pytest.mark.parametrize(
    "rating,value",
    [
        ("AAA", 1),
        ("AA-", 1),
        ("Aa2", 1),
        ("A+", 2),
        ("a", 2),
        ("A3", 2),
        ("BBB-", 3),
        ("Baa1", 3),
        ("BB+", 4),
        ("Ba3", 4),
        ("B", 5),
        ("CCC", 5),
        ("Caa2", 5),
        ("D", 5),
        ("3", 3),
    ],
)
def test_credit_rating_mapping(rating, value):
    assert engine.credit_rating_value(rating) == value


@pytest.mark.parametrize("rating", ["", "XYZ", "AAAA", "6", "BBB++"])
def test_credit_rating_rejects_nonsense(rating):
    with pytest.raises(ValueError, match="not a credit rating"):
        engine.credit_rating_value(rating)


class TestKraljic:
    def test_80_percent_cut_largest_first(self):
        # 50 + 30 = 80 % of 100: A and B; C (20) is outside.
        assert engine.high_profit_impact({"A": D(50), "B": D(30), "C": D(20)}) == {"A", "B"}

    def test_supplier_that_crosses_the_cut_is_in(self):
        # 50 < 80, 50 + 40 = 90 ≥ 80: B is needed to reach 80 %, so it is in.
        assert engine.high_profit_impact({"A": D(50), "B": D(40), "C": D(10)}) == {"A", "B"}

    def test_tie_at_the_cut_stands_together(self):
        # 40 then a tie of 30 and 30: before the tie 40 % < 80 %, so both are in.
        spend = {"A": D(40), "B": D(30), "C": D(30)}
        assert engine.high_profit_impact(spend) == {"A", "B", "C"}

    def test_tie_just_after_the_cut_stays_out_together(self):
        # 50 + 30 = 80 % reached; the tie of 10 and 10 is not needed: both out.
        spend = {"A": D(50), "B": D(30), "C": D(10), "D": D(10)}
        assert engine.high_profit_impact(spend) == {"A", "B"}

    def test_order_of_equals_does_not_matter(self):
        first = {"X": D(10), "Y": D(10), "Z": D(10), "W": D(5)}
        second = dict(reversed(list(first.items())))
        assert engine.high_profit_impact(first) == engine.high_profit_impact(second)
        assert engine.high_profit_impact(first) == {"X", "Y", "Z"}

    def test_no_spend(self):
        assert engine.high_profit_impact({}) == set()
        assert engine.high_profit_impact({"A": D(0)}) == set()
        # A zero-spend supplier is never in, even beside one that is.
        assert engine.high_profit_impact({"A": D(10), "B": D(0)}) == {"A"}

    def test_spend_share(self):
        assert engine.spend_share(D(25), D(200)) == D("12.5000")
        assert engine.spend_share(D(1), D(3)) == D("33.3333")
        assert engine.spend_share(D(5), D(0)) == 0

    @pytest.mark.parametrize(
        "impact,composite,segment",
        [
            (True, "50.0", "strategic"),
            (True, "49.9", "leverage"),
            (False, "50.0", "bottleneck"),
            (False, "49.9", "non_critical"),
            (True, None, None),
        ],
    )
    def test_segments(self, impact, composite, segment):
        value = D(composite) if composite else None
        assert engine.kraljic_segment(impact, value) == segment


class TestReviewCadence:
    @pytest.mark.parametrize(
        "level,due",
        [
            ("critical", date(2026, 2, 28)),  # monthly; 31 Jan + 1 month clamps to 28 Feb
            ("high", date(2026, 4, 30)),  # quarterly
            ("medium", date(2027, 1, 31)),  # yearly
            ("low", date(2027, 1, 31)),
            (None, date(2027, 1, 31)),
        ],
    )
    def test_due_by_level(self, level, due):
        assert engine.review_due(date(2026, 1, 31), level) == due

    def test_never_reviewed_is_overdue(self):
        assert engine.review_due(None, "low") is None
        assert engine.review_overdue(None, date(2026, 1, 1))

    def test_overdue_only_after_the_due_day(self):
        due = date(2026, 3, 1)
        assert not engine.review_overdue(due, date(2026, 3, 1))
        assert engine.review_overdue(due, date(2026, 3, 2))


class TestPlanGaps:
    today = date(2026, 6, 30)

    def facts(self, **kw):
        base = {
            "source_count": 2,
            "alternate_count": 1,
            "last_exercised": date(2026, 6, 1),
            "rto_hours": 24,
            "sla_recovery_hours": D(48),
        }
        base.update(kw)
        return engine.PlanFacts(**base)

    def codes(self, **kw):
        return [g.code for g in engine.plan_gaps(self.facts(**kw), self.today)]

    def test_no_gap(self):
        assert self.codes() == []

    def test_single_source_without_alternate(self):
        assert self.codes(source_count=1, alternate_count=0) == ["single_source_no_alternate"]
        # Single source but an alternate named: no gap; two sources, no alternate: no gap.
        assert self.codes(source_count=1, alternate_count=1) == []
        assert self.codes(source_count=2, alternate_count=0) == []

    def test_exercise_window_is_90_days_inclusive(self):
        assert self.codes(last_exercised=date(2026, 4, 1)) == []  # exactly 90 days ago
        assert self.codes(last_exercised=date(2026, 3, 31)) == ["not_exercised"]  # 91 days
        assert self.codes(last_exercised=None) == ["not_exercised"]

    def test_rto_beyond_sla(self):
        assert self.codes(rto_hours=48) == []  # equal is within the SLA
        gaps = engine.plan_gaps(self.facts(rto_hours=72), self.today)
        assert [g.code for g in gaps] == ["rto_beyond_sla"]
        assert gaps[0].detail == "RTO 72 h > SLA 48 h"
        assert self.codes(rto_hours=500, sla_recovery_hours=None) == []  # no SLA, no gap

    def test_several_gaps_at_once(self):
        codes = self.codes(source_count=0, alternate_count=0, last_exercised=None, rto_hours=96)
        assert codes == ["single_source_no_alternate", "not_exercised", "rto_beyond_sla"]


class TestRegional:
    def test_quarters(self):
        span = engine.QuarterSpan(engine.Quarter.parse("2025Q3"), engine.Quarter.parse("2026q2"))
        assert span.quarters == 4
        assert span.start == date(2025, 7, 1)
        assert span.end == date(2026, 6, 30)
        assert str(span.first) == "2025Q3"

    @pytest.mark.parametrize("text", ["2025", "2025Q5", "Q1 2025", "2025-13", ""])
    def test_bad_quarter(self, text):
        with pytest.raises(ValueError):
            engine.Quarter.parse(text)

    def test_span_backwards_or_too_long(self):
        with pytest.raises(ValueError, match="before"):
            engine.QuarterSpan(engine.Quarter(2026, 2), engine.Quarter(2026, 1))
        with pytest.raises(ValueError, match="at most"):
            engine.QuarterSpan(engine.Quarter(2000, 1), engine.Quarter(2026, 1))

    def test_default_span_is_four_whole_quarters_before_today(self):
        span = engine.QuarterSpan.default(date(2026, 11, 21))
        assert (str(span.first), str(span.last)) == ("2025Q4", "2026Q3")
        span = engine.QuarterSpan.default(date(2026, 2, 1))
        assert (str(span.first), str(span.last)) == ("2025Q1", "2025Q4")

    def test_formulas_hand_computed(self):
        # 4 quarters: 30 h → 7.5 h/quarter; |100−90| + |50−60| = 20 over 150 actual →
        # (1 − 20/150) × 100 = 86.666… → 86.7; 6 incidents → 1.5; 7 of 8 passed → 87.5.
        inputs = engine.RegionInputs(
            training_hours=D(30),
            forecast_abs_error=D(20),
            forecast_actual=D(150),
            incidents=6,
            checks=8,
            checks_passed=7,
        )
        figures = engine.region_figures(inputs, 4)
        assert figures.training_hours_per_quarter == D("7.50")
        assert figures.forecast_accuracy == D("86.7")
        assert figures.disruptions_per_quarter == D("1.50")
        assert figures.regulatory_alignment == D("87.5")

    def test_empty_cases(self):
        figures = engine.region_figures(engine.RegionInputs(), 3)
        assert figures.training_hours_per_quarter == 0
        assert figures.disruptions_per_quarter == 0
        assert figures.forecast_accuracy is None  # no actuals
        assert figures.regulatory_alignment is None  # no checks

    def test_accuracy_is_floored_at_zero(self):
        assert engine.forecast_accuracy(D(300), D(100)) == 0
        assert engine.forecast_accuracy(D(0), D(100)) == D("100.0")
