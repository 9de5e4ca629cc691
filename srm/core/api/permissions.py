"""The API side of the permission choke point: one permission class for every endpoint."""

from rest_framework.permissions import BasePermission

from .. import permissions

METHOD_ACTIONS = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


def required_action(request, view) -> str:
    """The action a request needs: a view may name it per DRF action in ``action_permissions``."""
    per_action = getattr(view, "action_permissions", {})
    action = getattr(view, "action", None)
    if action in per_action:
        return per_action[action]
    return METHOD_ACTIONS.get(request.method, "change")


def permission_model(view):
    model = getattr(view, "permission_model", None)
    if model is None:
        model = view.get_queryset().model
    return model


class ActionPermission(BasePermission):
    """403 unless the user may take the request's action on the endpoint's model;
    for one object, 403 unless that object is within reach for that action
    (``RestrictedQuerysetBackend`` has already turned unseen objects into 404)."""

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        return permissions.can(request.user, required_action(request, view), permission_model(view))

    def has_object_permission(self, request, view, obj) -> bool:
        action = required_action(request, view)
        if action == "view":
            return True
        return permissions.can_object(request.user, action, obj)
