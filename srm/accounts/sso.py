"""Single sign-on as configured from the environment (none configured: local login only)."""

from dataclasses import dataclass

from allauth.socialaccount.adapter import get_adapter
from django.conf import settings


@dataclass(frozen=True)
class LoginButton:
    id: str
    name: str
    url: str


def login_buttons(request) -> list[LoginButton]:
    """One "Sign in with <company>" button per configured identity provider."""
    buttons = []
    for provider in get_adapter(request).list_providers(request):
        buttons.append(
            LoginButton(
                id=provider.app.provider_id or provider.id,
                name=provider.name,
                url=provider.get_login_url(request),
            )
        )
    return buttons


def sso_configured() -> bool:
    return bool(settings.SOCIALACCOUNT_PROVIDERS)


def sso_only() -> bool:
    """Local password login is off for internal users (a superuser keeps it, to get in
    when the identity provider is down)."""
    return settings.SSO_ONLY and sso_configured()


def password_login_allowed(user) -> bool:
    return not sso_only() or user.is_superuser or user.supplier_id is not None
