"""Receivers of django-allauth's sign-in signals."""

from .directory import claims_of, directory_roles_apply, groups_from_claims


def apply_directory_roles(sender, request, user, **kwargs) -> None:
    """At every single sign-on, the directory's groups decide the mapped roles."""
    sociallogin = kwargs.get("sociallogin")
    if sociallogin is None:
        return
    directory_roles_apply(user=user, groups=groups_from_claims(claims_of(sociallogin)))
