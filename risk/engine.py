"""The risk engine (SPEC §6, §7, §8): pure functions over plain values and dataclasses.

No ORM here. Selectors aggregate in SQL and hand rows over; this module turns them
into dimension values, the composite score and level, Kraljic segments, review due
dates, continuity gap flags and the regional figures. Arithmetic is in ``Decimal``
so a score on a level edge (24.95 → 25.0 → medium) lands the same way everywhere.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

ONE = Decimal(1)
FOUR = Decimal(4)
HUNDRED = Decimal(100)
ZERO = Decimal(0)
ONE_DECIMAL = Decimal("0.1")
TWO_DECIMALS = Decimal("0.01")

# --- levels and segments ------------------------------------------------------------

LOW, MEDIUM, HIGH, CRITICAL = "low", "medium", "high", "critical"
# Upper bounds (exclusive) of each level on the 0-100 composite; critical is the rest.
LEVEL_BOUNDS = ((Decimal(25), LOW), (Decimal(50), MEDIUM), (Decimal(75), HIGH))
HIGH_SUPPLY_RISK = Decimal(50)
PROFIT_IMPACT_CUT = Decimal("0.8")

STRATEGIC, LEVERAGE, BOTTLENECK, NON_CRITICAL = (
    "strategic",
    "leverage",
    "bottleneck",
    "non_critical",
)

# Review cadence in months by level (SPEC §7): critical monthly, high quarterly, others yearly.
REVIEW_MONTHS = {CRITICAL: 1, HIGH: 3, MEDIUM: 12, LOW: 12, None: 12}

STANDING_VALUES = {"A": ONE, "B": Decimal(2), "C": Decimal(4), "D": Decimal(5)}


def _round(value: Decimal, places: Decimal = ONE_DECIMAL) -> Decimal:
    return value.quantize(places, rounding=ROUND_HALF_UP)


def weighted_mean(values: Mapping[str, Decimal | None], weights: Mapping[str, Decimal]):
    """Weighted mean of the dimensions that have a value; the weights of the others are
    left out (renormalised). ``None`` when no dimension with a positive weight has a value."""
    total_weight = ZERO
    total = ZERO
    for code, value in values.items():
        weight = weights.get(code, ZERO)
        if value is None or weight <= 0:
            continue
        total += Decimal(value) * weight
        total_weight += weight
    if total_weight == 0:
        return None
    return total / total_weight


def composite_score(values: Mapping[str, Decimal | None], weights: Mapping[str, Decimal]):
    """Composite risk score 0-100: the weighted mean of the dimension values (1-5)
    mapped as (mean − 1) / 4 × 100, rounded half-up to 0.1. ``None`` without data."""
    mean = weighted_mean(values, weights)
    if mean is None:
        return None
    return _round((mean - ONE) / FOUR * HUNDRED)


def risk_level(composite: Decimal | None) -> str | None:
    """low < 25 ≤ medium < 50 ≤ high < 75 ≤ critical, on the rounded composite."""
    if composite is None:
        return None
    for bound, level in LEVEL_BOUNDS:
        if composite < bound:
            return level
    return CRITICAL


# --- derived dimensions -----------------------------------------------------------------


def single_source_share(
    supplier_id: int,
    categories: Iterable[int],
    approved_by_category: Mapping[int, set[int]],
) -> Decimal | None:
    """Share (0-1) of the supplier's categories in which it is the only approved source.

    A supplier that is not approved itself is never the only approved source. A
    supplier without categories has no share (``None``), not 0.
    """
    categories = set(categories)
    if not categories:
        return None
    only = sum(1 for c in categories if approved_by_category.get(c, set()) == {supplier_id})
    return Decimal(only) / Decimal(len(categories))


def single_source_value(share: Decimal | None) -> Decimal | None:
    """Single-source dependency 1-5, linear: share 0 → 1, 100 % → 5; 2 decimals."""
    if share is None:
        return None
    return _round(ONE + FOUR * share, TWO_DECIMALS)


def performance_value(standing: str | None) -> Decimal | None:
    """Performance from the latest standing: A 1, B 2, C 4, D 5; no standing, no value."""
    return STANDING_VALUES.get(standing) if standing else None


# Credit ratings (S&P/Fitch letters, Moody's letters with digits, or an internal 1-5).
_SP_FITCH = re.compile(r"^(AAA|AA|A|BBB|BB|B|CCC|CC|C|RD|SD|D)[+-]?$")
_MOODYS = re.compile(r"^(AAA|AA|A|BAA|BA|B|CAA|CA|C)[123]?$")
_RATING_VALUES = {
    "AAA": 1,
    "AA": 1,
    "A": 2,
    "BBB": 3,
    "BAA": 3,
    "BB": 4,
    "BA": 4,
}


def credit_rating_value(rating: str) -> int:
    """Financial health 1-5 from a credit rating: AAA/AA (Aaa/Aa) 1, A 2, BBB (Baa) 3,
    BB (Ba) 4, B and below 5. A bare digit 1-5 is taken as an internal rating.

    Raises ``ValueError`` naming the accepted forms.
    """
    text = str(rating).strip().upper()
    if text in {"1", "2", "3", "4", "5"}:
        return int(text)
    match = _SP_FITCH.match(text) or _MOODYS.match(text)
    if not match:
        raise ValueError(
            f"'{rating}' is not a credit rating (AAA … D, Aaa … C, or an internal 1-5)"
        )
    return _RATING_VALUES.get(match.group(1), 5)


# --- Kraljic ------------------------------------------------------------------------


def high_profit_impact(spend: Mapping[int, Decimal], cut: Decimal = PROFIT_IMPACT_CUT) -> set:
    """The suppliers that together make ``cut`` (80 %) of the spend, largest first.

    A supplier is in when the spend of everyone larger than it is still below the cut.
    Ties: suppliers with equal spend stand or fall together, so the result never
    depends on the order of equals; a tie group that straddles the cut is all in.
    Suppliers without spend are never in; with no spend at all nobody is.
    """
    positive = {k: Decimal(v) for k, v in spend.items() if v and v > 0}
    total = sum(positive.values(), ZERO)
    if total == 0:
        return set()
    threshold = total * cut
    groups: dict[Decimal, list] = {}
    for key, value in positive.items():
        groups.setdefault(value, []).append(key)
    chosen: set = set()
    cumulative = ZERO
    for value in sorted(groups, reverse=True):
        if cumulative >= threshold:
            break
        members = groups[value]
        chosen.update(members)
        cumulative += value * len(members)
    return chosen


def spend_share(value: Decimal, total: Decimal) -> Decimal:
    """The supplier's share of the total spend, in percent (4 decimals); 0 when no spend."""
    if not total:
        return ZERO
    return (Decimal(value) / Decimal(total) * HUNDRED).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def kraljic_segment(high_impact: bool, composite: Decimal | None) -> str | None:
    """Strategic (high impact, high risk), leverage (high impact, low risk), bottleneck
    (low impact, high risk), non-critical (low, low). High supply risk: composite ≥ 50.
    Without a composite the risk axis is unknown: no segment."""
    if composite is None:
        return None
    high_risk = composite >= HIGH_SUPPLY_RISK
    if high_impact:
        return STRATEGIC if high_risk else LEVERAGE
    return BOTTLENECK if high_risk else NON_CRITICAL


# --- review cadence -----------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_due(last_reviewed: date | None, level: str | None) -> date | None:
    """When the next review is due: the last manual assessment plus the level's cadence
    (critical 1 month, high 3 months, otherwise 12). Never reviewed: ``None`` (overdue)."""
    if last_reviewed is None:
        return None
    return add_months(last_reviewed, REVIEW_MONTHS.get(level, 12))


def review_overdue(due: date | None, today: date) -> bool:
    """Overdue when the due date has passed, or when the supplier was never reviewed."""
    return due is None or due < today


# --- continuity gaps ----------------------------------------------------------------

EXERCISE_WINDOW_DAYS = 90

GAP_NO_PLAN = "no_plan"
GAP_SINGLE_SOURCE = "single_source_no_alternate"
GAP_NOT_EXERCISED = "not_exercised"
GAP_RTO_BEYOND_SLA = "rto_beyond_sla"
GAP_LABELS = {
    GAP_NO_PLAN: "Critical item without a continuity plan",
    GAP_SINGLE_SOURCE: "Single-source item without an alternate",
    GAP_NOT_EXERCISED: f"Plan not exercised in the last {EXERCISE_WINDOW_DAYS} days",
    GAP_RTO_BEYOND_SLA: "Recovery time objective longer than the contract's SLA allows",
}


@dataclass(frozen=True)
class PlanFacts:
    """What the gap flags look at for one plan (aggregated by the selector)."""

    source_count: int  # distinct suppliers of the item
    alternate_count: int
    last_exercised: date | None
    rto_hours: Decimal | int
    sla_recovery_hours: Decimal | None  # the contract's recovery_hours target in force


@dataclass(frozen=True)
class Gap:
    code: str
    detail: str

    @property
    def label(self) -> str:
        return GAP_LABELS[self.code]


def plan_gaps(facts: PlanFacts, today: date) -> list[Gap]:
    """The gap flags of one plan (SPEC §6):

    * single-source item (at most one supplier) and no alternate source named;
    * no exercise in the last 90 days (an exercise exactly 90 days ago still counts);
    * a recovery time objective longer than the SLA's maximum recovery hours.
    """
    gaps = []
    if facts.source_count <= 1 and facts.alternate_count == 0:
        gaps.append(Gap(GAP_SINGLE_SOURCE, "one source and no alternate named"))
    if facts.last_exercised is None:
        gaps.append(Gap(GAP_NOT_EXERCISED, "never exercised"))
    elif facts.last_exercised < today - timedelta(days=EXERCISE_WINDOW_DAYS):
        days = (today - facts.last_exercised).days
        gaps.append(Gap(GAP_NOT_EXERCISED, f"last exercised {facts.last_exercised}, {days} days"))
    if facts.sla_recovery_hours is not None and Decimal(facts.rto_hours) > Decimal(
        facts.sla_recovery_hours
    ):
        sla = Decimal(facts.sla_recovery_hours).normalize()
        gaps.append(Gap(GAP_RTO_BEYOND_SLA, f"RTO {facts.rto_hours} h > SLA {sla:f} h"))
    return gaps


# --- regional view (SPEC §8) --------------------------------------------------------

_QUARTER = re.compile(r"^([0-9]{4})\s*-?\s*Q([1-4])$", re.IGNORECASE)
MIN_YEAR, MAX_YEAR = 1900, 2999
MAX_QUARTERS = 40


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        match = _QUARTER.match(str(text).strip())
        if not match:
            raise ValueError(f"'{text}' is not a quarter like 2026Q1")
        year = int(match.group(1))
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError(f"'{text}': the year must be between {MIN_YEAR} and {MAX_YEAR}")
        return cls(year, int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def index(self) -> int:
        return self.year * 4 + self.number - 1

    @classmethod
    def from_index(cls, index: int) -> Quarter:
        return cls(index // 4, index % 4 + 1)

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        month = 3 * self.number
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"


@dataclass(frozen=True)
class QuarterSpan:
    first: Quarter
    last: Quarter

    def __post_init__(self):
        if self.last.index < self.first.index:
            raise ValueError(f"{self.last} is before {self.first}")
        if self.quarters > MAX_QUARTERS:
            raise ValueError(f"at most {MAX_QUARTERS} quarters at a time")

    @property
    def quarters(self) -> int:
        return self.last.index - self.first.index + 1

    @property
    def start(self) -> date:
        return self.first.first_day

    @property
    def end(self) -> date:
        return self.last.last_day

    @classmethod
    def default(cls, today: date) -> QuarterSpan:
        """The four whole quarters before the current one."""
        last = Quarter.from_index(Quarter.of(today).index - 1)
        return cls(Quarter.from_index(last.index - 3), last)


@dataclass(frozen=True)
class RegionInputs:
    """One region's sums over a span, aggregated in SQL."""

    training_hours: Decimal = ZERO
    forecast_abs_error: Decimal = ZERO  # Σ |forecast − actual| over records with an actual
    forecast_actual: Decimal = ZERO  # Σ actual over the same records
    incidents: int = 0
    checks: int = 0
    checks_passed: int = 0


@dataclass(frozen=True)
class RegionFigures:
    training_hours_per_quarter: Decimal
    forecast_accuracy: Decimal | None
    disruptions_per_quarter: Decimal
    regulatory_alignment: Decimal | None


def training_hours_per_quarter(hours: Decimal, quarters: int) -> Decimal:
    """Σ hours / quarters, 2 decimals (0 when nothing was recorded)."""
    return _round(Decimal(hours) / quarters, TWO_DECIMALS)


def forecast_accuracy(abs_error: Decimal, actual: Decimal) -> Decimal | None:
    """(1 − Σ|forecast − actual| / Σ actual) × 100, 1 decimal, floored at 0 (an error
    larger than the volume is no accuracy, not a negative one). ``None`` without actuals."""
    if not actual:
        return None
    return max(ZERO, _round((ONE - Decimal(abs_error) / Decimal(actual)) * HUNDRED))


def disruptions_per_quarter(incidents: int, quarters: int) -> Decimal:
    """Disruption incidents / quarters, 2 decimals."""
    return _round(Decimal(incidents) / quarters, TWO_DECIMALS)


def regulatory_alignment(passed: int, checks: int) -> Decimal | None:
    """Checks passed / checks × 100, 1 decimal; ``None`` when there were no checks."""
    if not checks:
        return None
    return _round(Decimal(passed) / Decimal(checks) * HUNDRED)


def region_figures(inputs: RegionInputs, quarters: int) -> RegionFigures:
    return RegionFigures(
        training_hours_per_quarter=training_hours_per_quarter(inputs.training_hours, quarters),
        forecast_accuracy=forecast_accuracy(inputs.forecast_abs_error, inputs.forecast_actual),
        disruptions_per_quarter=disruptions_per_quarter(inputs.incidents, quarters),
        regulatory_alignment=regulatory_alignment(inputs.checks_passed, inputs.checks),
    )
