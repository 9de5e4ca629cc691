"""Single sign-on as configured from the environment (none configured: local login only)."""

from dataclasses import dataclass
from urllib.parse import urlsplit

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


def _origin(url: str) -> str | None:
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def form_action_origins() -> list[str]:
    """Where the sign-in buttons' forms end up: the identity providers' origins.

    The login page's Content-Security-Policy allows form submissions to 'self' only, and
    browsers also hold the redirect that follows a submission to it; so the page adds the
    configured providers (the OIDC issuer, the SAML IdP's sign-on URL or metadata host)
    and ``SSO_FORM_ACTION_ORIGINS`` for a provider that signs in elsewhere."""
    origins = list(settings.SSO_FORM_ACTION_ORIGINS)
    for provider in settings.SOCIALACCOUNT_PROVIDERS.values():
        for app in provider.get("APPS", []):
            app_settings = app.get("settings", {})
            idp = app_settings.get("idp", {})
            for url in (
                app_settings.get("server_url"),
                idp.get("sso_url"),
                idp.get("metadata_url"),
            ):
                origin = _origin(url)
                if origin and origin not in origins:
                    origins.append(origin)
    return origins
