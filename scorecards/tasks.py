"""Celery tasks: thin wrappers around the recompute service."""

import logging
from datetime import date

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import InterfaceError, OperationalError

from srm.core.actors import SYSTEM

from . import fresh
from .recompute import RecomputeBusy, scorecards_recompute, targets_recompute

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
    fresh.schedule_if_waiting()
    return {"status": run.status, "run": run.pk, "counts": run.counts, "timings": run.timings}


@shared_task(
    bind=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=10,
    retry_kwargs={"max_retries": 3},
    soft_time_limit=50 * 60,
    time_limit=55 * 60,
    acks_late=True,
)
def recompute_targets(self) -> dict:
    """The debounced recompute of the supplier-months new data touched
    (``scorecards.fresh``). The debounce key goes first, so a write from now on sends
    the next run. While another run holds the lock this one waits for it (sent again a
    little later; in the embedded mode the supplier-months stay waiting and the end of
    the other run sends it)."""
    cache.delete(fresh.SCHEDULED_KEY)
    try:
        run = targets_recompute()
    except RecomputeBusy as exc:
        if self.app.conf.task_always_eager:
            log.info("targeted recompute deferred: %s", exc)
            return {"status": "busy", "detail": str(exc)}
        if cache.add(fresh.SCHEDULED_KEY, "retry", timeout=settings.SCORECARDS_FRESH_DEBOUNCE + 30):
            raise self.retry(
                countdown=settings.SCORECARDS_FRESH_DEBOUNCE, max_retries=None
            ) from exc
        return {"status": "busy", "detail": str(exc)}
    if run is None:
        return {"status": "nothing"}
    fresh.schedule_if_waiting()
    return {"status": run.status, "run": run.pk, "counts": run.counts}
