from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "srm.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
