"""Filters shared by the pages and the API, so both answer the same question the same way."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from srm.core.filtersets import YES_NO_ANY, StyledFilterSet

from .models import (
    ActionItem,
    DecisionRequest,
    DecisionType,
    Dispute,
    Meeting,
    SupplierRequest,
)


class DecisionRequestFilterSet(StyledFilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    state = django_filters.ChoiceFilter(choices=DecisionRequest.State.choices, empty_label="Any")
    decision_type = django_filters.ModelChoiceFilter(
        queryset=DecisionType.objects.all(),
        to_field_name="code",
        label="Type",
        empty_label="Any",
    )
    supplier = django_filters.CharFilter(field_name="supplier__code", label="Supplier code")

    class Meta:
        model = DecisionRequest
        fields = ["q", "state", "decision_type", "supplier"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(supplier__name__icontains=value)
            | Q(supplier__code__iexact=value)
        )


class DisputeFilterSet(StyledFilterSet):
    status = django_filters.ChoiceFilter(choices=Dispute.Status.choices, empty_label="Any")
    level = django_filters.NumberFilter(label="Ladder step")
    supplier = django_filters.CharFilter(field_name="supplier__code", label="Supplier code")

    class Meta:
        model = Dispute
        fields = ["status", "level", "supplier"]


class SupplierRequestFilterSet(StyledFilterSet):
    status = django_filters.ChoiceFilter(choices=SupplierRequest.Status.choices, empty_label="Any")
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label="Overdue", widget=YES_NO_ANY
    )
    supplier = django_filters.CharFilter(field_name="supplier__code", label="Supplier code")
    sent_from = django_filters.DateFilter(
        field_name="sent_at", lookup_expr="date__gte", label="Sent from"
    )
    sent_to = django_filters.DateFilter(
        field_name="sent_at", lookup_expr="date__lte", label="Sent to"
    )

    class Meta:
        model = SupplierRequest
        fields = ["status", "overdue", "supplier", "sent_from", "sent_to"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = Q(status=SupplierRequest.Status.OPEN, due_at__lt=timezone.now())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class MeetingFilterSet(StyledFilterSet):
    kind = django_filters.ChoiceFilter(choices=Meeting.Kind.choices, empty_label="Any")
    status = django_filters.ChoiceFilter(choices=Meeting.Status.choices, empty_label="Any")

    class Meta:
        model = Meeting
        fields = ["kind", "status"]


class ActionItemFilterSet(StyledFilterSet):
    status = django_filters.ChoiceFilter(choices=ActionItem.Status.choices, empty_label="Any")
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label="Overdue", widget=YES_NO_ANY
    )
    owner = django_filters.CharFilter(field_name="owner__username", label="Owner (username)")

    class Meta:
        model = ActionItem
        fields = ["status", "overdue", "owner"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = Q(status__in=ActionItem.OPEN_STATUSES, due_date__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)
