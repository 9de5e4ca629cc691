"""How django-allauth fits the product: nobody signs themselves up locally."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.shortcuts import redirect

from srm.core.actors import SYSTEM

from .directory import claims_of, disabled_in_directory


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Local accounts are created by administrators (or invitations); single sign-on
        # provisions its own users through the social account adapter.
        return False


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        # Just-in-time provisioning: whoever the company's identity provider signs in
        # gets an account; the directory's groups decide what it may do.
        return True

    def pre_social_login(self, request, sociallogin) -> None:
        """A user the directory has switched off (``SSO_ACTIVE_CLAIM``), or one
        deactivated here, is refused, and whatever they still hold (sessions, API tokens)
        is revoked at once: their next attempt is where we learn of it."""
        user = sociallogin.user if sociallogin.is_existing else None
        if user is None:
            return
        claims = claims_of(sociallogin)
        if user.is_active and not disabled_in_directory(claims):
            return
        from .services import user_deactivate

        reason = "directory" if disabled_in_directory(claims) else "inactive"
        user_deactivate(actor=SYSTEM, user=user, reason=f"single sign-on: {reason}")
        raise ImmediateHttpResponse(redirect("account_inactive"))
