"""Celery tasks: thin wrappers around the recompute service."""

import logging
from datetime import date

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services

log = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=30,
    retry_kwargs={"max_retries": 3},
    soft_time_limit=50 * 60,
    time_limit=55 * 60,
    acks_late=True,
)
def recompute_scorecards(scope: str = "nightly", since: str | None = None) -> dict:
    """The nightly recompute (beat at 02:00). Transient database errors are retried;
    a run already in progress is not an error: this one is skipped."""
    try:
        run = services.scorecards_recompute(
            scope=scope, since=date.fromisoformat(since) if since else None
        )
    except services.RecomputeBusy as exc:
        log.info("recompute skipped: %s", exc)
        return {"status": "busy", "detail": str(exc)}
    return {"status": run.status, "run": run.pk, "counts": run.counts, "timings": run.timings}
