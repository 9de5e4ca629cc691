from django.db.models import F
from rest_framework.filters import BaseFilterBackend, OrderingFilter, SearchFilter

from .. import permissions


class RestrictedQuerysetBackend(BaseFilterBackend):
    """Every list and every object lookup sees only the rows within the user's reach."""

    def filter_queryset(self, request, queryset, view):
        return permissions.restrict(queryset, request.user, "view")


def _user(request):
    return getattr(request, "user", None)


class ReadableOrderingFilter(OrderingFilter):
    """``?ordering=`` by the view's ``ordering_fields`` that the user may read: a field
    the choke point guards (``permissions.may_read_path``) is dropped, as on the pages.
    Empty values sort last in both directions: an unscored supplier is neither the best
    nor the worst (issue 11)."""

    def remove_invalid_fields(self, queryset, fields, view, request):
        fields = super().remove_invalid_fields(queryset, fields, view, request)
        return [f for f in fields if permissions.may_read_path(_user(request), queryset.model, f)]

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


class ReadableSearchFilter(SearchFilter):
    """``?search=`` only through fields the user may read."""

    def get_search_fields(self, view, request):
        fields = super().get_search_fields(view, request)
        if not fields:
            return fields
        model = view.get_queryset().model
        return [
            f for f in fields if permissions.may_read_path(_user(request), model, f.lstrip("^=@$"))
        ]
