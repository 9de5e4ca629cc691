from rest_framework.filters import BaseFilterBackend

from .. import permissions


class RestrictedQuerysetBackend(BaseFilterBackend):
    """Every list and every object lookup sees only the rows within the user's reach."""

    def filter_queryset(self, request, queryset, view):
        return permissions.restrict(queryset, request.user, "view")
