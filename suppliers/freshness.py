"""Fresh numbers after new data (issue 18 §10): a write that changes what the scores are
computed from names the supplier-months it touched, and those are recomputed within a
minute instead of at the nightly run.

suppliers sits below scorecards, so it only declares the hooks; scorecards fills them in
its ``AppConfig.ready`` (``register_stale_hook``: queue a targeted recompute on commit;
``register_freshness_annotation``: when a supplier's scores were last recomputed). Without
a registered hook a write changes nothing more than it did before: the nightly run
recomputes.

Call ``scores_stale`` from the write, inside its transaction (an import of receipts, a
receipt pushed through the API, a contract price applied); ``receipt_months`` turns a
queryset of receipts into the pairs it touches.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import TruncMonth

Pair = tuple[int, date]  # (supplier id, first day of the month)
StaleHook = Callable[[set[Pair]], None]
# fn(queryset of suppliers) -> the same, annotated with ``scores_full_at`` (the last run
# over all suppliers), ``scores_targeted_at`` (the last targeted run that covered one of
# its months) and ``scores_pending`` (a recompute of it waits): subqueries, no query more.
FreshnessAnnotation = Callable[[QuerySet], QuerySet]

_STALE_HOOKS: list[StaleHook] = []
_ANNOTATIONS: list[FreshnessAnnotation] = []
_collecting = threading.local()


def register_stale_hook(hook: StaleHook) -> None:
    if hook not in _STALE_HOOKS:
        _STALE_HOOKS.append(hook)


def register_freshness_annotation(annotation: FreshnessAnnotation) -> None:
    _ANNOTATIONS[:] = [annotation]


def scores_stale(pairs: Iterable[tuple[int, date]]) -> int:
    """The scores of these supplier-months no longer match their data: tell the hooks
    (the scorecards app queues a recompute of just these when the transaction commits).
    Returns the number of distinct pairs."""
    normalised = {(int(supplier_id), _month(period)) for supplier_id, period in pairs}
    for collected in getattr(_collecting, "stack", ()):
        collected |= normalised
    if normalised:
        for hook in _STALE_HOOKS:
            hook(normalised)
    return len(normalised)


@contextmanager
def collecting() -> Iterator[set[Pair]]:
    """The pairs ``scores_stale`` is told about inside the block (an import's result
    reports on them)."""
    collected: set[Pair] = set()
    stack = _collecting.__dict__.setdefault("stack", [])
    stack.append(collected)
    try:
        yield collected
    finally:
        stack.remove(collected)


def summary(pairs: set[Pair]) -> dict | None:
    """What a write's answer says about the scores it touched: how many supplier-months
    of how many suppliers, when the least recently recomputed of them was recomputed,
    and whether a recompute of any of them still waits (None when it touched none)."""
    if not pairs:
        return None
    supplier_ids = {supplier_id for supplier_id, _ in pairs}
    found = scores_freshness(supplier_ids)
    times = [f["at"] for f in found.values()]
    return {
        "supplier_months": len(pairs),
        "suppliers": len(supplier_ids),
        "recomputed_at": min(times) if times and None not in times else None,
        # Still inside a transaction: the write is not committed, its recompute not sent.
        "pending": not found
        or transaction.get_connection().in_atomic_block
        or any(f["pending"] for f in found.values()),
    }


def receipt_months(receipts) -> set[Pair]:
    """The (supplier, month received) pairs of a queryset of receipts: one query."""
    return {
        (supplier_id, _month(month))
        for supplier_id, month in receipts.annotate(month=TruncMonth("received_date"))
        .order_by()
        .values_list("supplier_id", "month")
        .distinct()
    }


def with_freshness(queryset: QuerySet) -> QuerySet:
    """Suppliers annotated with when their scores were last recomputed (see
    ``freshness_of``); unchanged when no annotation is registered."""
    for annotation in _ANNOTATIONS:
        queryset = annotation(queryset)
    return queryset


def freshness_of(supplier) -> dict | None:
    """``{"at": datetime | None, "pending": bool}`` of a supplier from ``with_freshness``:
    when its scores were last recomputed and whether a recompute of them waits."""
    if not hasattr(supplier, "scores_pending"):
        return None
    times = [t for t in (supplier.scores_full_at, supplier.scores_targeted_at) if t is not None]
    return {"at": max(times) if times else None, "pending": bool(supplier.scores_pending)}


def scores_freshness(supplier_ids: Iterable[int]) -> dict[int, dict]:
    """``freshness_of`` for these suppliers, in one query (empty when no annotation is
    registered)."""
    from .models import Supplier

    if not _ANNOTATIONS:
        return {}
    suppliers = with_freshness(Supplier.objects.filter(pk__in=list(supplier_ids)).only("pk"))
    return {s.pk: freshness_of(s) for s in suppliers}


def _month(value) -> date:
    """The first day of the month of a date, a datetime or an ISO date text (an audit
    snapshot's)."""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    elif hasattr(value, "date") and callable(value.date):
        value = value.date()
    return value.replace(day=1)
