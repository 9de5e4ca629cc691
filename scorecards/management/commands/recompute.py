from datetime import date

from django.core.management.base import BaseCommand, CommandError

from scorecards.recompute import RecomputeBusy, scorecards_recompute


def month(value: str) -> date:
    try:
        return date.fromisoformat(f"{value}-01")
    except ValueError:
        raise ValueError(f"'{value}' is not a month (YYYY-MM)") from None


class Command(BaseCommand):
    help = (
        "Recompute scorecards (and risk) in-process: by default the current and previous "
        "month; --full for all history; --since YYYY-MM from that month on."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--full", action="store_true")
        group.add_argument("--since", type=month, metavar="YYYY-MM")

    def handle(self, *args, full=False, since=None, **options):
        scope = "full" if full else "since" if since else "nightly"
        try:
            run = scorecards_recompute(scope=scope, since=since)
        except RecomputeBusy as exc:
            raise CommandError(f"Not started: {exc}", returncode=3) from exc
        counts = run.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"Run {run.pk} ({scope}, {run.period_from:%Y-%m} to {run.period_to:%Y-%m}) "
                f"finished in {run.seconds:.1f}s: "
                f"{counts.get('supplier_months', 0)} supplier-months, "
                f"{counts.get('created', 0)} created, {counts.get('updated', 0)} updated, "
                f"{counts.get('unchanged', 0)} unchanged, {counts.get('deleted', 0)} deleted; "
                f"{counts.get('standings_changed', 0)} standings changed."
            )
        )
        for step, seconds in run.timings.items():
            self.stdout.write(f"  {step}: {seconds:.2f}s")
