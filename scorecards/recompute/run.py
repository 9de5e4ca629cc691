"""The run and its locks: one recompute at a time, all of it or nothing.

The run reads everything first, scores in the pure engine, then writes only what changed
in ONE transaction: a run that fails or is killed midway leaves the previous results
readable and complete. Two runs never overlap: a unique "running" row on every database,
and a PostgreSQL advisory lock where there is one.
"""

from __future__ import annotations

import time
import traceback
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from srm.audit.services import AuditSubject, audit_record
from srm.core.actors import SYSTEM

from .. import selectors
from ..models import RecomputeRun, RecomputeTarget
from ..steps import STEPS
from .scores import recompute_scorecards
from .standing import standing_actions

ADVISORY_LOCK_KEY = 0x5C0EECA2D  # "scorecard" — one key for the whole recompute


class RecomputeBusy(Exception):
    """Another recompute run holds the lock."""


def recompute_range(*, scope: str, since: date | None, today: date) -> tuple[date, date]:
    """Months a run covers: nightly = previous and current month; full = all history;
    since = from that month."""
    current = selectors.month_start(today)
    if scope == "full":
        bounds = selectors.receipt_month_range()
        return (min(bounds[0], current) if bounds else current), current
    if scope == "since":
        if since is None:
            raise ValueError("scope 'since' needs a month")
        return selectors.month_start(since), current
    return selectors.add_months(current, -1), current


def scorecards_recompute(
    *, scope: str = "nightly", since: date | None = None, actor=SYSTEM, today: date | None = None
) -> RecomputeRun:
    """Recompute the scorecards (and the registered follow-up steps) for a range of months.

    Idempotent: a second run over unchanged data writes nothing. Raises
    ``RecomputeBusy`` when another run is in progress. ``actor`` is who started it: the
    run row and the audit name them.
    """
    today = today or timezone.localdate()
    period_from, period_to = recompute_range(scope=scope, since=since, today=today)
    run = _acquire_after_targeted(
        scope=scope, period_from=period_from, period_to=period_to, actor=actor
    )
    run.supplier_ids = None
    _execute(run, actor=actor, today=today)
    return run


def targets_recompute(*, actor=SYSTEM, today: date | None = None) -> RecomputeRun | None:
    """Recompute just the supplier-months new data touched (``RecomputeTarget`` rows that
    wait for a run): the same engine, writes, standing actions and steps as the nightly
    run, over those suppliers, from the earliest touched month to the current one (a
    month whose inputs did not change is not rewritten; later months' trends may move).
    Takes the same lock: raises ``RecomputeBusy`` while another run holds it. Returns
    None when nothing waits."""
    today = today or timezone.localdate()
    waiting = RecomputeTarget.objects.filter(run__isnull=True)
    periods = waiting.aggregate(first=Min("period"), last=Max("period"))
    if periods["first"] is None:
        return None
    current = selectors.month_start(today)
    run = _acquire(
        scope="targeted",
        period_from=min(periods["first"], current),
        period_to=max(periods["last"], current),
        actor=actor,
    )
    run.supplier_ids = ()  # claimed inside the run's transaction
    _execute(run, actor=actor, today=today)
    return run


def _execute(run: RecomputeRun, *, actor, today: date) -> None:
    timings: dict[str, float] = {}
    try:
        _heartbeat(run)
        with transaction.atomic():
            if run.supplier_ids is not None:
                _claim_targets(run, current=selectors.month_start(today))
            counts = _run_steps(run, run.period_from, run.period_to, today=today, timings=timings)
            if run.supplier_ids is None:
                counts["targets_covered"] = _cover_targets(run)
            audit_record(
                actor=actor,
                action=f"recompute:{run.scope}",
                subject=AuditSubject("scorecards.recomputerun", str(run.pk), str(run)[:200]),
                after={"from": run.period_from, "to": run.period_to, "counts": counts},
            )
        _finish(run, RecomputeRun.Status.SUCCEEDED, counts=counts, timings=timings)
    except BaseException as exc:
        _finish(
            run,
            RecomputeRun.Status.FAILED,
            timings=timings,
            error="".join(traceback.format_exception_only(type(exc), exc)).strip(),
        )
        raise
    finally:
        _release()


def _claim_targets(run: RecomputeRun, *, current: date) -> None:
    """Take the waiting supplier-months for this run, in its transaction: one UPDATE, so
    a request that commits meanwhile is either claimed whole or left waiting (its row
    is locked until this run commits; a new request of a claimed month waits for that
    and marks it waiting again). A failed run rolls the claim back."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE scorecards_recomputetarget SET run_id = %s WHERE run_id IS NULL "
            "RETURNING supplier_id, period",
            [run.pk],
        )
        claimed = cursor.fetchall()
    periods = [_as_date(period) for _, period in claimed] or [current]
    run.supplier_ids = tuple(sorted({supplier_id for supplier_id, _ in claimed}))
    run.period_from = min(min(periods), current)
    run.period_to = max(max(periods), current)


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _cover_targets(run: RecomputeRun) -> int:
    """A run over all suppliers covers the supplier-months requested before it started
    within its range: they wait no more."""
    return RecomputeTarget.objects.filter(
        run__isnull=True, requested_at__lte=run.started_at, period__gte=run.period_from
    ).update(run=run)


def _run_steps(run, period_from, period_to, *, today, timings: dict) -> dict:
    """The scorecards, their standing actions, then the registered steps, each timed
    into ``timings``; inside the run's transaction. A targeted run (``run.supplier_ids``)
    limits each of them to its suppliers."""
    _tune_session()
    supplier_ids = run.supplier_ids
    started = time.perf_counter()
    before = selectors.current_standings(supplier_ids)
    counts = recompute_scorecards(run, period_from, period_to, supplier_ids=supplier_ids)
    timings["scorecards"] = round(time.perf_counter() - started, 3)
    started = time.perf_counter()
    counts.update(standing_actions(run, before=before, today=today, supplier_ids=supplier_ids))
    timings["standing_actions"] = round(time.perf_counter() - started, 3)
    for _order, name, step in STEPS:
        started = time.perf_counter()
        counts[name] = step(run, period_from, period_to)
        timings[name] = round(time.perf_counter() - started, 3)
    if supplier_ids is not None:
        counts["suppliers"] = len(supplier_ids)
    return counts


def _acquire_after_targeted(**kwargs) -> RecomputeRun:
    """``_acquire``, but a targeted run in progress (a few seconds over a few suppliers)
    is waited for, up to ``SCORECARDS_RECOMPUTE_WAIT`` seconds: new data arriving all
    day must never make the nightly run skip its night."""
    deadline = time.monotonic() + settings.SCORECARDS_RECOMPUTE_WAIT
    while True:
        try:
            return _acquire(**kwargs)
        except RecomputeBusy:
            targeted = RecomputeRun.objects.filter(running=True, scope="targeted").exists()
            if connection.vendor == "postgresql" and not targeted:
                # The row is written after the lock is taken: a targeted run just starting.
                targeted = not RecomputeRun.objects.filter(running=True).exists()
            if not targeted or time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _acquire(*, scope, period_from, period_to, actor) -> RecomputeRun:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
            if not cursor.fetchone()[0]:
                raise RecomputeBusy("another recompute run is in progress")
    try:
        with transaction.atomic():
            _clear_stale_run()
            return RecomputeRun.objects.create(
                started_at=timezone.now(),
                heartbeat_at=timezone.now(),
                running=True,
                scope=scope,
                period_from=period_from,
                period_to=period_to,
                triggered_by=actor.get_username(),
            )
    except IntegrityError:
        _release()
        raise RecomputeBusy("another recompute run is in progress") from None
    except RecomputeBusy:
        _release()
        raise


def _clear_stale_run() -> None:
    """A run row still marked running belongs to a process that died: on PostgreSQL we
    hold the advisory lock, so its owner is gone; elsewhere, when its heartbeat is older
    than the task time limit. Mark it failed so the chain of runs stays readable."""
    stale = RecomputeRun.objects.filter(running=True).first()
    if stale is None:
        return
    limit = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    dead = connection.vendor == "postgresql" or (
        stale.heartbeat_at is None or timezone.now() - stale.heartbeat_at > limit
    )
    if not dead:
        raise RecomputeBusy(f"run {stale.pk} started {stale.started_at:%H:%M:%S} is in progress")
    stale.running = None
    stale.status = RecomputeRun.Status.FAILED
    stale.finished_at = timezone.now()
    stale.error = "abandoned: the process running it stopped"
    stale.save(update_fields=["running", "status", "finished_at", "error"])


def _tune_session() -> None:
    """PostgreSQL settings for this one transaction: memory for the aggregation's sort
    (the default 4 MB spills a large run to disk), and no wait for the WAL flush at
    commit. A crash just after commit may lose this run, never half of it: the previous
    results stay whole, and the next run recomputes."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('work_mem', %s, true)", [settings.SCORECARDS_RECOMPUTE_WORK_MEM]
        )
        cursor.execute("SET LOCAL synchronous_commit = off")


def _heartbeat(run: RecomputeRun) -> None:
    RecomputeRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now())


def _finish(run, status, *, counts=None, timings=None, error="") -> None:
    run.status, run.running, run.finished_at = status, None, timezone.now()
    run.counts, run.timings, run.error = counts or {}, timings or {}, error
    RecomputeRun.objects.filter(pk=run.pk).update(
        status=run.status,
        running=None,
        finished_at=run.finished_at,
        counts=run.counts,
        timings=run.timings,
        error=run.error,
        period_from=run.period_from,
        period_to=run.period_to,
    )


def _release() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_KEY])
