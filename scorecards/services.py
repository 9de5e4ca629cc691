"""Writes of the scorecards domain: the recompute run, standing actions, the scoring
settings, corrective actions.

The recompute reads everything first (one grouped pass over receipts plus the KPI
sources), scores in the pure engine, then writes only what changed in ONE
transaction: a run that fails or is killed midway leaves the previous results
readable and complete. Two runs never overlap: a unique "running" row on every
database, and a PostgreSQL advisory lock where there is one.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import time
import traceback
from collections import defaultdict, deque
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from srm.audit.services import AuditEntry, AuditSubject, audit_record, audit_record_bulk
from srm.core.actors import SYSTEM
from srm.core.bulk import copy_append
from srm.core.notifications import notification_send
from srm.core.services import model_create, model_update
from suppliers.models import Supplier, SupplierEvent

from . import batch, scoring, selectors
from .models import CorrectiveAction, KpiDefinition, RecomputeRun, Scorecard, ScoringPolicy
from .sources import SOURCES
from .steps import STEPS

log = logging.getLogger(__name__)

ADVISORY_LOCK_KEY = 0x5C0EECA2D  # "scorecard" — one key for the whole recompute
CORRECTIVE_ACTION_DAYS = 30
STANDING_D_REASON = "Standing D"


class RecomputeBusy(Exception):
    """Another recompute run holds the lock."""


# --- the run ------------------------------------------------------------------------------


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
    ``RecomputeBusy`` when another run is in progress.
    """
    today = today or timezone.localdate()
    period_from, period_to = recompute_range(scope=scope, since=since, today=today)
    run = _acquire(scope=scope, period_from=period_from, period_to=period_to, actor=actor)
    timings: dict[str, float] = {}
    try:
        _heartbeat(run)
        with transaction.atomic():
            _tune_session()
            started = time.perf_counter()
            before = selectors.current_standings()
            counts = _recompute_scorecards(run, period_from, period_to)
            timings["scorecards"] = round(time.perf_counter() - started, 3)
            started = time.perf_counter()
            counts.update(_standing_actions(run, before=before, today=today))
            timings["standing_actions"] = round(time.perf_counter() - started, 3)
            for _order, name, step in STEPS:
                started = time.perf_counter()
                counts[name] = step(run, period_from, period_to)
                timings[name] = round(time.perf_counter() - started, 3)
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


# --- compute and write ------------------------------------------------------------------

WRITE_BATCH = 500  # suppliers per batch: scored (maybe in a worker process), then written


def _recompute_scorecards(run: RecomputeRun, period_from: date, period_to: date) -> dict:
    """Score every supplier-month with activity in the range and write what changed.

    Receipts stream in supplier order from one grouped query and are cut into batches of
    ``WRITE_BATCH`` suppliers. Each batch is scored by the pure ``batch.score_suppliers``
    (in worker processes when the run is large enough to be worth it, while this process
    reads the next batch), and only its differences are written. A month whose inputs and
    settings fingerprint matches the stored one is not scored again; only its trend may
    move. Memory holds a few batches, never the whole range.
    """
    definitions = selectors.kpi_definitions()
    policy = selectors.scoring_policy()
    now = timezone.now()
    settings_ = batch.Settings(
        tuple(definitions),
        policy,
        scoring.settings_key(definitions, policy),
        period_from,
        copy_tail=(
            batch.copy_tail(run.pk, now.isoformat()) if connection.vendor == "postgresql" else None
        ),
    )
    extra = {code: source(period_from, period_to) for code, source in SOURCES.items()}
    response = extra.get("response_hours", {})
    improvements = extra.get("improvements", {})
    months = set(selectors.months_between(period_from, period_to))
    response_months: dict[int, set[date]] = defaultdict(set)
    for supplier_id, period in response:
        if period in months:
            response_months[supplier_id].add(period)
    history_from = selectors.add_months(period_from, -(scoring.TREND_WINDOW - 1))
    seen: set[int] = set()

    def suppliers():
        for supplier_id, rows in selectors.receipt_sums_by_supplier(period_from, period_to):
            seen.add(supplier_id)
            yield supplier_id, rows
        for supplier_id in sorted(response_months.keys() - seen):
            seen.add(supplier_id)
            yield supplier_id, []

    def work(pending: dict[int, list]) -> list[batch.SupplierWork]:
        stored = _stored_months(pending, history_from, period_to)
        batch_work = []
        for supplier_id, rows in pending.items():
            answered = response_months.get(supplier_id, set())
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

    def batches():
        pending: dict[int, list] = {}
        for supplier_id, rows in suppliers():
            pending[supplier_id] = rows
            if len(pending) >= WRITE_BATCH:
                yield work(pending)
                pending = {}
        if pending:
            yield work(pending)

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
    expected_months = len(months) * Supplier.objects.count()
    with _ScoringPool(expected_months) as pool:
        for result in pool.map(batches(), settings_):
            _write_batch(result, run=run, now=now)
            for key, value in result.counts.items():
                counts[key] += value
            counts["deleted"] += len(result.stale)
    # Suppliers with stored months in the range but no activity any more.
    counts["deleted"] += (
        Scorecard.objects.filter(period__gte=period_from, period__lte=period_to)
        .exclude(supplier_id__in=seen)
        .delete()[0]
    )
    return counts


def _stored_months(supplier_ids, history_from: date, period_to: date) -> dict:
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


class _ScoringPool:
    """Scores batches in worker processes when the run is big (more than
    ``POOL_AFTER_MONTHS`` supplier-months, expected from the range or shown by the
    batches read so far), so the cores score while this process reads and writes.
    Inline for smaller runs (the nightly run: starting processes would cost more than
    they save), for a process that may not have children (a Celery prefork worker), or
    with ``SCORECARDS_RECOMPUTE_WORKERS=1``."""

    POOL_AFTER_MONTHS = 20_000

    def __init__(self, expected_months: int = 0):
        self.executor = None
        wanted = settings.SCORECARDS_RECOMPUTE_WORKERS or os.cpu_count() or 1
        self.workers = 1 if multiprocessing.current_process().daemon else min(wanted, 8)
        self.expected_months = expected_months

    def __enter__(self):
        if self.expected_months > self.POOL_AFTER_MONTHS:
            self._start()
        return self

    def __exit__(self, *exc):
        if self.executor is not None:
            self.executor.shutdown(cancel_futures=True)

    def _start(self) -> None:
        if self.executor is not None or self.workers < 2:
            return
        self.executor = ProcessPoolExecutor(
            self.workers, mp_context=multiprocessing.get_context("spawn")
        )
        # Processes start on demand: one no-op task each brings them all up now,
        # while this process reads the first receipts.
        for _ in range(self.workers):
            self.executor.submit(batch.ready)

    def map(self, batches, settings_):
        """Results in batch order; up to two batches per worker in flight."""
        in_flight, months = deque(), 0
        for work in batches:
            if months > self.POOL_AFTER_MONTHS:
                self._start()
            months += sum(len(w.receipt_rows) for w in work)
            if self.executor is None:
                yield batch.score_suppliers(work, settings_)
                continue
            in_flight.append(self.executor.submit(batch.score_suppliers, work, settings_))
            while len(in_flight) > 2 * self.workers:
                yield in_flight.popleft().result()
        while in_flight:
            yield in_flight.popleft().result()


def _write_batch(result: batch.BatchResult, *, run: RecomputeRun, now) -> None:
    _upsert_scorecards(result, run=run, now=now)
    _update_trends(result.trends, run=run, now=now)
    if result.stale:
        Scorecard.objects.filter(pk__in=result.stale).delete()


def _upsert_scorecards(result: batch.BatchResult, *, run: RecomputeRun, now) -> None:
    """Insert new months and overwrite changed ones (same row, same id).

    On PostgreSQL the rows come as COPY text (``batch.copy_line``) and go straight into
    the table when none of them is stored yet, else into a temporary table and one
    INSERT ... ON CONFLICT. Model instances and client-side quoting of 100,000 JSON
    values in bulk_create would cost more than the whole computation. Elsewhere the
    rows are tuples for bulk_create."""
    if result.upserts:
        Scorecard.objects.bulk_create(
            [
                Scorecard(
                    supplier_id=r[0],
                    period=r[1],
                    score=r[2],
                    standing=r[3],
                    trend_score=r[4],
                    kpis=json.loads(r[5]),
                    inputs_fingerprint=r[6],
                    run=run,
                    created_at=now,
                    updated_at=now,
                )
                for r in result.upserts
            ],
            batch_size=500,
            update_conflicts=True,
            unique_fields=["supplier", "period"],
            update_fields=[
                "score",
                "standing",
                "trend_score",
                "kpis",
                "inputs_fingerprint",
                "run",
                "updated_at",
            ],
        )
    if not result.copy_text:
        return
    columns = ", ".join(batch.COPY_COLUMNS)
    target = "scorecards_scorecard" if result.all_new else "scorecard_upsert"
    with connection.cursor() as cursor:
        if not result.all_new:
            _temp_table(cursor, "scorecard_upsert", columns)
        with cursor.copy(f"COPY {target} ({columns}) FROM STDIN") as copy:
            copy.write(result.copy_text)
        if not result.all_new:
            updates = ", ".join(
                f"{c} = EXCLUDED.{c}"
                for c in batch.COPY_COLUMNS
                if c not in ("supplier_id", "period", "created_at", "published")
            )
            # Column names are constants, never input.
            cursor.execute(
                f"INSERT INTO scorecards_scorecard ({columns}) SELECT {columns} "  # noqa: S608
                f"FROM scorecard_upsert ON CONFLICT (supplier_id, period) DO UPDATE SET {updates}"
            )


def _update_trends(rows: list[tuple], *, run: RecomputeRun, now) -> None:
    """Set the trend of months whose own inputs did not change: ``rows`` are (pk, trend)."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        Scorecard.objects.bulk_update(
            [Scorecard(pk=pk, trend_score=trend, run=run, updated_at=now) for pk, trend in rows],
            ["trend_score", "run", "updated_at"],
            batch_size=500,
        )
        return
    with connection.cursor() as cursor:
        _temp_table(cursor, "scorecard_trend", "id, trend_score")
        with cursor.copy("COPY scorecard_trend (id, trend_score) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            "UPDATE scorecards_scorecard s SET trend_score = t.trend_score, run_id = %s, "
            "updated_at = %s FROM scorecard_trend t WHERE s.id = t.id",
            [run.pk, now],
        )


def _temp_table(cursor, name: str, columns: str) -> None:
    """An empty temporary table shaped like some scorecard columns, dropped at commit."""
    cursor.execute(f"DROP TABLE IF EXISTS {name}")
    cursor.execute(
        f"CREATE TEMP TABLE {name} ON COMMIT DROP AS "  # noqa: S608 (constants)
        f"SELECT {columns} FROM scorecards_scorecard WITH NO DATA"
    )


# --- standing actions ----------------------------------------------------------------------


def _standing_actions(run: RecomputeRun, *, before: dict, today: date) -> dict:
    """React to a change of each supplier's current standing (its latest scored month),
    comparing the standings before and after this run's writes: a timeline event; D
    blocks new orders and opens a corrective action; leaving D lifts the block. A re-run
    over unchanged data changes no standing, so it does nothing here either."""
    after = selectors.current_standings()
    changed = {
        supplier_id: ((before.get(supplier_id) or (None, None, None))[1] or "", standing or "")
        for supplier_id, (_period, standing, _score) in after.items()
        if (standing or "") != ((before.get(supplier_id) or (None, None, None))[1] or "")
    }
    counts = {
        "standings_changed": len(changed),
        "blocked": 0,
        "unblocked": 0,
        "corrective_actions": 0,
    }
    if not changed:
        return counts
    # Only what the events, the audit rows and the block need: a full run changes the
    # standing of every supplier.
    suppliers = Supplier.objects.only(
        "code", "name", "blocked_for_orders", "blocked_reason", "relationship_owner_id"
    ).in_bulk(list(changed))
    open_d = set(
        CorrectiveAction.objects.filter(
            supplier_id__in=changed, source=CorrectiveAction.Source.STANDING_D
        )
        .exclude(status=CorrectiveAction.Status.CLOSED)
        .values_list("supplier_id", flat=True)
    )
    scorecard_ids = {
        (supplier_id, period): pk
        for supplier_id, period, pk in Scorecard.objects.filter(
            supplier_id__in=changed, period__in={after[s][0] for s in changed}
        ).values_list("supplier_id", "period", "pk")
    }
    events, actions, audit, block_changed = [], [], [], []
    now = timezone.now()
    for supplier_id, (old, new) in changed.items():
        supplier, period = suppliers[supplier_id], after[supplier_id][0]
        label = f"{period:%Y-%m}"
        events.append(
            SupplierEvent(
                supplier=supplier,
                occurred_at=now,
                kind=SupplierEvent.Kind.STANDING,
                title=f"Standing {old or '–'} → {new} ({label})",
                detail={"from": old, "to": new, "period": label, "run": run.pk},
                link=f"/suppliers/{supplier.code}/scorecard/",
            )
        )
        audit.append(
            AuditEntry(
                "standing",
                instance=supplier,
                before={"standing": old},
                after={"standing": new, "period": label},
            )
        )
        if new == "D":
            if not supplier.blocked_for_orders:
                block_changed.append(supplier)
                supplier.blocked_for_orders = True
                supplier.blocked_reason = f"{STANDING_D_REASON} in {label}"
                counts["blocked"] += 1
                audit.append(
                    AuditEntry(
                        "block",
                        instance=supplier,
                        after={"blocked_for_orders": True, "reason": supplier.blocked_reason},
                    )
                )
            if supplier_id not in open_d:
                actions.append(
                    CorrectiveAction(
                        supplier=supplier,
                        source=CorrectiveAction.Source.STANDING_D,
                        scorecard_id=scorecard_ids.get((supplier_id, period)),
                        title=f"Recover from standing D ({label})",
                        owner_id=supplier.relationship_owner_id,
                        due_date=today + timedelta(days=CORRECTIVE_ACTION_DAYS),
                        created_at=now,
                        updated_at=now,
                    )
                )
        elif supplier.blocked_for_orders and supplier.blocked_reason.startswith(STANDING_D_REASON):
            block_changed.append(supplier)
            supplier.blocked_for_orders, supplier.blocked_reason = False, ""
            counts["unblocked"] += 1
            audit.append(
                AuditEntry(
                    "unblock",
                    instance=supplier,
                    after={"blocked_for_orders": False, "standing": new},
                )
            )
    # One UPDATE per distinct reason (there are a handful), not a CASE per supplier.
    by_reason = defaultdict(list)
    for supplier in block_changed:
        by_reason[(supplier.blocked_for_orders, supplier.blocked_reason)].append(supplier.pk)
    for (blocked, reason), ids in by_reason.items():
        Supplier.objects.filter(pk__in=ids).update(
            blocked_for_orders=blocked, blocked_reason=reason, updated_at=now
        )
    copy_append(SupplierEvent, events)
    CorrectiveAction.objects.bulk_create(actions, batch_size=2000)
    audit.extend(
        AuditEntry("create", instance=a, after={"title": a.title, "due_date": a.due_date})
        for a in actions
    )
    audit_record_bulk(actor=SYSTEM, entries=audit)
    counts["corrective_actions"] = len(actions)
    owner_ids = {a.owner_id for a in actions if a.owner_id}
    if owner_ids:
        notification_send(
            recipients=get_user_model().objects.filter(pk__in=owner_ids),
            subject="Standing D: corrective action opened",
            body="A supplier you own fell to standing D and is blocked for new orders.",
            link="/scorecards/corrective-actions/",
        )
    return counts


# --- scoring settings and what-if ------------------------------------------------------------


@transaction.atomic
def scoring_settings_save(*, actor, kpis: dict[str, dict], policy: dict) -> int:
    """Save KPI targets, floors and weights and the standing thresholds (audited);
    the stored scorecards follow at the next recompute, which is started on commit."""
    changed = 0
    for kpi in KpiDefinition.objects.filter(code__in=kpis):
        _, did = model_update(actor=actor, instance=kpi, data=kpis[kpi.code])
        changed += did
    current, _ = ScoringPolicy.objects.get_or_create(pk=1)
    _, did = model_update(actor=actor, instance=current, data=policy)
    changed += did
    if changed:
        from .tasks import recompute_scorecards

        transaction.on_commit(lambda: recompute_scorecards.delay(scope="full"))
    return changed


# --- corrective actions -----------------------------------------------------------------------

CORRECTIVE_ACTION_FIELDS = (
    "title",
    "owner",
    "root_cause",
    "actions",
    "due_date",
    "status",
    "verification",
)


@transaction.atomic
def corrective_action_create(
    *,
    actor,
    supplier,
    title: str,
    due_date: date,
    owner=None,
    source: str = CorrectiveAction.Source.MANUAL,
    root_cause: str = "",
    actions: str = "",
    scorecard=None,
) -> CorrectiveAction:
    action = model_create(
        actor=actor,
        model=CorrectiveAction,
        data={
            "supplier": supplier,
            "title": title,
            "due_date": due_date,
            "owner": owner,
            "source": source,
            "root_cause": root_cause,
            "actions": actions,
            "scorecard": scorecard,
        },
    )
    from suppliers.services import supplier_event_record

    supplier_event_record(
        supplier=supplier,
        kind=SupplierEvent.Kind.CORRECTIVE_ACTION,
        title=f"Corrective action opened: {title}",
    )
    return action


@transaction.atomic
def corrective_action_update(*, actor, action: CorrectiveAction, data: dict) -> CorrectiveAction:
    unknown = set(data) - set(CORRECTIVE_ACTION_FIELDS)
    if unknown:
        raise ValueError(f"cannot change {', '.join(sorted(unknown))}")
    if data.get("status") == CorrectiveAction.Status.CLOSED and not (
        data.get("verification") or action.verification
    ):
        from django.core.exceptions import ValidationError

        raise ValidationError({"verification": "Record how the fix was verified before closing."})
    if data.get("status") == CorrectiveAction.Status.CLOSED and action.closed_at is None:
        data = {**data, "closed_at": timezone.now()}
    action, _ = model_update(actor=actor, instance=action, data=data)
    return action
