"""Who must use a second factor, and the middleware that leads them to set one up.

Required for superusers and for every holder of a role marked ``mfa_required`` (data,
editable in the admin); the environment variable ``MFA_REQUIRED_ROLES`` (role codes,
comma-separated) overrides the roles' flags when it is set.
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Role

# Set in the session once the user is known to have a second factor, so the check
# costs no query on every later request.
SESSION_KEY = "srm_mfa_ok"


def mfa_required(user) -> bool:
    if user.is_superuser:
        return True
    roles = Role.objects.filter(group__user=user)
    override = settings.MFA_REQUIRED_ROLES
    if override is not None:
        return roles.filter(code__in=override).exists()
    return roles.filter(mfa_required=True).exists()


def has_second_factor(user) -> bool:
    return (
        Authenticator.objects.filter(user=user)
        .exclude(type=Authenticator.Type.RECOVERY_CODES)
        .exists()
    )


def signed_in_by_sso(request) -> bool:
    """The identity provider asked for its own factors (the company's policy, not ours)."""
    records = request.session.get("account_authentication_methods") or []
    return any(record.get("method") == "socialaccount" for record in records)


def _exempt(path: str) -> bool:
    """Pages a user without a second factor may still reach: setting one up (which may
    ask for the password again), signing out, and files."""
    prefixes = (
        reverse("mfa_index"),
        reverse("account_reauthenticate"),
        reverse("account_logout"),
        reverse("logout"),
        settings.STATIC_URL,
        reverse("healthz"),
    )
    return path.startswith(prefixes)


class MfaRequiredMiddleware:
    """Sends a signed-in user who must use MFA and has none to the set-up page, on every
    page until it is done. API calls with a token never reach here signed in (DRF
    authenticates them later), so integrations are not affected."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.MFA_ENFORCED
            and user is not None
            and user.is_authenticated
            and request.session.get(SESSION_KEY) != user.pk
            and not _exempt(request.path)
            and not signed_in_by_sso(request)
            and mfa_required(user)
        ):
            if has_second_factor(user):
                request.session[SESSION_KEY] = user.pk
            elif request.path.startswith(reverse("api:root")):
                message = _("Set up multi-factor authentication before using the API.")
                return JsonResponse({"detail": message}, status=403)
            else:
                return redirect("mfa_activate_totp")
        return self.get_response(request)


def forget_second_factor(sender, request, user, **kwargs) -> None:
    """An authenticator was removed: check again on the next request."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(SESSION_KEY, None)
