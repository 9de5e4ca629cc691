from django.contrib.auth.backends import ModelBackend

from .sso import password_login_allowed


class PasswordBackend(ModelBackend):
    """Django's password check, refused to internal users when ``SSO_ONLY`` is on (every
    password form goes through here: the login page, re-authentication, the admin)."""

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and password_login_allowed(user)
