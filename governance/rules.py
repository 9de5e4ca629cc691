"""The decision rules read from the data (SPEC §3): who may propose a type, which
path a request takes, which sign-offs that path needs, and the dispute ladder.

Reads only; the services enforce them and the pages show them.
"""

from __future__ import annotations

from suppliers.risk_level import supplier_risk_level

from .models import (
    DecisionEffect,
    DecisionRequest,
    DecisionRight,
    DecisionType,
    Meeting,
    RightKind,
    RightPath,
)


def may_propose(actor, decision_type: DecisionType) -> bool:
    """Holds a role that proposes this type (the system and superusers always may)."""
    if actor is None:
        return False
    if actor.is_superuser:
        return True
    if not getattr(actor, "pk", None):
        return False
    role_groups = DecisionRight.objects.filter(
        decision_type=decision_type, kind=RightKind.PROPOSES
    ).values("role__group_id")
    return actor.groups.filter(pk__in=role_groups).exists()


def required_rights(request: DecisionRequest) -> list[DecisionRight]:
    """The sign-off slots of the request's path, in a stable order."""
    return list(
        DecisionRight.objects.filter(
            decision_type_id=request.decision_type_id,
            kind=RightKind.SIGNS_OFF,
            path=request.path or decide_path(request),
        )
        .select_related("role")
        .order_by("step", "role__code")
    )


def decide_path(request: DecisionRequest) -> str:
    """Urgent quick path, high impact, or standard (SPEC §3)."""
    decision_type = request.decision_type
    if request.urgent and decision_type.urgent_path:
        return RightPath.URGENT
    if decision_type.effect == DecisionEffect.SUPPLIER_APPROVAL and decision_type.is_high_impact(
        expected_annual_spend=request.supplier.expected_annual_spend,
        risk_level=supplier_risk_level(request.supplier),
    ):
        return RightPath.HIGH_IMPACT
    return RightPath.STANDARD


def is_high_impact(request: DecisionRequest) -> bool:
    """Above its type's high-impact threshold (risk level or expected spend, SPEC §3), or
    on the high-impact path: signing it off asks for a fresh second factor (step-up)."""
    if request.path == RightPath.HIGH_IMPACT:
        return True
    return request.decision_type.is_high_impact(
        expected_annual_spend=request.supplier.expected_annual_spend,
        risk_level=supplier_risk_level(request.supplier),
    )


def dispute_ladder() -> list[DecisionRight]:
    """The rungs of the ladder, lowest first."""
    return list(
        DecisionRight.objects.filter(
            decision_type__effect=DecisionEffect.DISPUTE,
            decision_type__is_active=True,
            kind=RightKind.SIGNS_OFF,
            path=RightPath.ESCALATION,
        )
        .select_related("role", "role__group")
        .order_by("step")
    )


def next_governance_meeting(after) -> Meeting | None:
    """The next planned monthly governance meeting at or after ``after``."""
    return (
        Meeting.objects.filter(
            status=Meeting.Status.PLANNED, kind=Meeting.Kind.MONTHLY, scheduled_for__gte=after
        )
        .order_by("scheduled_for")
        .first()
    )
