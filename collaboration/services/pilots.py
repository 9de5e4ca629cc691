"""Innovation pilots (4-week sprints) and their tasks."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from srm.audit.services import audit_record
from srm.core.services import model_create, model_update
from suppliers.models import Supplier

from ..models import (
    PILOT_TRANSITIONS,
    Pilot,
    PilotTask,
)
from ..selectors import pilot_assignees
from .common import check_object, check_supplier, fsm_transition

# The same words as for a name that does not exist: the answer must not tell apart a
# person who exists but may not be chosen from one who does not.
NOT_AN_ASSIGNEE = _("Choose a member of the pilot or a person of its supplier.")

PILOT_FIELDS = ("title", "goal", "budget", "currency", "start_date", "outcome")


def _check_members(pilot_supplier: Supplier, members) -> None:
    """Members come from both sides: the buyer's staff, or collaborators of this supplier."""
    strangers = [m for m in members if m.supplier_id and m.supplier_id != pilot_supplier.pk]
    if strangers:
        names = ", ".join(m.get_username() for m in strangers)
        raise ValidationError({"members": f"{names} work for another supplier."})


def _check_assignee(pilot: Pilot, assignee) -> None:
    """A task goes to one of the pilot's assignees (``selectors.pilot_assignees``)."""
    if not pilot_assignees(pilot=pilot).filter(pk=assignee.pk).exists():
        raise ValidationError({"assignee": NOT_AN_ASSIGNEE})


@transaction.atomic
def pilot_create(
    *,
    actor,
    supplier: Supplier,
    title: str,
    goal: str,
    start_date: date,
    budget: Decimal = Decimal("0"),
    currency: str = "EUR",
    members: Iterable = (),
) -> Pilot:
    """Plan an innovation pilot: one 4-week sprint from ``start_date``."""
    check_supplier(actor=actor, model=Pilot, action="add", supplier=supplier)
    members = list(members)
    _check_members(supplier, members)
    return model_create(
        actor=actor,
        model=Pilot,
        data={
            "supplier": supplier,
            "title": title,
            "goal": goal,
            "start_date": start_date,
            "budget": budget,
            "currency": currency,
        },
        m2m={"members": members},
    )


@transaction.atomic
def pilot_update(*, actor, pilot: Pilot, data: dict, members=None) -> Pilot:
    unknown = set(data) - set(PILOT_FIELDS)
    if unknown:
        raise ValidationError(f"Cannot change {', '.join(sorted(unknown))} here.")
    check_object(actor=actor, action="change", obj=pilot)
    if members is not None:
        members = list(members)
        _check_members(pilot.supplier, members)
    pilot, _ = model_update(
        actor=actor,
        instance=pilot,
        data=data,
        m2m={"members": members} if members is not None else None,
    )
    return pilot


@transaction.atomic
def pilot_transition(*, actor, pilot: Pilot, target: str, outcome: str = "") -> Pilot:
    """Start, complete or cancel a pilot; completing it needs its outcome."""
    check_object(actor=actor, action="change", obj=pilot)
    if target == Pilot.Status.COMPLETED:
        outcome = (outcome or pilot.outcome).strip()
        if not outcome:
            raise ValidationError({"outcome": "Say what the sprint showed before closing it."})
        pilot.outcome = outcome
    before = fsm_transition(
        instance=pilot,
        field="status",
        method_name=PILOT_TRANSITIONS.get(target),
        target=target,
    )
    pilot.save(update_fields=["status", "outcome", "updated_at"])
    audit_record(
        actor=actor,
        action=f"transition:{target}",
        instance=pilot,
        before=before,
        after={"status": pilot.status, "outcome": pilot.outcome},
    )
    return pilot


@transaction.atomic
def pilot_task_create(
    *, actor, pilot: Pilot, title: str, assignee=None, due_date: date | None = None
) -> PilotTask:
    check_supplier(actor=actor, model=PilotTask, action="add", supplier=pilot.supplier)
    if assignee is not None:
        _check_assignee(pilot, assignee)
    if pilot.status in (Pilot.Status.COMPLETED, Pilot.Status.CANCELLED):
        raise ValidationError({"pilot": "This pilot is closed."})
    return model_create(
        actor=actor,
        model=PilotTask,
        data={"pilot": pilot, "title": title, "assignee": assignee, "due_date": due_date},
    )


@transaction.atomic
def pilot_task_update(*, actor, task: PilotTask, data: dict) -> PilotTask:
    """Move a task across the board or change its title, assignee or due date."""
    unknown = set(data) - {"title", "assignee", "due_date", "status"}
    if unknown:
        raise ValidationError(f"Cannot change {', '.join(sorted(unknown))} here.")
    check_object(actor=actor, action="change", obj=task)
    if data.get("assignee") is not None:
        _check_assignee(task.pilot, data["assignee"])
    task, _ = model_update(actor=actor, instance=task, data=data)
    return task
