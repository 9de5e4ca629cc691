"""Reads on accounts."""

import hashlib

from django.contrib.sessions.models import Session
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from srm.core import permissions

from .models import ApiToken, Invitation, Role, User


def can_manage_all_tokens(user: User) -> bool:
    """Administrators see and revoke everyone's tokens; others only their own."""
    return user.has_perm("accounts.delete_apitoken")


def api_tokens_visible_to(user: User) -> QuerySet[ApiToken]:
    tokens = ApiToken.objects.filter(revoked_at__isnull=True).select_related("user")
    if can_manage_all_tokens(user):
        return tokens
    return tokens.filter(user=user)


def is_user_admin(user) -> bool:
    """Administrators of users: who may change users (superusers, or a role given
    ``accounts.change_user``), asked through the choke point."""
    return permissions.can(user, "change", User)


def user_list(user: User) -> QuerySet[User]:
    """Every user with their roles, supplier and open invitation, for administrators."""
    return permissions.restrict(
        User.objects.select_related("supplier").prefetch_related(
            Prefetch("groups__role", queryset=Role.objects.all()),
            Prefetch(
                "invitations",
                queryset=Invitation.objects.filter(
                    accepted_at__isnull=True, revoked_at__isnull=True
                ),
                to_attr="open_invitations",
            ),
        ),
        user,
        "view",
    )


def user_roles(user: User) -> list[Role]:
    return list(Role.objects.filter(group__user=user).order_by("name"))


def user_sessions(user: User) -> list[Session]:
    """The user's live sessions. Sessions are keyed by a random id, not the user: the live
    ones are decoded to find theirs."""
    return [
        session
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    ]


def session_ref(session: Session) -> str:
    """What a page shows and sends back for a session: never its key, which signs in."""
    return hashlib.sha256(session.session_key.encode()).hexdigest()[:16]


def user_locked_out(user: User) -> bool:
    from axes.models import AccessAttempt

    return AccessAttempt.objects.filter(username=user.get_username()).exists()
