import random
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from srm.accounts.models import User
from srm.core.demo import SEEDERS, DemoContext
from suppliers.demo import DEMO_PASSWORD
from suppliers.models import Supplier


class Command(BaseCommand):
    help = (
        "Load realistic, deterministic demo data: suppliers over three regions, contracts "
        "with prices, certificates, months of receipts and one user per role."
    )

    def add_arguments(self, parser):
        parser.add_argument("--suppliers", type=int, default=150)
        parser.add_argument("--months", type=int, default=24)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="anchor date (YYYY-MM-DD); default: today",
        )
        parser.add_argument(
            "--reset", action="store_true", help="flush the database first (destroys all data)"
        )

    def handle(self, *args, suppliers, months, seed, today, **options):
        if not 1 <= suppliers <= 100_000 or not 1 <= months <= 120:
            raise CommandError("--suppliers must be 1..100000 and --months 1..120")
        if Supplier.objects.exists():
            self.stdout.write(
                "Demo data is already loaded; `make demo-reset` starts over "
                "(it deletes the SQLite file)."
            )
            self.print_accounts()
            return
        started = time.monotonic()
        ctx = DemoContext(
            rng=random.Random(seed),
            today=today or timezone.localdate(),
            months=months,
            supplier_count=suppliers,
            stdout=self.stdout.write,
        )
        # The demo's history would otherwise print every notification email it triggers.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            transaction.atomic(),
        ):
            for _order, _name, seeder in SEEDERS:
                seeder(ctx)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data loaded in {time.monotonic() - started:.1f}s.")
        )
        self.print_accounts()

    def print_accounts(self):
        """Every active account of the demo, read back from the database, with its roles."""
        users = (
            User.objects.filter(is_active=True)
            .prefetch_related("groups")
            .select_related("supplier")
        )
        self.stdout.write(f"\nLog in at http://127.0.0.1:8000/ (password {DEMO_PASSWORD}):")
        users = list(users.order_by("-is_superuser", "supplier_id", "username"))
        width = max(len(u.username) for u in users) + 2
        for user in users:
            roles = ", ".join(g.name for g in user.groups.all()) or (
                "superuser" if user.is_superuser else "no role"
            )
            where = f" at {user.supplier.code} {user.supplier.name}" if user.supplier else ""
            self.stdout.write(f"  {user.username:<{width}}{roles}{where}")
