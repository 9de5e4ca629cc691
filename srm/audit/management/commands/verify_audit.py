from django.core.management.base import BaseCommand, CommandError

from srm.audit.services import audit_chain_verify


class Command(BaseCommand):
    help = (
        "Verify the hash-chained audit trail against its signed head and the latest "
        "checkpoint kept outside the database; exits non-zero naming the first broken row."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoints",
            action="store_true",
            help="compare every stored checkpoint (not only the latest) and list them",
        )

    def handle(self, *args, checkpoints=False, **options):
        verdict = audit_chain_verify(all_checkpoints=checkpoints)
        if checkpoints:
            if not verdict.checkpoints_compared:
                self.stdout.write("No checkpoint stored yet: compared with the database only.")
            for checkpoint in verdict.checkpoints_compared:
                self.stdout.write(
                    f"checkpoint {checkpoint.name}: row #{checkpoint.seq} "
                    f"hash {checkpoint.hash} at {checkpoint.at}"
                )
        if not verdict.ok:
            raise CommandError(
                f"Audit chain BROKEN at row #{verdict.first_broken_seq}: {verdict.reason} "
                f"({verdict.rows_checked} rows verified before it)",
                returncode=1,
            )
        compared = len(verdict.checkpoints_compared)
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit chain intact: {verdict.rows_checked} rows, head {verdict.head_hash}"
                + (f", {compared} checkpoint(s) agree" if compared else "")
            )
        )
