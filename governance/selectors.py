"""Reads of the governance domain. Each takes the user, so permission filtering happens here."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Case, Exists, OuterRef, Prefetch, QuerySet, Sum, Value, When
from django.db.models.fields import BooleanField
from django.utils import timezone

from scorecards.models import Scorecard
from srm.accounts.models import Role
from srm.core import permissions
from srm.core.models import Notification
from srm.core.permissions import restrict
from srm.core.review import AGENDA_SOURCES, AgendaItem
from suppliers.models import ContractPrice, Receipt, ServiceLevel
from suppliers.risk_level import supplier_risk_summary

from . import impact
from .models import (
    ActionItem,
    DecisionEffect,
    DecisionRequest,
    DecisionRight,
    DecisionType,
    Delegation,
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


def decisions_waiting_for(*, user, today=None) -> QuerySet[DecisionRequest]:
    """Submitted requests with an open step this user may sign: in one of their roles
    (and reach), as the step's fallback (the steps ``fallback_steps`` opened to it), or
    for a colleague who delegated to them today; never their own, never one they signed.

    A fixed number of queries whatever the number of requests (a page lists it)."""
    if not getattr(user, "pk", None):
        return DecisionRequest.objects.none()
    today = today or timezone.localdate()
    delegators = [
        d.delegator
        for d in Delegation.objects.filter(
            delegate=user, starts__lte=today, ends__gte=today
        ).select_related("delegator")
    ]
    principals = [p for p in [user, *delegators] if permissions.can(p, "sign_off", DecisionRequest)]
    if not principals:
        return DecisionRequest.objects.none()
    waiting = (
        DecisionRequest.objects.filter(state=DecisionRequest.State.SUBMITTED)
        .exclude(requester=user)
        .exclude(Exists(SignOff.objects.filter(request=OuterRef("pk"), signer=user)))
    )
    found: set[int] = set()
    for principal in principals:
        open_slot = DecisionRight.objects.filter(
            decision_type=OuterRef("decision_type"),
            path=OuterRef("path"),
            kind=RightKind.SIGNS_OFF,
            role__group__user=principal,
        ).exclude(role__in=SignOff.objects.filter(request=OuterRef(OuterRef("pk"))).values("role"))
        direct = restrict(waiting, principal, "sign_off").exclude(requester=principal)
        found |= set(direct.filter(Exists(open_slot)).values_list("pk", flat=True))
        # Fallback steps: the request records which steps are open to the fallback role.
        fallback_rights = {
            (r.decision_type_id, r.path, r.role.code)
            for r in DecisionRight.objects.filter(
                kind=RightKind.SIGNS_OFF, fallback_role__group__user=principal
            ).select_related("role")
        }
        if fallback_rights:
            candidates = (
                restrict(waiting, principal, "view")
                .exclude(requester=principal)
                .exclude(fallback_steps=[])
                .prefetch_related("sign_offs__role")
            )
            for request in candidates:
                signed = {s.role.code for s in request.sign_offs.all()}
                if any(
                    (request.decision_type_id, request.path, code) in fallback_rights
                    for code in request.fallback_steps
                    if code not in signed
                ):
                    found.add(request.pk)
    return (
        DecisionRequest.objects.filter(pk__in=found)
        .select_related("decision_type", "supplier", "requester")
        .order_by("submitted_at")
    )


# --- what a decision changes (SPEC §3, "What the signers see") ---------------------------

SLA_KPI = {"otif": "otif", "defect_rate": "defect_rate", "response_hours": "response_hours"}


def _request_day(request: DecisionRequest) -> date:
    moment = request.submitted_at or request.created_at or timezone.now()
    return timezone.localdate(moment)


def decision_request_impact(*, request: DecisionRequest, today: date | None = None) -> dict | None:
    """The figures the signers see, from ``governance.impact`` over data gathered here;
    ``None`` for a type without any."""
    today = today or timezone.localdate()
    effect = request.decision_type.effect
    if effect == DecisionEffect.CONTRACT_PRICE and request.contract_id and request.item_id:
        if request.proposed_unit_price is None:
            return None
        on = request.effective_from or today
        current = (
            ContractPrice.objects.filter(
                contract_id=request.contract_id, item_id=request.item_id, effective_from__lte=on
            )
            .order_by("-effective_from")
            .values_list("unit_price", flat=True)
            .first()
        )
        until = _request_day(request)
        qty = Receipt.objects.filter(
            contract_id=request.contract_id,
            item_id=request.item_id,
            received_date__gte=until - timedelta(days=365),
            received_date__lt=until,
        ).aggregate(q=Sum("received_qty"))["q"]
        return impact.price_change_impact(
            current_price=current,
            new_price=request.proposed_unit_price,
            trailing_12m_qty=qty or Decimal("0"),
            currency=request.contract.currency,
        )
    if effect == DecisionEffect.SUPPLIER_APPROVAL:
        supplier = request.supplier
        latest = (
            Scorecard.objects.filter(supplier=supplier, standing__isnull=False)
            .order_by("-period")
            .values("period", "score", "standing")
            .first()
        )
        return impact.supplier_approval_impact(
            risk=supplier_risk_summary(supplier),
            certificates=list(supplier.certificates.values_list("kind", "expires_on")),
            contracts=[
                {"number": n, "title": t, "status": st, "end_date": e.isoformat()}
                for n, t, st, e in supplier.contracts.values_list(
                    "number", "title", "status", "end_date"
                )
            ],
            expected_spend=supplier.expected_annual_spend,
            currency=supplier.currency,
            latest_standing=latest
            and {
                "period": f"{latest['period']:%Y-%m}",
                "score": None if latest["score"] is None else str(latest["score"]),
                "standing": latest["standing"],
            },
            open_disputes=Dispute.objects.filter(
                supplier=supplier, status=Dispute.Status.OPEN
            ).count(),
            today=today,
        )
    if effect == DecisionEffect.SERVICE_LEVEL and request.contract_id and request.sla_metric:
        if request.sla_target is None:
            return None
        on = request.effective_from or today
        current = (
            ServiceLevel.objects.filter(
                contract_id=request.contract_id, metric=request.sla_metric, effective_from__lte=on
            )
            .order_by("-effective_from")
            .values_list("target", flat=True)
            .first()
        )
        history = []
        kpi = SLA_KPI.get(request.sla_metric)
        if kpi:
            cards = Scorecard.objects.filter(supplier_id=request.supplier_id).order_by("-period")
            for period, kpis in reversed(list(cards.values_list("period", "kpis")[:12])):
                value = (kpis or {}).get(kpi, {}).get("value")
                history.append((f"{period:%Y-%m}", None if value is None else Decimal(str(value))))
        return impact.service_level_impact(
            metric=request.sla_metric,
            current_target=current,
            new_target=request.sla_target,
            history=history,
        )
    if effect == DecisionEffect.SCORING_POLICY:
        # The what-if preview stored with the request when it was raised and submitted.
        return impact.policy_change_impact((request.payload or {}).get("preview"))
    return None


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
    """The user's own action items, open ones first and soonest due first. An owner always
    sees what they must do, even when the supplier it concerns lies outside their
    category grants."""
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
            ),
            is_done=Case(
                When(status__in=ActionItem.OPEN_STATUSES, then=Value(False)),
                default=Value(True),
                output_field=BooleanField(),
            ),
        )
        .order_by("is_done", "due_date", "pk")
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
        # Most severe first; the sources' own order (e.g. soonest due) within a severity.
        items.sort(key=lambda item: SEVERITY_RANK.get(item.severity, len(SEVERITY_RANK)))
        groups.append(AgendaGroup(name, title, items))
    return groups


SEVERITY_RANK = {"danger": 0, "warning": 1, "info": 2}


def agenda_summary(groups: list[dict]) -> dict:
    """The line on top of the agenda: how many items, how many urgent (danger) and to
    watch (warning), and the groups that hold urgent ones."""
    items = [item for group in groups for item in group["items"]]
    return {
        "total": len(items),
        "danger": sum(1 for i in items if i.get("severity") == "danger"),
        "warning": sum(1 for i in items if i.get("severity") == "warning"),
        "urgent_groups": [
            g["title"] for g in groups if any(i.get("severity") == "danger" for i in g["items"])
        ],
    }


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


# --- delegations ---------------------------------------------------------------------------


def delegations_of(*, user) -> tuple[QuerySet[Delegation], QuerySet[Delegation]]:
    """The user's own delegations: those they gave and those they hold."""
    base = Delegation.objects.select_related("delegator", "delegate")
    return base.filter(delegator=user), base.filter(delegate=user)


def termination_pending():
    """True for a contract (``OuterRef("pk")``) with a contract termination decision
    submitted, approved or applied: its notice deadline is handled (suppliers'
    ``contract_terms``)."""
    return Exists(
        DecisionRequest.objects.filter(
            contract=OuterRef("pk"),
            decision_type__effect=DecisionEffect.CONTRACT_TERMINATION,
            state__in=[
                DecisionRequest.State.SUBMITTED,
                DecisionRequest.State.APPROVED,
                DecisionRequest.State.APPLIED,
            ],
        )
    )
