"""Filters shared by the risk pages and the API."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from srm.core.filtersets import YES_NO_ANY, GovernedFilterSet, StyledFilterSet
from suppliers.models import Region

from .models import (
    ContinuityPlan,
    Incident,
    IncidentKind,
    RiskDimension,
    RiskLevel,
    RiskScore,
    Segment,
    Severity,
)

HIGH_DIMENSION_VALUE = 4


def _dimension_choices():
    return [(d.code, d.name) for d in RiskDimension.objects.filter(is_active=True)]


class RiskScoreFilterSet(StyledFilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    level = django_filters.ChoiceFilter(choices=RiskLevel.choices, empty_label="Any")
    segment = django_filters.ChoiceFilter(
        choices=Segment.choices, empty_label="Any", label="Kraljic segment"
    )
    region = django_filters.ChoiceFilter(
        field_name="supplier__region", choices=Region.choices, empty_label="Any"
    )
    dimension = django_filters.ChoiceFilter(
        method="filter_dimension",
        choices=_dimension_choices,
        empty_label="Any",
        label=f"High (≥ {HIGH_DIMENSION_VALUE}) in",
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label="Review overdue", widget=YES_NO_ANY
    )

    class Meta:
        model = RiskScore
        fields = ["q", "level", "segment", "region", "dimension", "overdue"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(supplier__code__icontains=value) | Q(supplier__name__icontains=value)
        )

    def filter_dimension(self, queryset, name, value):
        """Suppliers whose value in this dimension is 4 or 5."""
        if not value:
            return queryset
        return queryset.filter(**{f"dimensions__{value}__gte": HIGH_DIMENSION_VALUE})

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = Q(review_due_on__lt=timezone.localdate()) | Q(review_due_on__isnull=True)
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class RiskScoreAPIFilterSet(GovernedFilterSet):
    supplier = django_filters.CharFilter(field_name="supplier__code", label="Supplier code")
    level = django_filters.ChoiceFilter(choices=RiskLevel.choices)
    segment = django_filters.ChoiceFilter(choices=Segment.choices)
    region = django_filters.ChoiceFilter(field_name="supplier__region", choices=Region.choices)

    class Meta:
        model = RiskScore
        fields = ["supplier", "level", "segment", "region"]


class ContinuityPlanFilterSet(StyledFilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    supplier = django_filters.CharFilter(field_name="supplier__code", label="Supplier code")
    item = django_filters.CharFilter(field_name="item__code", label="Item code")

    class Meta:
        model = ContinuityPlan
        fields = ["q", "supplier", "item"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(item__code__icontains=value)
            | Q(item__name__icontains=value)
            | Q(supplier__code__icontains=value)
            | Q(supplier__name__icontains=value)
        )


class IncidentFilterSet(StyledFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    supplier = django_filters.CharFilter(field_name="supplier__code", label=_("Supplier code"))
    kind = django_filters.ChoiceFilter(choices=IncidentKind.choices, empty_label=_("Any"))
    severity = django_filters.MultipleChoiceFilter(choices=Severity.choices, label=_("Severity"))
    item = django_filters.CharFilter(field_name="item__code", label=_("Item code"))
    occurred_from = django_filters.DateFilter(
        field_name="occurred_on", lookup_expr="gte", label=_("From")
    )
    occurred_to = django_filters.DateFilter(
        field_name="occurred_on", lookup_expr="lte", label=_("To")
    )
    corrective_action = django_filters.BooleanFilter(
        field_name="corrective_action",
        lookup_expr="isnull",
        exclude=True,
        label=_("Corrective action"),
        widget=YES_NO_ANY,
    )

    class Meta:
        model = Incident
        fields = [
            "q",
            "supplier",
            "kind",
            "severity",
            "item",
            "occurred_from",
            "occurred_to",
            "corrective_action",
        ]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(description__icontains=value)
            | Q(impact__icontains=value)
            | Q(supplier__name__icontains=value)
            | Q(supplier__code__iexact=value)
        )
