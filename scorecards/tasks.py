"""Celery tasks: thin wrappers around the recompute service."""

import logging
from datetime import date

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import InterfaceError, OperationalError

from srm.core.actors import SYSTEM

from .recompute import RecomputeBusy, scorecards_recompute

log = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=30,
    retry_kwargs={"max_retries": 3},
    soft_time_limit=50 * 60,
    time_limit=55 * 60,
    acks_late=True,
)
def recompute_scorecards(
    scope: str = "nightly", since: str | None = None, actor_id: int | None = None
) -> dict:
    """The nightly recompute (beat at 02:00), or one a person started
    (``services.recompute_request``: ``actor_id`` names them; a user removed meanwhile
    leaves the system as the actor). Transient database errors are retried; a run
    already in progress is not an error: this one is skipped."""
    actor = SYSTEM
    if actor_id is not None:
        actor = get_user_model().objects.filter(pk=actor_id).first() or SYSTEM
    try:
        run = scorecards_recompute(
            scope=scope, since=date.fromisoformat(since) if since else None, actor=actor
        )
    except RecomputeBusy as exc:
        log.info("recompute skipped: %s", exc)
        return {"status": "busy", "detail": str(exc)}
    return {"status": run.status, "run": run.pk, "counts": run.counts, "timings": run.timings}
