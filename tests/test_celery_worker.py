"""A task through a real Celery worker over Redis (runs in CI; skipped without REDIS_URL)."""

import subprocess

import pytest

from srm.audit.services import AuditSubject, audit_record
from srm.audit.tasks import verify_audit_chain
from srm.celery import app

from .workers import start_worker

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def worker():
    """Start a worker on the test database; stop it afterwards."""
    queue, process = start_worker("test")
    yield queue
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def test_task_runs_in_a_real_worker(worker):
    for i in range(3):
        audit_record(actor=None, action="test", subject=AuditSubject("test.thing", str(i), "thing"))
    app.conf.task_always_eager = False
    try:
        result = verify_audit_chain.apply_async(queue=worker)
        verdict = result.get(timeout=60)
    finally:
        app.conf.task_always_eager = True
    assert verdict["ok"] is True
    assert verdict["rows_checked"] == 3
    # Ran elsewhere: the worker, not this process, computed it.
    assert result.backend.__class__.__name__ == "RedisBackend"
