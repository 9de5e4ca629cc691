"""The scoring pass of a run: fetch each batch of suppliers, score it in the pure
``batch.score_suppliers`` (in the worker pool when the run is large), write what changed."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from suppliers.models import Supplier

from .. import selectors
from ..models import RecomputeRun
from . import fetch, writes
from .pool import ScoringPool


def recompute_scorecards(
    run: RecomputeRun, period_from: date, period_to: date, *, supplier_ids=None
) -> dict:
    """Score every supplier-month with activity in the range and write what changed.

    Receipts stream in supplier order from one grouped query and are cut into batches of
    ``fetch.WRITE_BATCH`` suppliers. Each batch is scored by the pure
    ``batch.score_suppliers`` (in worker processes when the run is large enough to be
    worth it, while this process reads the next batch), and only its differences are
    written. A month whose inputs and settings fingerprint matches the stored one is not
    scored again; only its trend may move. Memory holds a few batches, never the whole
    range. ``supplier_ids`` (a targeted run) limits every read, write and deletion to
    those suppliers.
    """
    now = timezone.now()
    settings_ = fetch.run_settings(run, period_from, now)
    months = set(selectors.months_between(period_from, period_to))
    inputs = fetch.source_inputs(period_from, period_to, months, supplier_ids)
    seen: set[int] = set()
    counts = {
        "supplier_months": 0,
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "deleted": 0,
        "scored": 0,
    }
    # At most every supplier in every month of the range: a run that may be big starts
    # its scoring workers now, so they are up when the first receipts arrive.
    suppliers = Supplier.objects.count() if supplier_ids is None else len(supplier_ids)
    with ScoringPool(len(months) * suppliers) as pool:
        batches = fetch.supplier_batches(period_from, period_to, inputs, seen, supplier_ids)
        for result in pool.map(batches, settings_):
            writes.write_batch(result, run=run, now=now)
            for key, value in result.counts.items():
                counts[key] += value
            counts["deleted"] += len(result.stale)
    # Suppliers with stored months in the range but no activity any more.
    counts["deleted"] += writes.delete_inactive(
        period_from, period_to, active=seen, supplier_ids=supplier_ids
    )
    return counts
