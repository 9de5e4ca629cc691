"""Filters shared by the pages and the API, so both answer the same question the same way."""

import django_filters
from django.db.models import Q

from srm.core.filtersets import StyledFilterSet

from .models import Forecast, Idea, Pilot, RoadmapItem


class SearchMixin:
    search_fields: tuple[str, ...] = ("title",)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)


class PilotFilterSet(SearchMixin, StyledFilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    supplier = django_filters.CharFilter(field_name="supplier__code", label="Supplier code")
    status = django_filters.ChoiceFilter(choices=Pilot.Status.choices, empty_label="Any")
    search_fields = ("title", "goal", "supplier__name")

    class Meta:
        model = Pilot
        fields = ["q", "supplier", "status"]


class IdeaFilterSet(SearchMixin, StyledFilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    supplier = django_filters.CharFilter(field_name="supplier__code", label="Supplier code")
    status = django_filters.ChoiceFilter(choices=Idea.Status.choices, empty_label="Any")
    accepted_from = django_filters.DateFilter(
        field_name="accepted_on", lookup_expr="gte", label="Accepted from"
    )
    accepted_to = django_filters.DateFilter(
        field_name="accepted_on", lookup_expr="lte", label="Accepted to"
    )
    search_fields = ("title", "description", "supplier__name")

    class Meta:
        model = Idea
        fields = ["q", "supplier", "status", "accepted_from", "accepted_to"]


class RoadmapItemFilterSet(SearchMixin, StyledFilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    supplier = django_filters.CharFilter(field_name="supplier__code", label="Supplier code")
    status = django_filters.ChoiceFilter(choices=RoadmapItem.Status.choices, empty_label="Any")
    led_by = django_filters.ChoiceFilter(choices=RoadmapItem.LedBy.choices, empty_label="Any")
    target_quarter = django_filters.CharFilter(label="Quarter (YYYY-Qn)")
    search_fields = ("title", "description", "supplier__name")

    class Meta:
        model = RoadmapItem
        fields = ["q", "supplier", "status", "led_by", "target_quarter"]


class ForecastFilterSet(SearchMixin, StyledFilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    supplier = django_filters.CharFilter(field_name="supplier__code", label="Supplier code")
    status = django_filters.ChoiceFilter(choices=Forecast.Status.choices, empty_label="Any")
    search_fields = ("title", "supplier__name")

    class Meta:
        model = Forecast
        fields = ["q", "supplier", "status"]
