"""Receivers of django-allauth's sign-in signals."""

from .directory import directory_roles_apply, groups_from_claims


def apply_directory_roles(sender, request, user, **kwargs) -> None:
    """At every single sign-on, the directory's groups decide the mapped roles."""
    sociallogin = kwargs.get("sociallogin")
    if sociallogin is None:
        return
    data = sociallogin.account.extra_data or {}
    # OpenID Connect keeps the userinfo answer and the ID token's claims side by side.
    claims = data.get("userinfo") or data.get("id_token") or data
    directory_roles_apply(user=user, groups=groups_from_claims(claims))
