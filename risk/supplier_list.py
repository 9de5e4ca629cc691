"""What the supplier list borrows from risk: a risk-level column and the risk-level and
Kraljic filters, visible only to users who may see risk (management track)."""

from __future__ import annotations

from django.db.models import CharField, DecimalField, F, QuerySet, Value

from srm.core.permissions import can

from .models import RiskLevel, RiskScore, Segment
from .tables import NullsLastColumn, level_badge

LEVEL_CHOICES = RiskLevel.choices
SEGMENT_CHOICES = Segment.choices
FILTERS = ("risk_level", "kraljic")


def can_view_risk(user) -> bool:
    return can(user, "view", RiskScore)


def annotate_supplier_risk(queryset: QuerySet, *, user) -> QuerySet:
    """``risk_level``, ``risk_composite`` and ``kraljic_segment`` on each supplier, through
    one LEFT JOIN (no query per row); empty for a user who may not see risk, so sorting
    by them reveals nothing either."""
    if can_view_risk(user):
        return queryset.annotate(
            risk_level=F("risk_score__level"),
            risk_composite=F("risk_score__composite"),
            kraljic_segment=F("risk_score__segment"),
        )
    return queryset.annotate(
        risk_level=Value(None, output_field=CharField()),
        risk_composite=Value(None, output_field=DecimalField()),
        kraljic_segment=Value(None, output_field=CharField()),
    )


def restrict_filters(filterset, user) -> None:
    """Drop the risk filters for a user who may not see risk."""
    if not can_view_risk(user):
        for name in FILTERS:
            filterset.filters.pop(name, None)


class RiskLevelColumn(NullsLastColumn):
    """The supplier's risk level (badge) and composite, sortable by composite."""

    permission = ("view", RiskScore)

    def __init__(self, **kwargs):
        kwargs.setdefault("verbose_name", "Risk")
        kwargs.setdefault("accessor", "risk_level")
        kwargs.setdefault("order_by", ("risk_composite",))
        kwargs.setdefault("empty_values", ())
        super().__init__(**kwargs)

    def render(self, record):
        level = getattr(record, "risk_level", None)
        if not level:
            return "—"
        return level_badge(level, f"{level.capitalize()} {getattr(record, 'risk_composite', '')}")
