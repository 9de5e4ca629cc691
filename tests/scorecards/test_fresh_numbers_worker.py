"""Fresh numbers through a real Celery worker on PostgreSQL (issue 18 §10): an import's
commit sends one debounced task, the worker recomputes just the touched supplier-months
under the recompute's advisory lock (skipped visibly without PostgreSQL and Redis)."""

import functools
import subprocess
import time

import pytest
from django.core.cache import cache

from scorecards import fresh
from scorecards.models import RecomputeRun, RecomputeTarget, Scorecard
from scorecards.recompute import scorecards_recompute
from scorecards.tasks import recompute_targets
from srm.celery import app
from suppliers.importers import import_run

from ..factories import ItemFactory
from ..workers import start_worker
from .test_fresh_numbers import FEB, JAN, late_receipts_csv
from .test_recompute import receipt

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def worker():
    queue, process = start_worker("fresh", loglevel="WARNING", output=subprocess.DEVNULL)
    yield queue
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def _until(condition, what: str, limit: float = 90.0):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.3)
    raise AssertionError(f"gave up waiting for {what}")


def test_two_imports_make_one_run_in_the_worker(worker, make_user, monkeypatch, settings):
    from ..factories import SupplierFactory

    acme, beta, gamma = (SupplierFactory(code=c) for c in ("ACME", "BETA", "GAMMA"))
    for supplier in (acme, beta, gamma):
        receipt(supplier, JAN.replace(day=12))
        receipt(supplier, FEB.replace(day=12))
    ItemFactory(code="BOLT-1")  # the item the late receipts name (imports refuse unknown ones)
    scorecards_recompute(scope="full")
    before = {
        (c.supplier_id, c.period): (c.score, c.run_id, c.updated_at)
        for c in Scorecard.objects.all()
    }
    analyst = make_user("procurement_analyst")
    settings.SCORECARDS_FRESH_DEBOUNCE = 3
    cache.delete(fresh.SCHEDULED_KEY)
    monkeypatch.setattr(
        recompute_targets,
        "apply_async",
        functools.partial(recompute_targets.apply_async, queue=worker),
    )
    app.conf.task_always_eager = False
    try:
        for code in ("ACME", "BETA"):
            result = import_run(
                actor=analyst, kind="receipts", filename="l.csv", data=late_receipts_csv(code)
            )
            assert result.ok and result.scores["pending"] is True
        run = _until(
            lambda: RecomputeRun.objects.filter(scope="targeted", running=None).first(),
            "the targeted run",
        )
    finally:
        app.conf.task_always_eager = True
        cache.delete(fresh.SCHEDULED_KEY)
    assert run.status == "succeeded", run.error
    assert run.counts["suppliers"] == 2
    assert RecomputeRun.objects.filter(scope="targeted").count() == 1
    assert set(RecomputeTarget.objects.values_list("run_id", flat=True)) == {run.pk}
    after = {
        (c.supplier_id, c.period): (c.score, c.run_id, c.updated_at)
        for c in Scorecard.objects.all()
    }
    for supplier in (acme, beta):
        assert after[(supplier.pk, FEB)][0] < before[(supplier.pk, FEB)][0]
        assert after[(supplier.pk, FEB)][1] == run.pk
        assert after[(supplier.pk, JAN)] == before[(supplier.pk, JAN)]
    for period in (JAN, FEB):
        assert after[(gamma.pk, period)] == before[(gamma.pk, period)]
