"""Governance's sections of "my work" (``srm.core.work``): sign-offs waiting for me, my
requests and where they stand, disputes at my rung, my action items and the supplier
requests I own that are overdue. One query per section, whatever the number of rows."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from srm.core import permissions
from srm.core.work import WorkSection, work_item

from . import selectors
from .models import (
    ActionItem,
    DecisionEffect,
    DecisionRequest,
    DecisionRight,
    Dispute,
    RightKind,
    RightPath,
    SupplierRequest,
)


def _supplier_code(request: DecisionRequest) -> str:
    return request.supplier.code if request.supplier_id else str(_("portfolio"))


def sign_offs_waiting(user, today: date) -> list[dict] | None:
    if not permissions.can(user, "sign_off", DecisionRequest):
        return None
    # Own roles, steps opened to the user as a fallback, and colleagues' steps delegated to them.
    waiting = selectors.decisions_waiting_for(user=user, today=today)
    return [
        work_item(
            id=r.pk,
            kind="sign_off",
            title=f"#{r.pk} {r.title}",
            url=r.get_absolute_url(),
            detail=f"{r.decision_type.name} · {_supplier_code(r)} · {r.requester}",
            since=r.submitted_at.isoformat() if r.submitted_at else None,
        )
        for r in waiting.order_by("submitted_at", "pk")
    ]


OPEN_REQUEST_STATES = (
    DecisionRequest.State.DRAFT,
    DecisionRequest.State.SUBMITTED,
    DecisionRequest.State.APPROVED,
)


def my_requests(user, today: date) -> list[dict] | None:
    if not permissions.can(user, "view", DecisionRequest):
        return None
    rows = (
        DecisionRequest.objects.filter(requester=user, state__in=OPEN_REQUEST_STATES)
        .select_related("decision_type", "supplier")
        .annotate(signed=Count("sign_offs"))
        .order_by("-updated_at", "-pk")
    )
    return [
        work_item(
            id=r.pk,
            kind="decision_request",
            title=f"#{r.pk} {r.title}",
            url=r.get_absolute_url(),
            state=r.state,
            detail=f"{r.get_state_display()} · {r.decision_type.name} · {_supplier_code(r)}"
            + (f" · {r.signed} " + str(_("signed")) if r.state == "submitted" else "")
            + (f" · {r.apply_error}" if r.apply_error else ""),
        )
        for r in rows
    ]


def disputes_at_my_rung(user, today: date) -> list[dict] | None:
    """Open disputes whose current rung is a role the user holds (or assigned to them),
    within reach."""
    if not permissions.can(user, "view", Dispute):
        return None
    rung = DecisionRight.objects.filter(
        decision_type__effect=DecisionEffect.DISPUTE,
        kind=RightKind.SIGNS_OFF,
        path=RightPath.ESCALATION,
        step=OuterRef("level"),
        role__group__user=user,
    )
    now = timezone.now()
    rows = (
        selectors.dispute_list(user=user)
        .filter(status=Dispute.Status.OPEN)
        .annotate(at_my_rung=Exists(rung))
        .filter(at_my_rung=True)
        .order_by("step_due_at", "pk")
    )
    return [
        work_item(
            id=d.pk,
            kind="dispute",
            title=f"#{d.pk} {d.subject}",
            url=d.get_absolute_url(),
            due=timezone.localdate(d.step_due_at) if d.step_due_at else None,
            overdue=d.is_overdue(now),
            detail=f"{d.supplier.code} · {d.step_role.name if d.step_role else ''}",
        )
        for d in rows
    ]


def my_action_items(user, today: date) -> list[dict] | None:
    """Open actions first, soonest due first, overdue flagged."""
    if not permissions.can(user, "view", ActionItem):
        return None
    rows = (
        selectors.my_actions(user=user, today=today)
        .filter(status__in=ActionItem.OPEN_STATUSES)
        .order_by("due_date", "pk")
    )
    return [
        work_item(
            id=a.pk,
            kind="action_item",
            title=a.title,
            url=a.get_absolute_url(),
            due=a.due_date,
            overdue=a.overdue,
            detail=a.supplier.code if a.supplier else "",
        )
        for a in rows
    ]


def my_overdue_supplier_requests(user, today: date) -> list[dict] | None:
    if not permissions.can(user, "view", SupplierRequest):
        return None
    now = timezone.now()
    rows = (
        SupplierRequest.objects.filter(
            owner=user, status=SupplierRequest.Status.OPEN, due_at__lt=now
        )
        .select_related("supplier")
        .order_by("due_at", "pk")
    )
    return [
        work_item(
            id=r.pk,
            kind="supplier_request",
            title=r.subject,
            url=r.get_absolute_url(),
            due=timezone.localdate(r.due_at),
            overdue=True,
            detail=r.supplier.code,
        )
        for r in rows
    ]


WORK_SECTIONS = (
    WorkSection("sign_offs", _("Sign-offs waiting for me"), sign_offs_waiting, order=10),
    WorkSection("my_requests", _("My requests"), my_requests, order=20),
    WorkSection("disputes", _("Disputes at my rung"), disputes_at_my_rung, order=30),
    WorkSection("action_items", _("My action items"), my_action_items, order=40),
    WorkSection(
        "supplier_requests",
        _("Supplier requests I own, overdue"),
        my_overdue_supplier_requests,
        order=50,
    ),
)
