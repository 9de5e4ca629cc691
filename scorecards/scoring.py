"""The scoring engine (SPEC §5): pure functions over plain dataclasses.

No ORM here. Selectors aggregate receipts in SQL (one grouped pass) and hand the
sums over as ``ReceiptSums``; this module turns them into KPI values, KPI scores,
the weighted supplier score, the standing and the trend score. Arithmetic is in
``Decimal`` so a score on a threshold (84.95 → 85.0 → A) lands the same way on
every machine.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

HUNDRED = Decimal(100)
ZERO = Decimal(0)
ONE_DECIMAL = Decimal("0.1")
VALUE_PLACES = Decimal("0.0001")
TREND_WINDOW = 12

HIGHER = "higher"
LOWER = "lower"


class ReceiptSums(NamedTuple):
    """One supplier's receipts in one month, summed in SQL.

    ``delay`` is received_date − promised_date in days; ``priced_*`` cover the lines
    that have an agreed price (their own column, else the contract price in force on
    the order date).
    """

    lines: int
    on_time_in_full: int
    received_qty: Decimal
    defective_qty: Decimal
    rejected_qty: Decimal
    delay_sum: Decimal
    delay_sq_sum: Decimal
    priced_lines: int
    paid_value: Decimal
    agreed_value: Decimal


def _number(value) -> Decimal:
    if value is None:
        return ZERO
    return value if isinstance(value, Decimal) else Decimal(value)


def receipt_sums(row: tuple) -> ReceiptSums:
    """A month's sums as the aggregation returns them, after the month: counts as
    integers, the other sums as decimal text (or numbers, or ``None``)."""
    _month, lines, otif, received, defective, rejected, delay, delay_sq, priced, paid, agreed = row
    return ReceiptSums(
        int(lines),
        int(otif or 0),
        _number(received),
        _number(defective),
        _number(rejected),
        _number(delay),
        _number(delay_sq),
        int(priced or 0),
        _number(paid),
        _number(agreed),
    )


class MonthInputs(NamedTuple):
    receipts: ReceiptSums | None = None
    response_hours: tuple[Decimal, ...] = ()
    improvements: int | None = None


@dataclass(frozen=True)
class KpiDef:
    code: str
    formula: str
    direction: str
    target: Decimal
    floor: Decimal
    weight: Decimal
    unit: str = ""
    # The target in force, stored with every value so history keeps the target it was
    # measured against (floor, weight and unit are read from the definitions).
    stored_target: float = field(init=False, repr=False, compare=False)
    # The constant parts of this KPI's stored JSON (see ``KpiResult.as_json``).
    json_head: str = field(init=False, repr=False, compare=False)
    json_tail: str = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "stored_target", float(self.target))
        object.__setattr__(self, "json_head", f'"{self.code}": {{"value": ')
        object.__setattr__(self, "json_tail", f', "target": {self.stored_target!r}}}')


@dataclass(frozen=True)
class Policy:
    a_min: Decimal = Decimal(85)
    b_min: Decimal = Decimal(70)
    c_min: Decimal = Decimal(50)


class KpiValue(NamedTuple):
    value: Decimal
    n: int


class KpiResult(NamedTuple):
    kpi: KpiDef
    value: Decimal
    score: Decimal
    n: int

    @property
    def code(self) -> str:
        return self.kpi.code

    @property
    def weight(self) -> Decimal:
        return self.kpi.weight

    def as_dict(self) -> dict:
        """The stored form: value to 4 places, score to 0.1, records behind it, target."""
        return {
            "value": float(self.value),
            "score": float(round_score(self.score)),
            "n": self.n,
            "target": self.kpi.stored_target,
        }

    def as_json(self) -> str:
        """``as_dict`` as JSON text, written directly: the nightly run stores 100,000s of
        them. KPI codes are slugs, so they need no escaping."""
        return (
            f"{self.kpi.json_head}{float(self.value)!r}, "
            f'"score": {float(round_score(self.score))!r}, "n": {self.n}{self.kpi.json_tail}'
        )


def kpis_json(kpis: Mapping[str, KpiResult]) -> str:
    """The stored KPI object of a month, keys sorted."""
    return "{" + ", ".join(kpis[code].as_json() for code in sorted(kpis)) + "}"


class MonthScore(NamedTuple):
    score: Decimal | None
    standing: str | None
    kpis: dict[str, KpiResult]


# --- KPI formulas -------------------------------------------------------------------------


def otif(sums: ReceiptSums) -> KpiValue | None:
    """On time in full, %: lines received on or before the promised date AND with
    received ≥ ordered quantity, over all lines, × 100."""
    if sums.lines == 0:
        return None
    return KpiValue(Decimal(sums.on_time_in_full) * HUNDRED / sums.lines, sums.lines)


def defect_rate(sums: ReceiptSums) -> KpiValue | None:
    """Defect rate, %: Σ defective_qty / Σ received_qty × 100."""
    if sums.received_qty <= 0:
        return None
    return KpiValue(sums.defective_qty * HUNDRED / sums.received_qty, sums.lines)


def rejection_rate(sums: ReceiptSums) -> KpiValue | None:
    """Rejection rate, %: Σ rejected_qty / Σ received_qty × 100."""
    if sums.received_qty <= 0:
        return None
    return KpiValue(sums.rejected_qty * HUNDRED / sums.received_qty, sums.lines)


def lead_time_var(sums: ReceiptSums) -> KpiValue | None:
    """Lead-time variability, days: the population standard deviation of
    (received_date − promised_date), from Σd and Σd² (Var = Σd²/n − (Σd/n)²)."""
    if sums.lines == 0:
        return None
    n = Decimal(sums.lines)
    mean = sums.delay_sum / n
    variance = sums.delay_sq_sum / n - mean * mean
    return KpiValue(max(variance, ZERO).sqrt(), sums.lines)


def cost_variance(sums: ReceiptSums) -> KpiValue | None:
    """Cost variance, %: (Σ qty × unit_price − Σ qty × agreed_price) / Σ qty × agreed_price × 100,
    over the lines that have an agreed price."""
    if sums.priced_lines == 0 or sums.agreed_value <= 0:
        return None
    return KpiValue(
        (sums.paid_value - sums.agreed_value) * HUNDRED / sums.agreed_value, sums.priced_lines
    )


def response_hours(hours: Iterable[Decimal]) -> KpiValue | None:
    """Response time, hours: the median hours from a request to its first answer."""
    ordered = sorted(hours)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        median = ordered[middle]
    else:
        median = (ordered[middle - 1] + ordered[middle]) / 2
    return KpiValue(Decimal(median), len(ordered))


def improvements(count: int | None) -> KpiValue | None:
    """Supplier-led improvements: ideas accepted in the trailing 12 months."""
    if count is None:
        return None
    return KpiValue(Decimal(count), count)


RECEIPT_FORMULAS = {
    "otif": otif,
    "defect_rate": defect_rate,
    "rejection_rate": rejection_rate,
    "lead_time_var": lead_time_var,
    "cost_variance": cost_variance,
}


def kpi_value(formula: str, inputs: MonthInputs) -> KpiValue | None:
    """The value of one KPI for one supplier-month, or None when there is no data."""
    if formula == "response_hours":
        return response_hours(inputs.response_hours)
    if formula == "improvements":
        return improvements(inputs.improvements)
    if inputs.receipts is None:
        return None
    return RECEIPT_FORMULAS[formula](inputs.receipts)


# --- scores ---------------------------------------------------------------------------------


def kpi_score(value: Decimal, *, target: Decimal, floor: Decimal, direction: str) -> Decimal:
    """100 at or better than target, 0 at or worse than floor, linear in between."""
    if direction == HIGHER:
        if value >= target:
            return HUNDRED
        if value <= floor:
            return ZERO
        return (value - floor) * HUNDRED / (target - floor)
    if value <= target:
        return HUNDRED
    if value >= floor:
        return ZERO
    return (floor - value) * HUNDRED / (floor - target)


def standing_for(score: Decimal | None, policy: Policy) -> str | None:
    """A ≥ a_min, B ≥ b_min, C ≥ c_min, else D; no score, no standing."""
    if score is None:
        return None
    if score >= policy.a_min:
        return "A"
    if score >= policy.b_min:
        return "B"
    if score >= policy.c_min:
        return "C"
    return "D"


def round_score(value: Decimal) -> Decimal:
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def weighted_score(results: Iterable[KpiResult]) -> Decimal | None:
    """Weighted mean of the KPI scores that have data, weights renormalised over them;
    KPIs of weight 0 are reported but not weighted. Rounded to 0.1."""
    total = total_weight = ZERO
    for result in results:
        weight = result.kpi.weight
        if weight > 0:
            total += result.score * weight
            total_weight += weight
    if total_weight == 0:
        return None
    return round_score(total / total_weight)


def score_kpis(
    values: Mapping[str, KpiValue], definitions: Iterable[KpiDef]
) -> dict[str, KpiResult]:
    """Score each KPI that has a value (scores unrounded; the supplier score rounds once)."""
    results = {}
    for kpi in definitions:
        found = values.get(kpi.code)
        if found is not None:
            results[kpi.code] = _score_kpi(kpi, found)
    return results


def _score_kpi(kpi: KpiDef, found: KpiValue) -> KpiResult:
    # Scored from the value as stored (4 places), so rescoring stored values under the
    # same definitions gives back exactly the stored score (``stored_kpi_score``).
    value = found.value.quantize(VALUE_PLACES, rounding=ROUND_HALF_UP)
    score = kpi_score(value, target=kpi.target, floor=kpi.floor, direction=kpi.direction)
    return KpiResult(kpi, value, score, found.n)


def stored_kpi_score(kpi: KpiDef, value: Decimal) -> Decimal:
    """A KPI's score (unrounded) from a stored value: ``_score_kpi``'s rounding to the
    stored 4 places, then ``kpi_score`` (the same two steps, without the result tuple)."""
    value = value.quantize(VALUE_PLACES, rounding=ROUND_HALF_UP)
    return kpi_score(value, target=kpi.target, floor=kpi.floor, direction=kpi.direction)


def score_month(inputs: MonthInputs, definitions: Iterable[KpiDef], policy: Policy) -> MonthScore:
    """A supplier's scorecard for one month.

    A month with no receipts has no score (not zero), even if other KPIs have data;
    their values are still reported.
    """
    kpis = {}
    for kpi in definitions:
        found = kpi_value(kpi.formula, inputs)
        if found is not None:
            kpis[kpi.code] = _score_kpi(kpi, found)
    has_receipts = inputs.receipts is not None and inputs.receipts.lines > 0
    score = weighted_score(kpis.values()) if has_receipts else None
    return MonthScore(score=score, standing=standing_for(score, policy), kpis=kpis)


def rescore(
    stored_values: Mapping[str, tuple[Decimal, int]],
    scored: bool,
    definitions: Iterable[KpiDef],
    policy: Policy,
) -> MonthScore:
    """Score stored KPI values again under other definitions or thresholds (what-if):
    the values do not depend on targets, floors or weights, only the scores do."""
    values = {code: KpiValue(value, n) for code, (value, n) in stored_values.items()}
    kpis = score_kpis(values, list(definitions))
    score = weighted_score(kpis.values()) if scored else None
    return MonthScore(score=score, standing=standing_for(score, policy), kpis=kpis)


def rescore_stored(
    codes: Sequence[str],
    rows: Iterable[tuple[bool, Sequence]],
    definitions: Iterable[KpiDef],
    policy: Policy,
) -> list[tuple[Decimal | None, str | None]]:
    """``rescore`` over many stored months at once (the what-if over every supplier and
    month in reach), exactly what ``rescore`` gives for each.

    ``rows`` are ``(scored, values)`` pairs, ``values`` the stored KPI values in the order
    of ``codes`` (``None``: no value that month) as the database returns them (decimal
    text or number); the answer is each row's ``(score, standing)``. The same formulas,
    evaluated once per distinct stored value of a KPI rather than once per
    supplier-month (KPI values repeat: ratios of small counts), and only for the KPIs
    that weigh in the score."""
    position = {code: i for i, code in enumerate(codes)}
    weighted = [
        (position[kpi.code], kpi, kpi.weight, {})
        for kpi in definitions
        if kpi.weight > 0 and kpi.code in position
    ]
    answers = []
    append = answers.append
    for scored, values in rows:
        if not scored:
            append((None, None))
            continue
        total = total_weight = ZERO
        for i, kpi, weight, memo in weighted:
            raw = values[i]
            if raw is None:
                continue
            part = memo.get(raw)
            if part is None:
                part = memo[raw] = stored_kpi_score(kpi, Decimal(str(raw))) * weight
            total += part
            total_weight += weight
        if total_weight:
            score = round_score(total / total_weight)
            append((score, standing_for(score, policy)))
        else:
            append((None, None))
    return answers


# --- trend ----------------------------------------------------------------------------------


def month_index(period: date) -> int:
    return period.year * 12 + period.month - 1


def trend_score(scores: Mapping[date, Decimal | None], period: date) -> Decimal | None:
    """12-month recency-weighted score at ``period``: a month k months back weighs
    max(0, (12 − k) / 12); months without a score are left out of both sums."""
    return trend_scores(scores, [period])[period]


def trend_scores(scores: Mapping[date, Decimal | None], periods: Iterable[date]) -> dict:
    """``trend_score`` for several months of one supplier, reading each month once.

    The weights (12 − k) / 12 share the denominator 12, which cancels: the trend is
    Σ (12 − k) × score / Σ (12 − k) in whole numbers, exact in Decimal."""
    by_index = {month_index(p): s for p, s in scores.items() if s is not None}
    trends = {}
    for period in periods:
        here = month_index(period)
        numerator = denominator = 0
        for k in range(TREND_WINDOW):
            score = by_index.get(here - k)
            if score is not None:
                numerator += (TREND_WINDOW - k) * score
                denominator += TREND_WINDOW - k
        trends[period] = round_score(numerator / Decimal(denominator)) if denominator else None
    return trends


def inputs_fingerprint(inputs: MonthInputs, settings_key: str) -> str:
    """A digest of everything a month's score depends on: its inputs and the scoring
    settings. An unchanged digest means an unchanged score, so the recompute skips it."""
    parts = (settings_key, inputs.receipts, sorted(inputs.response_hours), inputs.improvements)
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def settings_key(definitions: Iterable[KpiDef], policy: Policy) -> str:
    """A digest of the scoring settings (KPI definitions and thresholds)."""
    parts = (
        tuple(
            (k.code, k.formula, k.direction, str(k.target), str(k.floor), str(k.weight))
            for k in definitions
        ),
        (str(policy.a_min), str(policy.b_min), str(policy.c_min)),
    )
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
