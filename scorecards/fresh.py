"""Fresh numbers after new data: the waiting supplier-months and the debounced targeted
recompute (issue 18 §10). Registered with ``suppliers.freshness`` in ``apps.py``.

1. A write names the supplier-months it touched (``suppliers.freshness.scores_stale``,
   inside its transaction). ``targets_request`` collects them per transaction.
2. When the transaction commits, ``_Flush`` marks them waiting (``RecomputeTarget`` rows
   with no run: in a short transaction of their own, so the writer never holds a lock a
   running recompute waits for) and sends ``scorecards.tasks.recompute_targets`` unless
   one is already on its way (a cache key lives for the debounce window; the task is sent
   with that countdown, so every write within the window is covered by one run). In the
   embedded mode a task runs in the sending process at once: the writes of one
   transaction make one run.
3. The task runs ``recompute.targets_recompute``: it claims the waiting rows and runs the
   same engine and writes as the nightly run over just those suppliers, under the same
   lock. A full run that starts after a request covers it too and claims it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from .models import RecomputeRun, RecomputeTarget

SCHEDULED_KEY = "scorecards:recompute-targets:scheduled"


class _Flush:
    """The on-commit callback of one transaction: the pairs its writes touched."""

    def __init__(self, pairs: set):
        self.pairs = set(pairs)

    def __call__(self) -> None:
        mark_waiting(self.pairs)
        schedule()


def targets_request(pairs: set) -> None:
    """Queue a recompute of these (supplier id, month) pairs when the current transaction
    commits (at once outside one). The pairs of one transaction merge into one callback."""
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        savepoints = set(connection.savepoint_ids)
        for entry in connection.run_on_commit:
            if entry[0] == savepoints and isinstance(entry[1], _Flush):
                entry[1].pairs |= pairs
                return
    transaction.on_commit(_Flush(pairs))


def mark_waiting(pairs: Iterable) -> None:
    now = timezone.now()
    with transaction.atomic():
        RecomputeTarget.objects.bulk_create(
            [
                RecomputeTarget(supplier_id=s, period=p, requested_at=now, run=None)
                for s, p in sorted(pairs)
            ],
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["supplier", "period"],
            update_fields=["requested_at", "run"],
        )


def schedule() -> str | None:
    """Send the targeted recompute unless one is already on its way (debounce): returns
    the task id, or None when one was already sent within the window."""
    from .tasks import recompute_targets

    window = settings.SCORECARDS_FRESH_DEBOUNCE
    if not cache.add(SCHEDULED_KEY, timezone.now().isoformat(), timeout=window + 30):
        return None
    result = recompute_targets.apply_async(countdown=window)
    return result.id


def schedule_if_waiting() -> str | None:
    """After a run: send the targeted recompute if supplier-months still wait (requested
    while the run held the lock)."""
    if RecomputeTarget.objects.filter(run__isnull=True).exists():
        return schedule()
    return None


def annotate_freshness(queryset):
    """Suppliers with ``scores_full_at`` (the last succeeded run over all suppliers),
    ``scores_targeted_at`` (the last succeeded targeted run that covered one of their
    months) and ``scores_pending`` (one of their months waits): three subqueries of the
    one supplier query (``suppliers.freshness``)."""
    succeeded = RecomputeRun.Status.SUCCEEDED
    mine = RecomputeTarget.objects.filter(supplier=OuterRef("pk"))
    return queryset.annotate(
        scores_full_at=Subquery(
            RecomputeRun.objects.filter(status=succeeded, finished_at__isnull=False)
            .exclude(scope="targeted")
            .order_by("-finished_at")
            .values("finished_at")[:1]
        ),
        scores_targeted_at=Subquery(
            mine.filter(run__status=succeeded)
            .order_by("-run__finished_at")
            .values("run__finished_at")[:1]
        ),
        scores_pending=Exists(mine.filter(Q(run__isnull=True) | ~Q(run__status=succeeded))),
    )


def freshness(supplier_ids: Iterable[int]) -> dict[int, dict]:
    """When the scores of these suppliers were last recomputed (the last finished run that
    covered them: any run over all suppliers, or a targeted run that claimed one of their
    months) and whether a recompute of them is waiting: ``{id: {"at", "pending"}}``."""
    from suppliers.freshness import freshness_of
    from suppliers.models import Supplier

    suppliers = annotate_freshness(Supplier.objects.filter(pk__in=list(supplier_ids)).only("pk"))
    return {s.pk: freshness_of(s) for s in suppliers}
