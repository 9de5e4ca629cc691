"""The governance sources of the meeting agenda (SPEC §4), registered in ``srm.core.review``.

Each is ``fn(user, on) -> list[AgendaItem]`` and sees only what the user may see.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext

from srm.core import permissions
from srm.core.review import AgendaItem, register_agenda_source
from suppliers import selectors as supplier_selectors

from . import selectors
from .models import ActionItem, DecisionRequest, Dispute
from .rules import dispute_ladder

LIMIT = 25


def decisions_waiting(user, on: date) -> list[AgendaItem]:
    requests = (
        selectors.decision_request_list(user=user)
        .filter(state=DecisionRequest.State.SUBMITTED)
        .order_by("submitted_at")[:LIMIT]
    )
    items = []
    for request in requests:
        waited = (on - timezone.localtime(request.submitted_at).date()).days
        items.append(
            AgendaItem(
                kind="decision_waiting",
                title=f"#{request.pk} {request.title} ({request.decision_type.name}, "
                f"waiting {waited} days)",
                link=request.get_absolute_url(),
                supplier_code=request.supplier.code if request.supplier_id else "",
                severity="warning" if waited > 7 else "info",
                owner=str(request.requester),
            )
        )
    return items


def disputes_for_steering(user, on: date) -> list[AgendaItem]:
    ladder = dispute_ladder()
    if not ladder:
        return []
    disputes = selectors.dispute_list(user=user).filter(
        status=Dispute.Status.OPEN, level=ladder[-1].step
    )[:LIMIT]
    return [
        AgendaItem(
            kind="dispute_escalated",
            title=f"#{d.pk} {d.subject}",
            link=d.get_absolute_url(),
            supplier_code=d.supplier.code,
            severity="danger",
            owner=str(d.assignee or ""),
        )
        for d in disputes
    ]


def actions_overdue(user, on: date) -> list[AgendaItem]:
    overdue = (
        selectors.action_item_list(user=user, today=on)
        .filter(status__in=ActionItem.OPEN_STATUSES, due_date__lt=on)
        .order_by("due_date")[:LIMIT]
    )
    return [
        AgendaItem(
            kind="action_overdue",
            title=f"{a.title} ({a.owner or 'no owner'}, due {a.due_date:%Y-%m-%d})",
            link=a.get_absolute_url(),
            supplier_code=a.supplier.code if a.supplier else "",
            severity="danger",
            owner=str(a.owner or ""),
        )
        for a in overdue
    ]


def contracts_renewing(user, on: date) -> list[AgendaItem]:
    if not permissions.can(user, "view", supplier_selectors.Contract):
        return []
    contracts = supplier_selectors.contracts_renewing(user=user, today=on)[:LIMIT]
    items = []
    for c in contracts:
        title = f"{c.number} {c.supplier.name}: renews {(c.renewal_date or c.end_date):%Y-%m-%d}"
        if c.notice_deadline:
            title += ", " + gettext("notice by %(day)s") % {"day": f"{c.notice_deadline:%Y-%m-%d}"}
        flag = c.get_notice_flag_display(on)
        if flag:
            title += f" ({flag})"
        items.append(
            AgendaItem(
                kind="contract_renewing",
                title=title,
                link=c.get_absolute_url(),
                supplier_code=c.supplier.code,
                severity="danger" if flag else "warning",
                owner=str(c.owner or ""),
            )
        )
    return items


def certificates_expiring(user, on: date) -> list[AgendaItem]:
    if not permissions.can(user, "view", supplier_selectors.Certificate):
        return []
    certificates = supplier_selectors.certificates_expiring(user=user, today=on)[:LIMIT]
    return [
        AgendaItem(
            kind="certificate_expiring",
            title=f"{c.supplier.name}: {c.get_kind_display()} "
            f"{'expired' if c.expires_on < on else 'expires'} {c.expires_on:%Y-%m-%d}",
            link=c.supplier.get_absolute_url(),
            supplier_code=c.supplier.code,
            severity="danger" if c.expires_on < on else "warning",
        )
        for c in certificates
    ]


def register() -> None:
    register_agenda_source("decisions_waiting", decisions_waiting)
    register_agenda_source("disputes_steering", disputes_for_steering)
    register_agenda_source("actions_overdue", actions_overdue)
    register_agenda_source("contracts_renewing", contracts_renewing)
    register_agenda_source("certificates_expiring", certificates_expiring)
