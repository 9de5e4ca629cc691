"""Writes on accounts: API tokens."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from srm.audit.services import audit_record

from . import tokens
from .models import ApiToken, ApiTokenScope, User


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    key: str  # shown once; only its digest is stored


def default_token_expiry(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) + timedelta(days=settings.API_TOKEN_DEFAULT_DAYS)


@transaction.atomic
def api_token_create(
    *,
    actor: User | None,
    user: User,
    name: str,
    expires_at: datetime | None = None,
    scope: str = ApiTokenScope.WRITE,
) -> IssuedToken:
    """Issue a token for ``user``: expiring by default after ``API_TOKEN_DEFAULT_DAYS``,
    never later than ``API_TOKEN_MAX_DAYS`` from now."""
    now = timezone.now()
    if expires_at is None:
        expires_at = default_token_expiry(now)
    if expires_at <= now:
        raise ValidationError({"expires": _("The expiry must be in the future.")})
    if expires_at > now + timedelta(days=settings.API_TOKEN_MAX_DAYS):
        raise ValidationError(
            {
                "expires": _("A token may live at most %(days)d days.")
                % {"days": settings.API_TOKEN_MAX_DAYS}
            }
        )
    if scope not in ApiTokenScope.values:
        raise ValidationError({"scope": _("Unknown scope.")})
    key = tokens.new_key()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=key[:8],
        digest=tokens.digest(key),
        scope=scope,
        expires_at=expires_at,
    )
    audit_record(
        actor=actor,
        action="api_token.create",
        instance=token,
        after={
            "user": user.get_username(),
            "name": name,
            "scope": scope,
            "expires_at": expires_at.isoformat(),
        },
    )
    return IssuedToken(token=token, key=key)


@transaction.atomic
def api_token_revoke(*, actor: User | None, token: ApiToken) -> ApiToken:
    """Stop a token from working at once; the row stays for the audit trail."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="api_token.revoke",
            instance=token,
            after={"user": token.user.get_username(), "name": token.name},
        )
    return token


def api_tokens_revoke_all(*, actor: User | None, user: User) -> int:
    """Revoke every live token of ``user`` (when the user is deactivated)."""
    live = list(ApiToken.objects.filter(user=user, revoked_at__isnull=True))
    for token in live:
        api_token_revoke(actor=actor, token=token)
    return len(live)


# Writing last_used_at on every request would make each API call a write; once a minute is
# precise enough to tell a token in use from a forgotten one.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def api_token_authenticate(key: str) -> ApiToken | None:
    """The live token with this key (its user loaded), or None; notes when it was used."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=tokens.digest(key), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


@transaction.atomic
def user_deactivate(*, actor: User | None, user: User) -> None:
    """Switch a user off at once: no sign-in, every session ended, every API token
    revoked (a deactivated user's open browser or integration must not keep working)."""
    from django.contrib.sessions.models import Session

    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    api_tokens_revoke_all(actor=actor, user=user)
    ended = 0
    # Sessions are keyed by a random id, not the user: decode the live ones to find theirs.
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    audit_record(
        actor=actor, action="user.deactivate", instance=user, after={"sessions_ended": ended}
    )
