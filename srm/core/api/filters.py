from django.db.models import F
from rest_framework.filters import BaseFilterBackend, OrderingFilter

from .. import permissions


class RestrictedQuerysetBackend(BaseFilterBackend):
    """Every list and every object lookup sees only the rows within the user's reach."""

    def filter_queryset(self, request, queryset, view):
        return permissions.restrict(queryset, request.user, "view")


class NullsLastOrderingFilter(OrderingFilter):
    """``?ordering=`` with empty values last in both directions: an unscored supplier
    is neither the best nor the worst (issue 11)."""

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view)
        if not ordering:
            return queryset
        return queryset.order_by(
            *(
                F(name[1:]).desc(nulls_last=True)
                if name.startswith("-")
                else F(name).asc(nulls_last=True)
                for name in ordering
            )
        )
