"""``manage.py directory_deactivate USER...``: for a directory sync job. Each user named
(user name or e-mail) is deactivated here as in the directory: sessions ended, API tokens
revoked, open invitations void; audited as done by the system."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from srm.accounts.models import User
from srm.accounts.services import user_deactivate
from srm.core.actors import SYSTEM


class Command(BaseCommand):
    help = "Deactivate users removed or disabled in the directory (user names or e-mails)."

    def add_arguments(self, parser):
        parser.add_argument("users", nargs="+")

    def handle(self, *args, users, **options):
        unknown = []
        for name in users:
            matches = list(User.objects.filter(Q(username=name) | Q(email__iexact=name)))
            if len(matches) != 1:
                unknown.append(name)
                continue
            user_deactivate(actor=SYSTEM, user=matches[0], reason="directory sync")
            self.stdout.write(f"Deactivated {matches[0].username}")
        if unknown:
            raise CommandError(f"No single user named: {', '.join(unknown)}")
