"""Filters of the user administration list."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from srm.core.filtersets import YES_NO_ANY, StyledFilterSet

from .models import Role, User


class UserFilterSet(StyledFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    role = django_filters.ModelChoiceFilter(
        field_name="groups__role", queryset=Role.objects.order_by("name"), label=_("Role")
    )
    is_active = django_filters.BooleanFilter(widget=YES_NO_ANY, label=_("Active"))

    class Meta:
        model = User
        fields = ["q", "role", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(username__icontains=value)
            | Q(email__icontains=value)
            | Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
        )
