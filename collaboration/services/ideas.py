"""Supplier-led improvement ideas and the shared roadmap."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from srm.audit.services import audit_record
from srm.core.notifications import notification_send
from srm.core.services import model_create, model_update
from suppliers.models import Supplier

from ..models import (
    IDEA_TRANSITIONS,
    Idea,
    RoadmapItem,
)
from .common import check_object, check_supplier, fsm_transition


def _idea_supplier(actor, supplier: Supplier | None) -> Supplier:
    """A supplier's people submit ideas for their own supplier; the buyer's staff name one."""
    if getattr(actor, "supplier_id", None):
        if supplier is not None and supplier.pk != actor.supplier_id:
            raise PermissionDenied(gettext("You submit ideas for your own supplier."))
        return actor.supplier
    if supplier is None:
        raise ValidationError({"supplier": gettext("Name the supplier.")})
    return supplier


@transaction.atomic
def idea_submit(
    *,
    actor,
    supplier: Supplier | None = None,
    title: str,
    description: str,
    estimated_value: Decimal = Decimal("0"),
    currency: str = "EUR",
    proposer=None,
) -> Idea:
    """Submit an improvement idea for ``supplier`` (a supplier's people: their own, which
    they need not name); the proposer is the actor unless given.

    The supplier's relationship owner is told."""
    supplier = _idea_supplier(actor, supplier)
    check_supplier(actor=actor, model=Idea, action="add", supplier=supplier)
    if proposer is None and getattr(actor, "pk", None):
        proposer = actor
    idea = model_create(
        actor=actor,
        model=Idea,
        data={
            "supplier": supplier,
            "title": title,
            "description": description,
            "estimated_value": estimated_value,
            "currency": currency,
            "proposer": proposer,
            "submitted_on": timezone.localdate(),
        },
    )
    notification_send(
        recipients=[supplier.relationship_owner],
        subject=f"New improvement idea from {supplier.name}: {title}",
        body=description[:500],
        link=idea.get_absolute_url(),
    )
    return idea


@transaction.atomic
def idea_update(*, actor, idea: Idea, data: dict) -> Idea:
    """Edit an idea's text and values. The status moves only through ``idea_transition``."""
    unknown = set(data) - {"title", "description", "estimated_value", "realised_value", "currency"}
    if unknown:
        raise ValidationError(f"Cannot change {', '.join(sorted(unknown))} here.")
    check_object(actor=actor, action="change", obj=idea)
    idea, _ = model_update(actor=actor, instance=idea, data=data)
    return idea


@transaction.atomic
def idea_transition(
    *,
    actor,
    idea: Idea,
    target: str,
    note: str = "",
    realised_value: Decimal | None = None,
    on: date | None = None,
) -> Idea:
    """Move an idea along submitted → under review → accepted → implemented, or decline it.

    Accepting records the accepted date (the ``improvements`` KPI counts it for 12
    months); implementing may record the realised value. The proposer is told.
    """
    check_object(actor=actor, action="review", obj=idea)
    on = on or timezone.localdate()
    kwargs = {"on": on} if target in (Idea.Status.ACCEPTED, Idea.Status.IMPLEMENTED) else {}
    before = fsm_transition(
        instance=idea,
        field="status",
        method_name=IDEA_TRANSITIONS.get(target),
        target=target,
        **kwargs,
    )
    if note:
        idea.review_note = note
    if realised_value is not None:
        idea.realised_value = realised_value
    idea.full_clean()
    idea.save()
    audit_record(
        actor=actor,
        action=f"transition:{target}",
        instance=idea,
        before=before,
        after={
            "status": idea.status,
            "accepted_on": idea.accepted_on,
            "implemented_on": idea.implemented_on,
            "review_note": idea.review_note,
            "realised_value": idea.realised_value,
        },
    )
    notification_send(
        recipients=[idea.proposer],
        subject=f"Your idea '{idea.title}' is now {idea.get_status_display().lower()}",
        body=idea.review_note,
        link=idea.get_absolute_url(),
    )
    return idea


# --- roadmap ---------------------------------------------------------------------------------

ROADMAP_FIELDS = ("title", "description", "target_quarter", "led_by", "status")


@transaction.atomic
def roadmap_item_create(*, actor, supplier: Supplier, **fields) -> RoadmapItem:
    unknown = set(fields) - set(ROADMAP_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown roadmap fields: {', '.join(sorted(unknown))}.")
    check_supplier(actor=actor, model=RoadmapItem, action="add", supplier=supplier)
    return model_create(actor=actor, model=RoadmapItem, data={"supplier": supplier, **fields})


@transaction.atomic
def roadmap_item_update(*, actor, item: RoadmapItem, data: dict) -> RoadmapItem:
    unknown = set(data) - set(ROADMAP_FIELDS)
    if unknown:
        raise ValidationError(f"Cannot change {', '.join(sorted(unknown))} here.")
    check_object(actor=actor, action="change", obj=item)
    item, _ = model_update(actor=actor, instance=item, data=data)
    return item
