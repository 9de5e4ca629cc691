"""Shared pieces of the governance pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.generic import View
from django.views.generic.detail import SingleObjectMixin

from srm.core.views import GovernedViewMixin


def error_text(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return " ".join(f"{m}" for msgs in exc.message_dict.values() for m in msgs)
    return " ".join(exc.messages)


class ServiceActionView(GovernedViewMixin, SingleObjectMixin, View):
    """A POST that calls one service on one object, then goes back to the object's page.

    The choke point has already answered 403/404; a rule the service enforces
    (``PermissionDenied``) is a 403 too, and a ``ValidationError`` is shown as a message.
    """

    http_method_names = ["post"]
    permission_action = "change"

    def perform(self, obj) -> str:
        raise NotImplementedError

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            message = self.perform(self.object)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            if message:
                messages.success(request, message)
        return redirect(self.get_success_url())


def audit_rows(user, instance, limit: int = 30):
    """The audit trail of one object, for users who may read the trail."""
    from srm.audit.models import AuditEvent
    from srm.core import permissions

    if not permissions.can(user, "view", AuditEvent):
        return None
    return AuditEvent.objects.filter(
        object_type=instance._meta.label_lower, object_id=str(instance.pk)
    ).order_by("seq")[:limit]
