"""How django-allauth fits the product: nobody signs themselves up locally."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter


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
