"""What risk adds to the supplier list (``suppliers.supplier_list``): a risk-level column,
sortable by composite, and the risk-level and Kraljic filters, visible only to users who
may see risk (management track). Registered in ``RiskConfig.ready``."""

from __future__ import annotations

import django_filters
from django.db.models import CharField, DecimalField, F, QuerySet, Value

from srm.core.permissions import can
from suppliers.supplier_list import SupplierListPart

from .models import RiskLevel, RiskScore, Segment
from .tables import NullsLastColumn, level_badge


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


RISK = SupplierListPart(
    key="risk",
    permission=("view", RiskScore),
    annotate=annotate_supplier_risk,
    columns=(("risk_level", RiskLevelColumn()),),
    filters=(
        (
            "risk_level",
            django_filters.ChoiceFilter(
                field_name="risk_score__level",
                choices=RiskLevel.choices,
                empty_label="Any",
                label="Risk",
            ),
        ),
        (
            "kraljic",
            django_filters.ChoiceFilter(
                field_name="risk_score__segment",
                choices=Segment.choices,
                empty_label="Any",
                label="Kraljic segment",
            ),
        ),
    ),
    order=30,
)
