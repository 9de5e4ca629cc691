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
from django.utils import timezone

from srm.audit.services import AuditSubject, audit_record
from srm.core.actors import SYSTEM

from .. import selectors
from ..models import RecomputeRun
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
    run = _acquire(scope=scope, period_from=period_from, period_to=period_to, actor=actor)
    timings: dict[str, float] = {}
    try:
        _heartbeat(run)
        with transaction.atomic():
            counts = _run_steps(run, period_from, period_to, today=today, timings=timings)
            audit_record(
                actor=actor,
                action=f"recompute:{scope}",
                subject=AuditSubject("scorecards.recomputerun", str(run.pk), str(run)[:200]),
                after={"from": period_from, "to": period_to, "counts": counts},
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
    return run


def _run_steps(run, period_from, period_to, *, today, timings: dict) -> dict:
    """The scorecards, their standing actions, then the registered steps, each timed
    into ``timings``; inside the run's transaction."""
    _tune_session()
    started = time.perf_counter()
    before = selectors.current_standings()
    counts = recompute_scorecards(run, period_from, period_to)
    timings["scorecards"] = round(time.perf_counter() - started, 3)
    started = time.perf_counter()
    counts.update(standing_actions(run, before=before, today=today))
    timings["standing_actions"] = round(time.perf_counter() - started, 3)
    for _order, name, step in STEPS:
        started = time.perf_counter()
        counts[name] = step(run, period_from, period_to)
        timings[name] = round(time.perf_counter() - started, 3)
    return counts


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
    )


def _release() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_KEY])
