"""Scoring a batch of suppliers against what is stored: pure, so it can run in worker
processes while the recompute reads the next batch from the database.

No Django here (a worker process imports this module without setting Django up). The
recompute hands over each supplier's monthly inputs and its stored months (fingerprint,
score, trend), and gets back only what must be written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from . import scoring


@dataclass(frozen=True)
class StoredMonth:
    pk: int
    score: Decimal | None
    standing: str | None
    trend: Decimal | None
    fingerprint: str


@dataclass(frozen=True)
class SupplierWork:
    supplier_id: int
    # The aggregation's rows, one per month with receipts (``scoring.receipt_sums``).
    receipt_rows: list[tuple]
    # Hours to first answer of the requests sent in a month; ideas accepted (12 months).
    response_hours: dict[date, tuple]
    improvements: dict[date, int]
    # Stored months from a year before the range (trend history) to its end.
    stored: dict[date, StoredMonth]

    def inputs(self) -> dict[date, scoring.MonthInputs]:
        """Every month with activity: receipts, or requests answered that month."""
        receipts = {row[0]: scoring.receipt_sums(row) for row in self.receipt_rows}
        return {
            period: scoring.MonthInputs(
                receipts=receipts.get(period),
                response_hours=self.response_hours.get(period, ()),
                improvements=self.improvements.get(period),
            )
            for period in sorted(receipts.keys() | self.response_hours.keys())
        }


@dataclass(frozen=True)
class Settings:
    definitions: tuple[scoring.KpiDef, ...]
    policy: scoring.Policy
    key: str
    period_from: date
    # Set (PostgreSQL): the rows to write come back as the text of a COPY into the
    # scorecard table, each line ending with this tail (the columns every row shares),
    # which costs a worker process and the writer far less than pickled tuples.
    copy_tail: str | None = None


# The scorecard columns a COPY of ``BatchResult.copy_text`` fills, in order.
COPY_COLUMNS = (
    "supplier_id",
    "period",
    "score",
    "standing",
    "trend_score",
    "kpis",
    "inputs_fingerprint",
    "published",
    "run_id",
    "created_at",
    "updated_at",
)
COPY_NULL = "\\N"


def copy_tail(run_id: int, at: str) -> str:
    """The end of every line a run writes: published, run_id, created_at, updated_at
    (the last four of ``COPY_COLUMNS``)."""
    return f"\tt\t{run_id}\t{at}\t{at}\n"


def copy_line(row: tuple, tail: str) -> str:
    """One upsert row as a line of COPY's text format. The values are numbers, a date,
    a standing letter, the engine's JSON and a hex digest: no tab, newline or backslash
    to escape in any of them."""
    supplier_id, period, score, standing, trend, kpis, fingerprint = row
    return (
        f"{supplier_id}\t{period.isoformat()}\t{COPY_NULL if score is None else score}\t"
        f"{standing or COPY_NULL}\t{COPY_NULL if trend is None else trend}\t{kpis}\t"
        f"{fingerprint}{tail}"
    )


@dataclass
class BatchResult:
    # (supplier_id, period, score, standing, trend, kpis JSON, fingerprint), or with
    # ``Settings.copy_tail`` the same rows as COPY text in ``copy_text``.
    upserts: list[tuple] = field(default_factory=list)
    copy_text: str = ""
    trends: list[tuple] = field(default_factory=list)  # (pk, trend)
    stale: list[int] = field(default_factory=list)  # pks of months that lost their data
    counts: dict = field(
        default_factory=lambda: {
            "supplier_months": 0,
            "created": 0,
            "updated": 0,
            "unchanged": 0,
            "scored": 0,
        }
    )

    @property
    def all_new(self) -> bool:
        """Nothing of this batch is stored yet: rows can be appended without upserting."""
        return self.counts["updated"] == 0 and not self.stale


def ready() -> bool:
    """A no-op a new worker process runs first: importing this module is its start-up."""
    return True


def score_suppliers(work: list[SupplierWork], settings: Settings) -> BatchResult:
    """Score the months whose inputs or settings changed, recompute every month's trend,
    and say what to insert, update, re-trend or delete."""
    result = BatchResult()
    counts = result.counts
    lines: list[str] = []
    tail = settings.copy_tail
    for supplier in work:
        scores = {p: m.score for p, m in supplier.stored.items()}
        current = {}
        for period, inputs in supplier.inputs().items():
            fingerprint = scoring.inputs_fingerprint(inputs, settings.key)
            old = supplier.stored.get(period)
            if old is not None and old.fingerprint == fingerprint:
                current[period] = (fingerprint, old.score, old.standing, None)
                continue
            month = scoring.score_month(inputs, settings.definitions, settings.policy)
            counts["scored"] += 1
            current[period] = (
                fingerprint,
                month.score,
                month.standing,
                scoring.kpis_json(month.kpis),
            )
            scores[period] = month.score
        for period, old in supplier.stored.items():
            if period >= settings.period_from and period not in current:
                scores.pop(period, None)
                result.stale.append(old.pk)
        trends = scoring.trend_scores(scores, current)
        for period, (fingerprint, score, standing, kpis) in current.items():
            counts["supplier_months"] += 1
            old = supplier.stored.get(period)
            trend = trends[period]
            if kpis is not None:
                counts["updated" if old else "created"] += 1
                row = (supplier.supplier_id, period, score, standing, trend, kpis, fingerprint)
                if tail is None:
                    result.upserts.append(row)
                else:
                    lines.append(copy_line(row, tail))
            elif old.trend != trend:
                counts["updated"] += 1
                result.trends.append((old.pk, trend))
            else:
                counts["unchanged"] += 1
    result.copy_text = "".join(lines)
    return result
