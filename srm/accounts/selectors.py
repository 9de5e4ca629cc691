"""Reads on accounts."""

from django.db.models import QuerySet

from .models import ApiToken, User


def can_manage_all_tokens(user: User) -> bool:
    """Administrators see and revoke everyone's tokens; others only their own."""
    return user.has_perm("accounts.delete_apitoken")


def api_tokens_visible_to(user: User) -> QuerySet[ApiToken]:
    tokens = ApiToken.objects.filter(revoked_at__isnull=True).select_related("user")
    if can_manage_all_tokens(user):
        return tokens
    return tokens.filter(user=user)
