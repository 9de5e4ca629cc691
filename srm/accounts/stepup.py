"""Step-up: a fresh second factor before a sensitive act (signing off a high-impact
decision). Fresh means used within ``MFA_STEP_UP_MINUTES`` (15) in this session, at
sign-in or by confirming it again on allauth's re-authentication page.

Pages send the user to that page and back; the API, which has no page to send anyone
to, takes the current code of the user's authenticator app in a ``totp`` field instead.
A user signed in by single sign-on with no factor of ours follows the identity
provider's policy, as for MFA itself (``mfa.signed_in_by_sso``).
"""

import time

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .mfa import has_second_factor, signed_in_by_sso


class StepUpRequired(PermissionDenied):
    """A fresh second factor is needed; ``next_step`` says what the user should do."""

    def __init__(self, message: str, *, no_factor: bool = False):
        super().__init__(message)
        self.no_factor = no_factor


def last_second_factor_at(request) -> float | None:
    """When the session last saw this user's second factor (epoch seconds), or None."""
    session = getattr(request, "session", None)
    if session is None:
        return None
    records = get_authentication_records(request, request.user)
    times = [r.get("at") for r in records if r.get("method") == "mfa" and r.get("at")]
    return max(times) if times else None


def second_factor_is_fresh(request) -> bool:
    at = last_second_factor_at(request)
    return at is not None and time.time() - at < settings.MFA_STEP_UP_MINUTES * 60


def totp_code_valid(user, code: str) -> bool:
    """Is ``code`` the current code of ``user``'s authenticator app (each code once)?"""
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return bool(code) and authenticator is not None and TOTP(authenticator).validate_code(code)


def require_fresh_second_factor(request, *, totp: str | None = None) -> None:
    """Raise ``StepUpRequired`` unless the user's second factor is fresh (or ``totp`` is
    a valid current code)."""
    user = request.user
    if second_factor_is_fresh(request):
        return
    if not has_second_factor(user):
        if signed_in_by_sso(request):
            return
        raise StepUpRequired(
            _("Set up a second factor (authenticator app or security key) to sign this off."),
            no_factor=True,
        )
    if totp is not None and totp_code_valid(user, totp):
        return
    raise StepUpRequired(
        _(
            "This sign-off needs a second factor used in the last %(minutes)d minutes: "
            "confirm it again in the browser, or send the current code of your "
            "authenticator app in the “totp” field."
        )
        % {"minutes": settings.MFA_STEP_UP_MINUTES}
    )


def step_up_page(request, next_url: str):
    """For a page: ``None`` when the second factor is fresh, else the redirect that asks
    for it (allauth's re-authentication page, or the set-up page for a user without
    one), coming back to ``next_url``."""
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.urls import reverse
    from django.utils.http import urlencode

    try:
        require_fresh_second_factor(request)
    except StepUpRequired as exc:
        messages.warning(request, exc.args[0] if exc.no_factor else _confirm_message())
        target = reverse("mfa_index" if exc.no_factor else "mfa_reauthenticate")
        return redirect(f"{target}?{urlencode({'next': next_url})}")
    return None


def _confirm_message() -> str:
    return _("Confirm your second factor, then sign off again.")
