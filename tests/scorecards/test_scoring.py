"""The engine against small cases computed by hand (SPEC §5). No database."""

import math
import statistics
from datetime import date
from decimal import Decimal as D

import pytest

from scorecards import scoring
from scorecards.scoring import KpiDef, MonthInputs, Policy, ReceiptSums

DEFAULTS = [
    KpiDef("otif", "otif", "higher", D(95), D(80), D(30), "%"),
    KpiDef("defect_rate", "defect_rate", "lower", D("0.5"), D("3.0"), D(20), "%"),
    KpiDef("rejection_rate", "rejection_rate", "lower", D("0.5"), D("3.0"), D(10), "%"),
    KpiDef("lead_time_var", "lead_time_var", "lower", D(2), D(10), D(15), "days"),
    KpiDef("cost_variance", "cost_variance", "lower", D(0), D(5), D(15), "%"),
    KpiDef("response_hours", "response_hours", "lower", D(48), D(168), D(10), "hours"),
    KpiDef("improvements", "improvements", "higher", D(4), D(0), D(0), "count"),
]


def sums_from_lines(lines):
    """Build the SQL sums from explicit lines, the way the selector does:
    (ordered, received, defective, rejected, promised, received_date, price, agreed)."""
    on_time_in_full = sum(1 for o, r, _, _, p, rd, _, _ in lines if rd <= p and r >= o)
    delays = [(rd - p).days for _, _, _, _, p, rd, _, _ in lines]
    priced = [(r, price, agreed) for _, r, _, _, _, _, price, agreed in lines if agreed is not None]
    return ReceiptSums(
        lines=len(lines),
        on_time_in_full=on_time_in_full,
        received_qty=sum((D(r) for _, r, *_ in lines), D(0)),
        defective_qty=sum((D(d) for _, _, d, *_ in lines), D(0)),
        rejected_qty=sum((D(j) for _, _, _, j, *_ in lines), D(0)),
        delay_sum=D(sum(delays)),
        delay_sq_sum=D(sum(x * x for x in delays)),
        priced_lines=len(priced),
        paid_value=sum((D(r) * D(p) for r, p, _ in priced), D(0)),
        agreed_value=sum((D(r) * D(a) for r, _, a in priced), D(0)),
    )


P = date(2026, 3, 10)
LINES = [
    # ordered, received, defective, rejected, promised, received_date, unit_price, agreed
    (100, 100, 0, 0, P, P, "10.20", "10"),  # on time, in full
    (100, 100, 2, 1, P, date(2026, 3, 11), "9.90", "10"),  # one day late
    (200, 150, 1, "0.5", P, P, "10", "10"),  # on time but short (partial)
    (50, 50, 0, 0, P, date(2026, 3, 8), "10", None),  # two days early, no agreed price
]


class TestFormulas:
    sums = sums_from_lines(LINES)

    def test_otif_counts_lines_both_on_time_and_in_full(self):
        # Line 1 and line 4 qualify; the late line and the short line do not: 2 / 4.
        assert scoring.otif(self.sums) == scoring.KpiValue(D(50), 4)

    def test_defect_and_rejection_rates_over_received_quantity(self):
        # Σ received = 100 + 100 + 150 + 50 = 400; defective 3 → 0.75 %; rejected 1.5 → 0.375 %.
        assert scoring.defect_rate(self.sums).value == D("0.75")
        assert scoring.rejection_rate(self.sums).value == D("0.375")

    def test_zero_defects(self):
        clean = sums_from_lines([(10, 10, 0, 0, P, P, "1", "1")])
        assert scoring.defect_rate(clean).value == 0
        assert scoring.kpi_score(D(0), target=D("0.5"), floor=D(3), direction="lower") == 100

    def test_lead_time_variability_is_the_population_standard_deviation(self):
        # Delays 0, 1, 0, -2: mean -0.25, Σd² = 5, variance 5/4 - 0.0625 = 1.1875.
        value = scoring.lead_time_var(self.sums).value
        assert abs(float(value) - math.sqrt(1.1875)) < 1e-12
        assert abs(float(value) - statistics.pstdev([0, 1, 0, -2])) < 1e-12

    def test_cost_variance_against_the_agreed_price_on_priced_lines_only(self):
        # Paid 100*10.20 + 100*9.90 + 150*10 = 3510; agreed 100*10 + 100*10 + 150*10 = 3500.
        result = scoring.cost_variance(self.sums)
        assert result.n == 3
        assert result.value == D(10) * 100 / D(3500)

    def test_response_hours_is_the_median(self):
        assert scoring.response_hours([D(5), D(50), D(10)]).value == D(10)
        assert scoring.response_hours([D(5), D(50), D(10), D(30)]).value == D(20)
        assert scoring.response_hours([]) is None

    def test_one_day_late_line_alone(self):
        late = sums_from_lines([(10, 10, 0, 0, P, date(2026, 3, 11), "1", "1")])
        assert scoring.otif(late).value == 0
        assert scoring.lead_time_var(late).value == 0  # one line: no spread

    def test_partial_line_alone(self):
        short = sums_from_lines([(10, 9, 0, 0, P, P, "1", "1")])
        assert scoring.otif(short).value == 0


class TestScores:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (D(95), D(100)),
            (D(99), D(100)),
            (D(80), D(0)),
            (D(70), D(0)),
            (D(90), D(10) * 100 / D(15)),
            (D("87.5"), D(50)),
        ],
    )
    def test_higher_is_better(self, value, expected):
        assert scoring.kpi_score(value, target=D(95), floor=D(80), direction="higher") == expected

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (D("0.5"), D(100)),
            (D(0), D(100)),
            (D(3), D(0)),
            (D(4), D(0)),
            (D(1), D(80)),
        ],
    )
    def test_lower_is_better(self, value, expected):
        assert scoring.kpi_score(value, target=D("0.5"), floor=D(3), direction="lower") == expected

    def test_standing_thresholds(self):
        policy = Policy()
        assert [
            scoring.standing_for(D(s), policy) for s in ("85", "84.9", "70", "69.9", "50", "49.9")
        ] == ["A", "B", "B", "C", "C", "D"]
        assert scoring.standing_for(None, policy) is None
        assert scoring.standing_for(D(80), Policy(a_min=D(80), b_min=D(60), c_min=D(40))) == "A"


class TestMonth:
    def test_weighted_score_renormalises_over_kpis_with_data(self):
        """Only OTIF (90 → 66.67, weight 30) and defect rate (1 % → 80, weight 20) have data:
        (66.666… × 30 + 80 × 20) / 50 = 72.0."""
        sums = ReceiptSums(
            lines=10,
            on_time_in_full=9,
            received_qty=D(100),
            defective_qty=D(1),
            rejected_qty=D(0),
            delay_sum=D(0),
            delay_sq_sum=D(0),
            priced_lines=0,
            paid_value=D(0),
            agreed_value=D(0),
        )
        kpis = [k for k in DEFAULTS if k.code in ("otif", "defect_rate")]
        month = scoring.score_month(MonthInputs(receipts=sums), kpis, Policy())
        assert month.kpis["otif"].value == D(90)
        assert month.score == D("72.0")
        assert month.standing == "B"

    def test_full_default_month(self):
        """All six weighted KPIs with data, computed by hand:
        otif 50 % → 0; defect 0.75 % → 90; rejection 0.375 % → 100; lead-time sd 1.0897 → 100;
        cost variance 0.2857 % (stored to 4 places) → 94.286; response median 60 h → 90.
        (0×30 + 90×20 + 100×10 + 100×15 + 94.286×15 + 90×10) / 100 = 66.14 → 66.1, C."""
        inputs = MonthInputs(
            receipts=sums_from_lines(LINES), response_hours=(D(30), D(60), D(90)), improvements=5
        )
        month = scoring.score_month(inputs, DEFAULTS, Policy())
        scores = {code: round(float(k.score), 4) for code, k in month.kpis.items()}
        assert scores == {
            "otif": 0.0,
            "defect_rate": 90.0,
            "rejection_rate": 100.0,
            "lead_time_var": 100.0,
            "cost_variance": 94.286,  # scored from the stored value 0.2857
            "response_hours": 90.0,
            "improvements": 100.0,
        }
        expected = (
            0 * 30 + 90 * 20 + 100 * 10 + 100 * 15 + (5 - 0.2857) / 5 * 100 * 15 + 90 * 10
        ) / 100
        assert month.score == D(str(round(expected, 1))) == D("66.1")
        assert month.standing == "C"

    def test_a_month_with_no_receipts_has_no_score(self):
        month = scoring.score_month(MonthInputs(response_hours=(D(10),)), DEFAULTS, Policy())
        assert month.score is None and month.standing is None
        assert "response_hours" in month.kpis  # still reported

    def test_weight_zero_kpi_is_reported_not_weighted(self):
        sums = sums_from_lines([(10, 10, 0, 0, P, P, "1", "1")])
        with_ideas = scoring.score_month(
            MonthInputs(receipts=sums, improvements=0), DEFAULTS, Policy()
        )
        without = scoring.score_month(MonthInputs(receipts=sums), DEFAULTS, Policy())
        assert with_ideas.kpis["improvements"].score == 0
        assert with_ideas.score == without.score == D(100)

    def test_rescore_with_same_definitions_gives_back_the_stored_score(self):
        inputs = MonthInputs(receipts=sums_from_lines(LINES), response_hours=(D(30), D(61)))
        month = scoring.score_month(inputs, DEFAULTS, Policy())
        stored = {c: (D(str(k.as_dict()["value"])), k.n) for c, k in month.kpis.items()}
        again = scoring.rescore(stored, True, DEFAULTS, Policy())
        assert again.score == month.score and again.standing == month.standing

    def test_rescore_with_new_weights(self):
        stored = {"otif": (D(90), 10), "defect_rate": (D(1), 10)}
        only_otif = [
            k
            if k.code != "defect_rate"
            else KpiDef("defect_rate", "defect_rate", "lower", D("0.5"), D(3), D(0))
            for k in DEFAULTS
        ]
        assert scoring.rescore(stored, True, only_otif, Policy()).score == D("66.7")

    def test_rescore_stored_gives_what_rescore_gives_row_by_row(self):
        """The what-if's rescoring of many stored months at once (issue 17) is ``rescore``
        month by month: random stored values (as number or text, some missing, some
        months unscored), KPIs of weight 0, values on the thresholds."""
        import random

        rng = random.Random(17)
        definitions = [
            *DEFAULTS[:3],
            KpiDef("lead_time_var", "lead_time_var", "lower", D(2), D(10), D(0), "days"),
            *DEFAULTS[4:],
        ]
        policy = Policy(D("84.9"), D(70), D(50))
        codes = sorted(k.code for k in definitions)
        rows, documents = [], []
        for _ in range(400):
            values = [
                None
                if rng.random() < 0.2
                else rng.choice([95, 80, 0.5, 3, 2, 10, round(rng.uniform(-1, 120), 4)])
                for _ in codes
            ]
            values = [str(v) if v is not None and rng.random() < 0.5 else v for v in values]
            scored = rng.random() < 0.9
            rows.append((scored, values))
            documents.append(
                (
                    {
                        c: (D(str(v)), 1)
                        for c, v in zip(codes, values, strict=True)
                        if v is not None
                    },
                    scored,
                )
            )
        fast = scoring.rescore_stored(codes, rows, definitions, policy)
        slow = [
            scoring.rescore(stored, scored, definitions, policy) for stored, scored in documents
        ]
        assert fast == [(m.score, m.standing) for m in slow]
        assert {s for _, s in fast} >= {"A", "B", "C", "D", None}


class TestTrend:
    def test_recency_weights_and_missing_months(self):
        """At March: March (k=0, w=1) 80, February (k=1, w=11/12) missing,
        January (k=2, w=10/12) 60.
        (1×80 + 10/12×60) / (1 + 10/12) = 130 / 1.8333 = 70.909… → 70.9."""
        scores = {date(2026, 3, 1): D(80), date(2026, 2, 1): None, date(2026, 1, 1): D(60)}
        assert scoring.trend_score(scores, date(2026, 3, 1)) == D("70.9")

    def test_months_twelve_or_more_back_and_future_months_do_not_count(self):
        scores = {date(2026, 3, 1): D(50), date(2025, 3, 1): D(100), date(2026, 4, 1): D(0)}
        assert scoring.trend_score(scores, date(2026, 3, 1)) == D(50)

    def test_no_scores_no_trend(self):
        assert scoring.trend_score({date(2026, 3, 1): None}, date(2026, 3, 1)) is None


def test_stored_json_is_the_stored_dict_as_json():
    import json

    month = scoring.score_month(MonthInputs(receipts=sums_from_lines(LINES)), DEFAULTS, Policy())
    assert json.loads(scoring.kpis_json(month.kpis)) == {
        code: result.as_dict() for code, result in month.kpis.items()
    }
