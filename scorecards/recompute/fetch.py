"""What the scoring pass reads: the run's settings, the KPI sources of other apps, and
the receipts of each supplier cut into batches of plain ``batch.SupplierWork``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db import connection

from .. import batch, scoring, selectors
from ..models import RecomputeRun, Scorecard
from ..sources import SOURCES

WRITE_BATCH = 500  # suppliers per batch: scored (maybe in a worker process), then written


@dataclass
class SourceInputs:
    """KPI inputs from the registered sources, keyed by (supplier id, month)."""

    response: dict
    improvements: dict
    response_months: dict[int, set[date]]  # months in the range a supplier answered in


def run_settings(run: RecomputeRun, period_from: date, now) -> batch.Settings:
    definitions = selectors.kpi_definitions()
    policy = selectors.scoring_policy()
    return batch.Settings(
        tuple(definitions),
        policy,
        scoring.settings_key(definitions, policy),
        period_from,
        copy_tail=(
            batch.copy_tail(run.pk, now.isoformat()) if connection.vendor == "postgresql" else None
        ),
    )


def source_inputs(
    period_from: date, period_to: date, months: set[date], supplier_ids=None
) -> SourceInputs:
    extra = {code: source(period_from, period_to) for code, source in SOURCES.items()}
    if supplier_ids is not None:
        wanted = set(supplier_ids)
        extra = {
            code: {key: value for key, value in values.items() if key[0] in wanted}
            for code, values in extra.items()
        }
    response = extra.get("response_hours", {})
    response_months: dict[int, set[date]] = defaultdict(set)
    for supplier_id, period in response:
        if period in months:
            response_months[supplier_id].add(period)
    return SourceInputs(response, extra.get("improvements", {}), response_months)


def supplier_batches(
    period_from: date, period_to: date, inputs: SourceInputs, seen: set[int], supplier_ids=None
) -> Iterator[list[batch.SupplierWork]]:
    """Batches of ``WRITE_BATCH`` suppliers in supplier order (of ``supplier_ids`` only,
    when given); adds every supplier read to ``seen``. Memory holds a few batches, never
    the whole range."""
    history_from = selectors.add_months(period_from, -(scoring.TREND_WINDOW - 1))
    pending: dict[int, list] = {}
    for supplier_id, rows in _suppliers(period_from, period_to, inputs, seen, supplier_ids):
        pending[supplier_id] = rows
        if len(pending) >= WRITE_BATCH:
            yield _work(pending, inputs, history_from, period_to)
            pending = {}
    if pending:
        yield _work(pending, inputs, history_from, period_to)


def _suppliers(period_from, period_to, inputs: SourceInputs, seen: set[int], supplier_ids):
    """Receipt sums of each supplier from one grouped query, then the suppliers that
    only answered requests in the range."""
    for supplier_id, rows in selectors.receipt_sums_by_supplier(
        period_from, period_to, supplier_ids=supplier_ids
    ):
        seen.add(supplier_id)
        yield supplier_id, rows
    for supplier_id in sorted(inputs.response_months.keys() - seen):
        seen.add(supplier_id)
        yield supplier_id, []


def _work(pending: dict[int, list], inputs: SourceInputs, history_from, period_to):
    stored = stored_months(pending, history_from, period_to)
    response, improvements = inputs.response, inputs.improvements
    batch_work = []
    for supplier_id, rows in pending.items():
        answered = inputs.response_months.get(supplier_id, set())
        active = {row[0] for row in rows} | answered
        batch_work.append(
            batch.SupplierWork(
                supplier_id,
                rows,
                response_hours={p: tuple(response[(supplier_id, p)]) for p in answered},
                improvements={
                    p: improvements[(supplier_id, p)]
                    for p in active
                    if (supplier_id, p) in improvements
                },
                stored=stored.get(supplier_id, {}),
            )
        )
    return batch_work


def stored_months(supplier_ids, history_from: date, period_to: date) -> dict:
    """The stored months of these suppliers (no KPI JSON: a changed month is rewritten
    whole, an unchanged one kept)."""
    stored: dict[int, dict] = defaultdict(dict)
    for pk, supplier_id, period, score, standing, trend, fingerprint in Scorecard.objects.filter(
        supplier_id__in=supplier_ids, period__gte=history_from, period__lte=period_to
    ).values_list(
        "pk", "supplier_id", "period", "score", "standing", "trend_score", "inputs_fingerprint"
    ):
        stored[supplier_id][period] = batch.StoredMonth(pk, score, standing, trend, fingerprint)
    return stored
