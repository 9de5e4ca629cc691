from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from srm.core.actors import SYSTEM
from suppliers.importers import IMPORTERS, import_run


class Command(BaseCommand):
    help = (
        "Import a CSV or XLSX file, all-or-nothing. Exits 2 and lists every bad row "
        "(line, column, reason) when anything is wrong; then nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help="what the file holds: " + ", ".join(sorted(IMPORTERS)))
        parser.add_argument("path", type=Path)
        parser.add_argument("--user", help="import as this user (default: system, all permissions)")

    def handle(self, *args, kind, path, user=None, **options):
        if kind not in IMPORTERS:
            raise CommandError(
                f"Unknown kind '{kind}'. Choose one of: {', '.join(sorted(IMPORTERS))}",
                returncode=2,
            )
        if not path.is_file():
            raise CommandError(f"No such file: {path}", returncode=2)
        actor = _actor(user)
        try:
            with path.open("rb") as stream:
                result = import_run(actor=actor, kind=kind, filename=path.name, data=stream)
        except PermissionDenied as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if not result.ok:
            self.stderr.write(f"{path.name}: nothing imported, {len(result.errors)} problem(s):")
            self.stderr.write(f"{'line':>6}  {'column':<20} reason")
            for error in result.errors:
                line = str(error.line) if error.line else "file"
                self.stderr.write(f"{line:>6}  {error.column:<20} {error.reason}")
            raise CommandError(f"{kind} import rejected", returncode=2)
        self.stdout.write(
            self.style.SUCCESS(
                f"{path.name}: {result.rows} rows; {result.created} created, "
                f"{result.updated} updated, "
                f"{result.unchanged} unchanged (batch {result.batch_id})"
            )
        )
        for note in result.notes:
            self.stdout.write(f"  {note}")
        if result.scores:
            scores = result.scores
            when = (
                "recompute queued"
                if scores["pending"]
                else f"recomputed at {scores['recomputed_at']:%Y-%m-%d %H:%M:%S}"
            )
            self.stdout.write(
                f"  scores of {scores['supplier_months']} supplier-months "
                f"({scores['suppliers']} suppliers): {when}"
            )


def _actor(username: str | None):
    if not username:
        return SYSTEM
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist:
        raise CommandError(f"No user '{username}'", returncode=2) from None
