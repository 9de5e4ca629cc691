"""The base view mixin every page uses: the page side of the permission choke point."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Model

from . import permissions


class GovernedViewMixin(LoginRequiredMixin):
    """Login, then a 403 when the user may not take ``permission_action`` on the
    model at all, and a 404 (through ``restrict``) for a row outside their reach.

    ``permission_model`` defaults to the view's ``model``/``queryset`` model;
    a view that shows no model rows (a form page, a report) sets it explicitly.
    """

    permission_action = "view"
    permission_model: type[Model] | None = None

    def get_permission_model(self) -> type[Model]:
        if self.permission_model is not None:
            return self.permission_model
        model = getattr(self, "model", None)
        if model is None and getattr(self, "queryset", None) is not None:
            model = self.queryset.model
        if model is None:
            raise TypeError(f"{type(self).__name__} must name its permission_model")
        return model

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not permissions.can(request.user, self.permission_action, self.get_permission_model()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return permissions.restrict(super().get_queryset(), self.request.user, "view")

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        # The action applies to the object itself only when it is of the permission model;
        # otherwise the object is the context the action happens in (a meeting an action
        # item is added to), and seeing it is enough.
        if (
            self.permission_action != "view"
            and isinstance(obj, self.get_permission_model())
            and not permissions.can_object(self.request.user, self.permission_action, obj)
        ):
            raise PermissionDenied
        return obj
