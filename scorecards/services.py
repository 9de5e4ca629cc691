"""Writes of the scorecards domain: starting a recompute, the scoring settings,
corrective actions. The recompute itself is the package ``scorecards.recompute``."""

from __future__ import annotations

import uuid
from datetime import date

from django.db import transaction
from django.utils import timezone

from srm.core.services import model_create, model_update
from suppliers.models import SupplierEvent

from .models import CorrectiveAction, KpiDefinition, ScoringPolicy

# --- starting a recompute ---------------------------------------------------------------------


def recompute_request(*, actor, full: bool = False, since: date | None = None) -> str:
    """Queue a recompute run started by ``actor`` (a page, the API, a settings change):
    all history with ``full``, else from the month of ``since``, else the nightly range.
    The task is sent when the current transaction commits and carries the actor's id, so
    the run row and its audit name the person. Returns the task id."""
    from .tasks import recompute_scorecards

    scope = "full" if full else "since" if since else "nightly"
    kwargs = {
        "scope": scope,
        "since": since.replace(day=1).isoformat() if since and not full else None,
        "actor_id": getattr(actor, "pk", None),
    }
    task_id = str(uuid.uuid4())
    transaction.on_commit(lambda: recompute_scorecards.apply_async(kwargs=kwargs, task_id=task_id))
    return task_id


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
        recompute_request(actor=actor, full=True)
    return changed


# --- corrective actions -----------------------------------------------------------------------


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
    event_detail: dict | None = None,
) -> CorrectiveAction:
    """Open a corrective action (audited) and put it on the supplier's timeline; the one
    creator of corrective actions, whatever opens them (a person, a quality incident).
    ``event_detail`` adds to the timeline entry's detail, which names the action."""
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
        detail={**(event_detail or {}), "corrective_action": action.pk},
    )
    return action


@transaction.atomic
def corrective_action_update(*, actor, action: CorrectiveAction, data: dict) -> CorrectiveAction:
    unknown = set(data) - set(CorrectiveAction.EDITABLE_FIELDS)
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
