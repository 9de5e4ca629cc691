"""``manage.py drf_create_token USER``: DRF's command, now issuing an expiring, hashed token.

The output keeps DRF's shape (``Generated token KEY for user USER``): scripts read the
key as its third word.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from srm.accounts.services import api_token_create, api_tokens_revoke_all


class Command(BaseCommand):
    help = "Create an API token for a user (expires after API_TOKEN_DEFAULT_DAYS days)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "-r", "--reset", action="store_true", help="Revoke the user's other tokens first."
        )
        parser.add_argument("--name", default="drf_create_token")

    def handle(self, *args, username, reset, name, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist as exc:
            raise CommandError(f"Cannot create the Token: user {username} does not exist") from exc
        if reset:
            api_tokens_revoke_all(actor=None, user=user)
        issued = api_token_create(actor=None, user=user, name=name)
        self.stdout.write(f"Generated token {issued.key} for user {username}")
