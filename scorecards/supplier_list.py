"""What the scorecards add to the supplier list (``suppliers.supplier_list``): the
current standing column, sortable by score, and a standing filter, for users who may see
scorecards. Registered in ``ScorecardsConfig.ready``."""

from __future__ import annotations

import django_filters
import django_tables2 as tables
from django.db.models import CharField, DecimalField, F, OuterRef, QuerySet, Subquery, Value

from srm.core.permissions import can, restrict
from suppliers.supplier_list import SupplierListPart

from .models import Scorecard, Standing
from .tables import DASH, standing_badge


def annotate_supplier_standing(queryset: QuerySet, *, user) -> QuerySet:
    """``current_standing`` and ``current_score``: the latest scored month, as two
    subqueries of the one list query; empty for users without scorecard access."""
    if not can(user, "view", Scorecard):
        return queryset.annotate(
            current_standing=Value(None, output_field=CharField()),
            current_score=Value(None, output_field=DecimalField()),
        )
    # Through the choke point, like the page header: a supplier collaborator sees only the
    # published scorecards its sharing policy shares, not the standing of any other month.
    latest = restrict(
        Scorecard.objects.filter(supplier=OuterRef("pk"), score__isnull=False), user
    ).order_by("-period")
    return queryset.annotate(
        current_standing=Subquery(latest.values("standing")[:1]),
        current_score=Subquery(latest.values("score")[:1]),
    )


class StandingColumn(tables.Column):
    """The supplier's current standing, sortable by its score."""

    permission = ("view", Scorecard)

    def __init__(self, **kwargs):
        kwargs.setdefault("verbose_name", "Standing")
        kwargs.setdefault("accessor", "current_standing")
        kwargs.setdefault("order_by", ("current_score",))
        kwargs.setdefault("empty_values", ())
        super().__init__(**kwargs)

    def order(self, queryset, is_descending):
        # Unscored suppliers last, whichever the direction (issue 11).
        score = F("current_score")
        ordered = score.desc(nulls_last=True) if is_descending else score.asc(nulls_last=True)
        return queryset.order_by(ordered, "name"), True

    def render(self, record):
        standing = getattr(record, "current_standing", None)
        if not standing:
            return DASH
        return standing_badge(standing)


STANDING = SupplierListPart(
    key="standing",
    permission=("view", Scorecard),
    annotate=annotate_supplier_standing,
    columns=(("current_standing", StandingColumn()),),
    filters=(
        (
            "standing",
            django_filters.ChoiceFilter(
                field_name="current_standing",
                choices=Standing.choices,
                empty_label="Any",
                label="Standing",
            ),
        ),
    ),
    order=20,
    sorts=("current_score",),
)
