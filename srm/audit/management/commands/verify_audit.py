from django.core.management.base import BaseCommand, CommandError

from srm.audit.services import audit_chain_verify


class Command(BaseCommand):
    help = "Verify the hash-chained audit trail; exits non-zero naming the first broken row."

    def handle(self, *args, **options):
        verdict = audit_chain_verify()
        if not verdict.ok:
            raise CommandError(
                f"Audit chain BROKEN at row #{verdict.first_broken_seq}: {verdict.reason} "
                f"({verdict.rows_checked} rows verified before it)",
                returncode=1,
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit chain intact: {verdict.rows_checked} rows, head {verdict.head_hash}"
            )
        )
