from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "srm.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from allauth.account.signals import user_logged_in
        from allauth.mfa.signals import authenticator_removed

        from . import navigation  # noqa: F401
        from .mfa import forget_second_factor
        from .signals import apply_directory_roles

        authenticator_removed.connect(forget_second_factor)
        user_logged_in.connect(apply_directory_roles)
