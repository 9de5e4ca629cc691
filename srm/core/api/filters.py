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
    the choke point guards (``permissions.may_read_path``) is dropped, as on the pages."""

    def remove_invalid_fields(self, queryset, fields, view, request):
        fields = super().remove_invalid_fields(queryset, fields, view, request)
        return [f for f in fields if permissions.may_read_path(_user(request), queryset.model, f)]


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
