"""Who may read the OpenAPI schema and its docs pages."""

from django.conf import settings
from rest_framework.permissions import BasePermission


class SchemaAccess(BasePermission):
    """Signed-in users only, unless ``API_SCHEMA_PUBLIC`` opens the schema to everyone:
    the schema maps every operation and is expensive to build (a cheap way to load the
    server for an anonymous caller)."""

    def has_permission(self, request, view) -> bool:
        return bool(settings.API_SCHEMA_PUBLIC or request.user.is_authenticated)
