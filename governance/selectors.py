"""Reads of the governance domain. Each takes the user, so permission filtering happens here."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Case, Exists, OuterRef, Prefetch, QuerySet, Value, When
from django.db.models.fields import BooleanField
from django.utils import timezone

from srm.accounts.models import Role
from srm.core import permissions
from srm.core.models import Notification
from srm.core.permissions import restrict
from srm.core.review import AGENDA_SOURCES, AgendaItem

from .models import (
    ActionItem,
    DecisionRequest,
    DecisionRight,
    DecisionType,
    Dispute,
    Meeting,
    RightKind,
    RightPath,
    SignOff,
    SteeringGroup,
    SupplierRequest,
)
from .rules import required_rights

logger = logging.getLogger(__name__)

# --- decision rights -----------------------------------------------------------------


def decision_type_list(*, user) -> QuerySet[DecisionType]:
    return restrict(DecisionType.objects.all(), user).prefetch_related(
        Prefetch("rights", queryset=DecisionRight.objects.select_related("role"))
    )


@dataclass
class RightsCell:
    proposes: bool = False
    informed: bool = False
    signs_off: list[str] = field(default_factory=list)  # "standard", "high impact", ...


def decision_rights_map(*, user) -> dict:
    """The decision-rights map: decision type × role → proposes / signs off / informed,
    generated from the ``DecisionRight`` rows (SPEC §3)."""
    types = list(decision_type_list(user=user).filter(is_active=True))
    roles = list(Role.objects.order_by("name"))
    rows = []
    for decision_type in types:
        cells = {role.pk: RightsCell() for role in roles}
        for right in sorted(decision_type.rights.all(), key=lambda r: (r.step, r.path)):
            cell = cells.get(right.role_id)
            if cell is None:
                continue
            if right.kind == RightKind.PROPOSES:
                cell.proposes = True
            elif right.kind == RightKind.INFORMED:
                cell.informed = True
            elif right.path == RightPath.ESCALATION:
                limit = f"{right.days} days" if right.days is not None else "next meeting"
                cell.signs_off.append(f"escalation step {right.step} ({limit})")
            else:
                cell.signs_off.append(RightPath(right.path).label.lower())
        rows.append(
            {
                "type": decision_type,
                "high_impact_levels": [
                    v.strip() for v in decision_type.high_impact_risk_levels.split(",") if v.strip()
                ],
                "cells": [cells[role.pk] for role in roles],
            }
        )
    used = [
        i
        for i, _ in enumerate(roles)
        if any(
            row["cells"][i].proposes or row["cells"][i].informed or row["cells"][i].signs_off
            for row in rows
        )
    ]
    return {
        "roles": [roles[i] for i in used],
        "rows": [{**row, "cells": [row["cells"][i] for i in used]} for row in rows],
    }


# --- decision requests -----------------------------------------------------------------


def decision_request_list(*, user) -> QuerySet[DecisionRequest]:
    return restrict(DecisionRequest.objects.all(), user).select_related(
        "decision_type", "supplier", "requester"
    )


def decision_request_sign_off_status(*, request: DecisionRequest) -> list[dict]:
    """Each slot the request's path needs, and who filled it (if anyone)."""
    signed = {s.role_id: s for s in request.sign_offs.select_related("signer", "role")}
    if request.state == DecisionRequest.State.DRAFT:
        return [{"role": r.role, "sign_off": None} for r in required_rights(request)]
    slots = [
        {"role": right.role, "sign_off": signed.pop(right.role_id, None)}
        for right in required_rights(request)
    ]
    # Sign-offs whose rule has since been edited away are still shown.
    slots += [{"role": s.role, "sign_off": s} for s in signed.values()]
    return slots


def decisions_waiting_for(*, user) -> QuerySet[DecisionRequest]:
    """Submitted requests with an open slot in one of the user's roles, not raised by them
    and not yet signed by them."""
    if not permissions.can(user, "sign_off", DecisionRequest):
        return DecisionRequest.objects.none()
    open_slot = DecisionRight.objects.filter(
        decision_type=OuterRef("decision_type"),
        path=OuterRef("path"),
        kind=RightKind.SIGNS_OFF,
        role__group__user=user,
    ).exclude(role__in=SignOff.objects.filter(request=OuterRef(OuterRef("pk"))).values("role"))
    signed = SignOff.objects.filter(request=OuterRef("pk"), signer=user)
    return (
        restrict(DecisionRequest.objects.all(), user, "sign_off")
        .filter(state=DecisionRequest.State.SUBMITTED)
        .exclude(requester=user)
        .filter(Exists(open_slot))
        .exclude(Exists(signed))
        .select_related("decision_type", "supplier", "requester")
    )


# --- disputes ----------------------------------------------------------------------------


def dispute_list(*, user) -> QuerySet[Dispute]:
    return restrict(Dispute.objects.all(), user).select_related(
        "supplier", "step_role", "assignee", "raised_by"
    )


# --- supplier requests ---------------------------------------------------------------------


def supplier_request_list(*, user, now=None) -> QuerySet[SupplierRequest]:
    """Requests in reach, each annotated ``overdue`` (open and past its due time)."""
    now = now or timezone.now()
    return (
        restrict(SupplierRequest.objects.all(), user)
        .select_related("supplier", "owner")
        .annotate(
            overdue=Case(
                When(status=SupplierRequest.Status.OPEN, due_at__lt=now, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


# --- meetings and actions -----------------------------------------------------------------


def steering_group_list(*, user) -> QuerySet[SteeringGroup]:
    return restrict(SteeringGroup.objects.all(), user).prefetch_related("members")


def meeting_list(*, user) -> QuerySet[Meeting]:
    return restrict(Meeting.objects.all(), user).select_related("group")


def action_item_list(*, user, today: date | None = None) -> QuerySet[ActionItem]:
    today = today or timezone.localdate()
    return (
        restrict(ActionItem.objects.all(), user)
        .select_related("owner", "supplier", "meeting")
        .annotate(
            overdue=Case(
                When(status__in=ActionItem.OPEN_STATUSES, due_date__lt=today, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


def my_actions(*, user, today: date | None = None) -> QuerySet[ActionItem]:
    """The user's own action items. An owner always sees what they must do, even when the
    supplier it concerns lies outside their category grants."""
    today = today or timezone.localdate()
    if not permissions.can(user, "view", ActionItem):
        return ActionItem.objects.none()
    return (
        ActionItem.objects.filter(owner=user)
        .select_related("supplier", "meeting", "decision_request", "dispute")
        .annotate(
            overdue=Case(
                When(status__in=ActionItem.OPEN_STATUSES, due_date__lt=today, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


# --- agenda --------------------------------------------------------------------------------


@dataclass
class AgendaGroup:
    source: str
    title: str
    items: list[AgendaItem]

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "title": self.title,
            "items": [asdict(item) for item in self.items],
        }


AGENDA_TITLES = {
    "standings_that_fell": "Suppliers whose standing fell",
    "risks_high": "Risks at high or critical",
    "risk_reviews_overdue": "Risk reviews overdue",
    "decisions_waiting": "Decisions waiting",
    "disputes_steering": "Disputes for the steering committee",
    "actions_overdue": "Overdue actions",
    "contracts_renewing": "Contracts renewing in the next 90 days",
    "certificates_expiring": "Certificates expiring in the next 60 days",
}
AGENDA_ORDER = list(AGENDA_TITLES)


def agenda_build(*, user, on: date) -> list[AgendaGroup]:
    """The meeting agenda from every registered source (SPEC §4), in a fixed order; a
    source that fails is shown as failed rather than taking the page down."""
    groups = []
    order = {name: i for i, name in enumerate(AGENDA_ORDER)}
    for name in sorted(AGENDA_SOURCES, key=lambda n: (order.get(n, len(order)), n)):
        title = AGENDA_TITLES.get(name, name.replace("_", " ").capitalize())
        try:
            # A savepoint: a failing source must not poison the caller's transaction.
            with transaction.atomic():
                items = list(AGENDA_SOURCES[name](user, on))
        except Exception:
            logger.exception("agenda source %s failed", name)
            items = [
                AgendaItem(
                    kind="error",
                    title="This part of the agenda could not be built.",
                    severity="danger",
                )
            ]
        groups.append(AgendaGroup(name, title, items))
    return groups


def agenda_visible_to(agenda: list[dict], *, user) -> list[dict]:
    """A frozen agenda (``Meeting.agenda``, built with the reach of whoever held the
    meeting) as ``user`` may read it: items about a supplier outside their reach are left
    out, so a category manager does not read about other categories' suppliers."""
    from suppliers.models import Supplier

    codes = {
        item.get("supplier_code")
        for group in agenda
        for item in group.get("items", ())
        if item.get("supplier_code")
    }
    reach = permissions.supplier_scope(user, Supplier, "view")
    suppliers = Supplier.objects.filter(code__in=codes)
    if reach is not None:
        suppliers = suppliers.filter(pk__in=reach)
    visible = set(suppliers.values_list("code", flat=True))
    return [
        {
            **group,
            "items": [
                item
                for item in group.get("items", ())
                if not item.get("supplier_code") or item["supplier_code"] in visible
            ],
        }
        for group in agenda
    ]


# --- notifications -------------------------------------------------------------------------


def notification_list(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def notification_unread_count(*, user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
