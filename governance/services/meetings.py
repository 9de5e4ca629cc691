"""Steering groups, meetings (agenda, minutes, decisions) and action items (SPEC §4)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from srm.audit.services import audit_record
from srm.core import permissions
from srm.core.notifications import notification_send
from srm.core.services import model_create, model_update

from ..models import ActionItem, Meeting, SteeringGroup


@transaction.atomic
def steering_group_create(
    *, actor, name: str, members=(), chair=None, description: str = ""
) -> SteeringGroup:
    return model_create(
        actor=actor,
        model=SteeringGroup,
        data={"name": name, "chair": chair, "description": description},
        m2m={"members": list(members)},
    )


@transaction.atomic
def steering_group_update(
    *, actor, group: SteeringGroup, data: dict, members=None
) -> SteeringGroup:
    unknown = set(data) - {"name", "description", "chair", "is_active"}
    if unknown:
        raise ValidationError(f"Cannot change {', '.join(sorted(unknown))} here.")
    group, _ = model_update(
        actor=actor,
        instance=group,
        data=data,
        m2m={"members": list(members)} if members is not None else None,
    )
    return group


def _default_title(kind: str, scheduled_for) -> str:
    local = timezone.localtime(scheduled_for) if timezone.is_aware(scheduled_for) else scheduled_for
    if kind == Meeting.Kind.MONTHLY:
        return f"Governance meeting {local:%B %Y}"
    return f"{Meeting.Kind(kind).label} {local:%Y-%m-%d}"


@transaction.atomic
def meeting_create(
    *, actor, group: SteeringGroup, kind: str, scheduled_for, title: str = ""
) -> Meeting:
    """Plan a meeting. Disputes waiting for the steering committee are put on the next one."""
    meeting = model_create(
        actor=actor,
        model=Meeting,
        data={
            "group": group,
            "kind": kind,
            "scheduled_for": scheduled_for,
            "title": title or _default_title(kind, scheduled_for),
        },
    )
    from .disputes import disputes_attach_meeting

    disputes_attach_meeting(actor=actor)
    notification_send(
        recipients=group.members.all(),
        subject=f"Meeting planned: {meeting.title}",
        body=f"{meeting.get_kind_display()} on {timezone.localtime(scheduled_for):%Y-%m-%d %H:%M}.",
        link=meeting.get_absolute_url(),
    )
    return meeting


@transaction.atomic
def meeting_update(*, actor, meeting: Meeting, data: dict) -> Meeting:
    unknown = set(data) - set(Meeting.EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Cannot change {', '.join(sorted(unknown))} here.")
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("A cancelled meeting cannot be changed.")
    meeting, _ = model_update(actor=actor, instance=meeting, data=data)
    return meeting


@transaction.atomic
def meeting_hold(*, actor, meeting: Meeting, minutes: str, agenda: list | None = None) -> Meeting:
    """Record that the meeting took place, with its minutes; the agenda is frozen as it
    stands now, so the minutes keep the context they were written in."""
    from ..selectors import agenda_build

    meeting = Meeting.objects.select_for_update(of=("self",), no_key=True).get(pk=meeting.pk)
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(f"This meeting is {meeting.status}.")
    if not minutes.strip():
        raise ValidationError({"minutes": "Write the minutes."})
    if agenda is None:
        on = timezone.localtime(meeting.scheduled_for).date()
        agenda = [group.as_dict() for group in agenda_build(user=actor, on=on)]
    meeting, _ = model_update(
        actor=actor,
        instance=meeting,
        data={
            "status": Meeting.Status.HELD,
            "minutes": minutes,
            "agenda": agenda,
            "held_at": timezone.now(),
        },
        action="transition:held",
    )
    return meeting


@transaction.atomic
def meeting_cancel(*, actor, meeting: Meeting) -> Meeting:
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(f"This meeting is {meeting.status}.")
    meeting, _ = model_update(
        actor=actor,
        instance=meeting,
        data={"status": Meeting.Status.CANCELLED},
        action="transition:cancelled",
    )
    return meeting


def _check_supplier_reach(*, actor, action: str, supplier) -> None:
    if not permissions.can_supplier(actor, ActionItem, action, supplier.pk):
        raise PermissionDenied(gettext("That supplier is outside your reach."))


@transaction.atomic
def action_item_create(
    *,
    actor,
    title: str,
    due_date: date,
    owner=None,
    description: str = "",
    supplier=None,
    meeting: Meeting | None = None,
    decision_request=None,
    dispute=None,
    also_notify=None,
    check_reach: bool = True,
) -> ActionItem:
    """Record an action (owner, due date); the owner (or ``also_notify``) hears about it.

    An action on a supplier needs the actor's reach over it; a follow-up the rules owe
    (not the actor's choice) passes ``check_reach=False``."""
    if check_reach and supplier is not None:
        _check_supplier_reach(actor=actor, action="add", supplier=supplier)
    if owner is not None and getattr(owner, "supplier_id", None):
        raise ValidationError({"owner": "An action item is owned by an internal person."})
    item = model_create(
        actor=actor,
        model=ActionItem,
        data={
            "title": title,
            "description": description,
            "owner": owner,
            "due_date": due_date,
            "supplier": supplier,
            "meeting": meeting,
            "decision_request": decision_request,
            "dispute": dispute,
            "created_by": actor if getattr(actor, "pk", None) else None,
        },
    )
    recipients = list(also_notify or ([owner] if owner else []))
    notification_send(
        recipients=[u for u in recipients if u.pk != getattr(actor, "pk", None)],
        subject=f"Action for you: {title}"[:200],
        body=f"Due {due_date:%Y-%m-%d}.",
        link=item.get_absolute_url(),
    )
    return item


@transaction.atomic
def action_item_update(*, actor, item: ActionItem, data: dict) -> ActionItem:
    """Change an action item; moving it to done stamps when it was completed. Moving it
    to another supplier needs the actor's reach over that supplier."""
    unknown = set(data) - set(ActionItem.EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Cannot change {', '.join(sorted(unknown))} here.")
    if data.get("supplier") is not None:
        _check_supplier_reach(actor=actor, action="change", supplier=data["supplier"])
    owner = data.get("owner")
    if owner is not None and getattr(owner, "supplier_id", None):
        raise ValidationError({"owner": "An action item is owned by an internal person."})
    data = dict(data)
    if "status" in data and data["status"] != item.status:
        data["completed_at"] = timezone.now() if data["status"] == ActionItem.Status.DONE else None
    item, changed = model_update(actor=actor, instance=item, data=data)
    if changed and owner is not None and owner.pk != getattr(actor, "pk", None):
        notification_send(
            recipients=[owner],
            subject=f"Action for you: {item.title}"[:200],
            body=f"Due {item.due_date:%Y-%m-%d}.",
            link=item.get_absolute_url(),
        )
    return item


def action_item_set_status(*, actor, item: ActionItem, status: str) -> ActionItem:
    """The owner of an action, or anyone who may change it, moves its status."""
    if item.owner_id != getattr(actor, "pk", None) and not permissions.can_object(
        actor, "change", item
    ):
        raise PermissionDenied(gettext("You may not change this action item."))
    if not status:
        raise ValidationError({"status": gettext("Choose a status.")})
    if status not in ActionItem.Status.values:
        raise ValidationError({"status": f"Unknown status {status!r}."})
    return action_item_update(actor=actor, item=item, data={"status": status})


@transaction.atomic
def overdue_actions_notify(*, today: date | None = None) -> int:
    """Tell each owner once about each of their actions that went overdue."""
    today = today or timezone.localdate()
    items = list(
        ActionItem.objects.select_for_update(of=("self",), no_key=True)
        .filter(
            status__in=ActionItem.OPEN_STATUSES,
            due_date__lt=today,
            overdue_notified_at__isnull=True,
            owner__isnull=False,
        )
        .select_related("owner")
    )
    now = timezone.now()
    for item in items:
        notification_send(
            recipients=[item.owner],
            subject=f"Overdue: {item.title}"[:200],
            body=f"Was due {item.due_date:%Y-%m-%d}.",
            link=item.get_absolute_url(),
        )
    if items:
        ActionItem.objects.filter(pk__in=[i.pk for i in items]).update(overdue_notified_at=now)
        audit_record(
            actor=None,
            action="overdue_notified",
            subject=_bulk_subject("governance.actionitem", len(items)),
            after={"action_items": sorted(i.pk for i in items)},
        )
    return len(items)


def _bulk_subject(object_type: str, count: int):
    from srm.audit.services import AuditSubject

    return AuditSubject(object_type, "*", f"{count} overdue")
