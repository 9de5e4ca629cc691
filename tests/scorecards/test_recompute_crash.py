"""Crash and restart (issue 12, scope 6): a Celery worker killed with SIGKILL in the middle
of a full recompute leaves the previous results whole and readable; the next run marks the
dead run failed and computes what a clean run computes.

The worker is stopped at a known point without a hook in the code: the test holds a lock
on the scorecard table that lets readers through but makes the run's first write wait, so
the run is certainly under way (its row says running, its advisory lock is held) when the
worker is killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from datetime import date

import psycopg
import pytest
from django.db import connection

from scorecards.models import RecomputeRun, Scorecard
from scorecards.recompute import scorecards_recompute
from scorecards.tasks import recompute_scorecards
from srm.celery import app

from ..workers import start_worker
from .test_recompute import receipt

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def worker_process():
    queue, process = start_worker("crash", loglevel="WARNING", output=subprocess.DEVNULL)
    yield queue, process
    if process.poll() is None:
        process.kill()
    process.wait(timeout=20)


def _raw_connection():
    s = connection.settings_dict
    return psycopg.connect(
        dbname=s["NAME"],
        user=s["USER"],
        password=s["PASSWORD"] or None,
        host=s["HOST"] or None,
        port=s["PORT"] or None,
        autocommit=False,
    )


def _until(condition, what: str, limit: float = 90.0):
    """Wait for another process (bounded): the worker and PostgreSQL run on their own."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


def _results():
    return {
        (c.supplier_id, c.period): (c.score, c.standing, c.kpis)
        for c in Scorecard.objects.order_by("supplier_id", "period")
    }


def test_worker_killed_mid_recompute_leaves_previous_results_and_next_run_recovers(
    worker_process,
):
    from ..factories import SupplierFactory

    queue, process = worker_process
    for code in ("ACME", "BOLT"):
        supplier = SupplierFactory(code=code)
        receipt(supplier, date(2026, 2, 10))
        receipt(supplier, date(2026, 2, 12), received_qty=90, defective=2)
        receipt(supplier, date(2026, 3, 2), price="10.5")
    clean = scorecards_recompute(scope="full")
    assert clean.status == RecomputeRun.Status.SUCCEEDED
    before = _results()
    assert before
    # New data, so the killed run has something to write (and the test knows it started).
    receipt(supplier, date(2026, 3, 20), received_qty=50)

    table = Scorecard._meta.db_table
    blocker = _raw_connection()
    blocker.execute(f'LOCK TABLE "{table}" IN SHARE ROW EXCLUSIVE MODE')
    app.conf.task_always_eager = False
    try:
        recompute_scorecards.apply_async(kwargs={"scope": "full"}, queue=queue)
        waiting_pid = _until(
            lambda: _run_waiting_on(blocker, table), "the worker's run to wait on its write"
        )
        dead = RecomputeRun.objects.get(running=True)
        # While it runs, the previous results are readable and whole.
        assert _results() == before
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=20)
    finally:
        app.conf.task_always_eager = True
        blocker.rollback()
        blocker.close()

    # The killed worker's session ends without committing anything.
    watcher = _raw_connection()
    try:
        _until(
            lambda: (
                not watcher.execute(
                    "SELECT 1 FROM pg_stat_activity WHERE pid = %s", [waiting_pid]
                ).fetchone()
            ),
            "the dead worker's session to end",
        )
    finally:
        watcher.close()
    assert _results() == before
    dead.refresh_from_db()
    assert dead.running is True and dead.status == RecomputeRun.Status.RUNNING

    again = scorecards_recompute(scope="full")
    dead.refresh_from_db()
    assert dead.status == RecomputeRun.Status.FAILED and dead.running is None
    assert "abandoned" in dead.error
    assert again.status == RecomputeRun.Status.SUCCEEDED
    recovered = _results()
    assert recovered != before  # the new receipt counts now

    # And it is what a clean run computes from the same data.
    Scorecard.objects.all().delete()
    assert scorecards_recompute(scope="full").status == RecomputeRun.Status.SUCCEEDED
    assert _results() == recovered


def _run_waiting_on(blocker, table: str) -> int | None:
    """The pid of a session waiting for a lock on ``table`` (the worker's run)."""
    row = blocker.execute(
        "SELECT l.pid FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
        "WHERE c.relname = %s AND NOT l.granted AND l.pid <> pg_backend_pid()",
        [table],
    ).fetchone()
    return row[0] if row else None
