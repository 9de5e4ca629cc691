"""Writes on accounts: API tokens, invitations, roles and grants, deactivation, lockouts
and sessions."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from srm.audit.services import audit_record
from srm.core import permissions

from . import selectors, tokens
from .models import ApiToken, ApiTokenScope, Invitation, Role, User
from .roles import RoleCode
from .sso import sso_only


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
def user_deactivate(*, actor: User | None, user: User, reason: str = "") -> None:
    """Switch a user off at once: no sign-in, every session ended, every API token
    revoked, every open invitation void (a deactivated user's open browser, integration
    or unused link must not keep working). Nobody switches themselves off: an
    administrator who did would lock the product out of its last administrator."""
    if actor is not None and getattr(actor, "pk", None) == user.pk:
        raise ValidationError(
            _("You cannot deactivate your own account; ask another administrator.")
        )
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    api_tokens_revoke_all(actor=actor, user=user)
    Invitation.objects.filter(user=user, accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    ended = 0
    for session in selectors.user_sessions(user):
        session.delete()
        ended += 1
    after = {"sessions_ended": ended} | ({"reason": reason} if reason else {})
    audit_record(actor=actor, action="user.deactivate", instance=user, after=after)


@transaction.atomic
def user_session_revoke(*, actor: User | None, user: User, ref: str) -> None:
    """End one of ``user``'s sessions, named by its reference (never by its key)."""
    session = next(
        (s for s in selectors.user_sessions(user) if selectors.session_ref(s) == ref), None
    )
    if session is None:
        raise ValidationError(_("That session has already ended."))
    session.delete()
    audit_record(actor=actor, action="user.session_revoke", instance=user, after={"session": ref})


@transaction.atomic
def user_unlock(*, actor: User | None, user: User) -> int:
    """Lift a lockout after repeated failed sign-ins (django-axes) for ``user``."""
    from axes.utils import reset

    cleared = reset(username=user.get_username())
    audit_record(actor=actor, action="user.unlock", instance=user, after={"lockouts": cleared})
    return cleared


def _check_access(user: User, roles: list[Role], supplier_id: int | None) -> None:
    codes = {r.code for r in roles}
    if supplier_id and codes - {RoleCode.SUPPLIER_COLLABORATOR}:
        raise ValidationError(
            {"roles": _("A supplier's collaborator may hold only the supplier collaborator role.")}
        )
    if RoleCode.SUPPLIER_COLLABORATOR in codes and not supplier_id:
        raise ValidationError(
            {"roles": _("The supplier collaborator role needs the supplier the person works for.")}
        )


@transaction.atomic
def user_access_set(
    *, actor: User | None, user: User, roles: Iterable[Role], categories: Iterable = ()
) -> None:
    """Give ``user`` exactly these roles and category grants (other groups stay); audited
    with what was before. Roles a directory rule manages are set again at the next single
    sign-on."""
    roles = list(roles)
    _check_access(user, roles, user.supplier_id)
    held = list(Role.objects.filter(group__user=user).select_related("group"))
    wanted_ids = {r.pk for r in roles}
    held_ids = {r.pk for r in held}
    for role in held:
        if role.pk not in wanted_ids:
            user.groups.remove(role.group)
    for role in roles:
        if role.pk not in held_ids:
            user.groups.add(role.group)
    category_ids = {c.pk for c in categories}
    current = set(permissions.granted_category_ids(user).values_list("pk", flat=True))
    granted, revoked = permissions.category_grants_change(
        user, grant=category_ids, revoke=current - category_ids
    )
    added = sorted(r.code for r in roles if r.pk not in held_ids)
    removed = sorted(r.code for r in held if r.pk not in wanted_ids)
    if added or removed or granted or revoked:
        audit_record(
            actor=actor,
            action="user.access_set",
            instance=user,
            before={"roles": sorted(r.code for r in held), "categories_removed": sorted(revoked)},
            after={"roles": sorted(r.code for r in roles), "categories_added": sorted(granted)},
        )
    user.__dict__.pop("_srm_role_grants", None)


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: Invitation
    key: str  # in the e-mailed link only; only its digest is stored


def _invitation_mail(email: str, link: str, inviter: User | None, expires_at: datetime) -> None:
    subject = _("You are invited to the supplier management application")
    body = _(
        "%(inviter)s invited you. Open this link to set your password and sign in "
        "(it works once, until %(expires)s):\n\n%(link)s"
    ) % {
        "inviter": str(inviter) if inviter else _("An administrator"),
        "expires": timezone.localtime(expires_at).strftime("%Y-%m-%d %H:%M"),
        "link": link,
    }
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email]))


@transaction.atomic
def user_invite(
    *,
    actor: User,
    email: str,
    roles: Iterable[Role],
    categories: Iterable = (),
    supplier=None,
    first_name: str = "",
    last_name: str = "",
    link_for: Callable[[str], str],
) -> IssuedInvitation:
    """Create the invited user (inactive until they accept) with these roles and grants,
    and e-mail them a one-time link (``link_for(key)`` makes its URL).

    Administrators invite anyone; a supplier's owner (``permissions.owned_suppliers``)
    invites only that supplier's collaborators."""
    roles = list(roles)
    email = (email or "").strip().lower()
    if not selectors.is_user_admin(actor):
        owns = (
            supplier is not None
            and permissions.owned_suppliers(actor).filter(pk=supplier.pk).exists()
        )
        if not owns or [r.code for r in roles] != [RoleCode.SUPPLIER_COLLABORATOR] or categories:
            raise PermissionDenied(_("You may invite only collaborators of suppliers you own."))
    if not email:
        raise ValidationError({"email": _("Enter an e-mail address.")})
    if supplier is None and sso_only():
        raise ValidationError(
            _(
                "Single sign-on only: the company's people sign in through the identity "
                "provider and get their roles from the directory rules; invite only "
                "supplier collaborators."
            )
        )
    if (
        User.objects.filter(email__iexact=email).exists()
        or User.objects.filter(username__iexact=email).exists()
    ):
        raise ValidationError({"email": _("A user with this e-mail address already exists.")})
    _check_access(User(), roles, supplier.pk if supplier is not None else None)
    user = User(
        username=email[:150],
        email=email,
        first_name=first_name,
        last_name=last_name,
        supplier=supplier,
        is_active=False,
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    user_access_set(actor=actor, user=user, roles=roles, categories=categories)
    key = tokens.new_key()
    now = timezone.now()
    invitation = Invitation.objects.create(
        user=user,
        email=email,
        digest=tokens.digest(key),
        invited_by=actor,
        expires_at=now + timedelta(days=settings.INVITATION_DAYS),
    )
    audit_record(
        actor=actor,
        action="user.invite",
        instance=user,
        after={
            "email": email,
            "roles": sorted(r.code for r in roles),
            "supplier": supplier.code if supplier is not None else None,
            "expires_at": invitation.expires_at.isoformat(),
        },
    )
    _invitation_mail(email, link_for(key), actor, invitation.expires_at)
    return IssuedInvitation(invitation=invitation, key=key)


def invitation_open(key: str) -> Invitation | None:
    """The invitation this link's key opens, if it still may be used."""
    invitation = (
        Invitation.objects.select_related("user").filter(digest=tokens.digest(key or "")).first()
    )
    if invitation is None or not invitation.is_open(timezone.now()):
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, key: str, password: str) -> User:
    """Use the link once: set the invitee's password (Django's validators: length,
    common passwords, likeness to the name) and switch the account on."""
    invitation = (
        Invitation.objects.select_for_update(no_key=True)
        .select_related("user")
        .filter(digest=tokens.digest(key or ""))
        .first()
    )
    if invitation is None or not invitation.is_open(timezone.now()):
        raise ValidationError(_("This invitation link is invalid, used or expired."))
    user = invitation.user
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password1": exc.messages}) from exc
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit_record(actor=user, action="invitation.accept", instance=user, after={"email": user.email})
    return user
