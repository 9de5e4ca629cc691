"""The demo's last step: compute every scorecard (and what the recompute steps add)."""

from srm.core.demo import DemoContext

from .recompute import scorecards_recompute


def seed(ctx: DemoContext) -> None:
    run = scorecards_recompute(scope="full", today=ctx.today)
    counts = run.counts
    ctx.stdout(
        f"  recompute: {counts.get('supplier_months', 0)} supplier-months scored, "
        f"{counts.get('corrective_actions', 0)} corrective actions opened "
        f"({run.seconds:.1f}s)"
    )
