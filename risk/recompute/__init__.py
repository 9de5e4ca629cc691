"""The risk step of the nightly recompute: dimension values, composite, level, Kraljic
segment and review due date for every supplier, in a handful of set-based queries.

``risk_step`` is registered with ``scorecards.steps`` and runs after the scorecards,
inside the run's transaction. ``risk_recompute`` is the same computation, also called
for one supplier right after a manual assessment, so its page shows the new level.
Rooms (Saleor's fetch → calculate → write): ``fetch`` aggregates the inputs in SQL,
``decide`` turns them into a plan with the pure ``risk.engine``, ``write`` stores it.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from srm.core.actors import SYSTEM

from .. import engine
from .decide import plan_scores
from .fetch import risk_inputs, trailing_spend
from .write import write_plan

__all__ = ["risk_recompute", "risk_step", "step_as_of", "trailing_spend"]


def risk_recompute(
    *,
    as_of: date,
    run=None,
    supplier_ids=None,
    actor=SYSTEM,
    notify: bool = True,
    occurred_at=None,
) -> dict[str, int]:
    """Recompute the stored risk of every supplier (or of ``supplier_ids``) as of a day.

    Idempotent: a second run on the same data changes nothing and records nothing.
    A changed level is an event on the supplier's timeline (at ``occurred_at``, default
    now) and, with ``notify``, tells its relationship owner and the managers of its
    categories. Kraljic impact is always ranked over the spend of all suppliers, also
    when only some are recomputed.
    """
    with transaction.atomic():
        inputs, in_scope = risk_inputs(as_of, supplier_ids)
        plan = plan_scores(inputs)
        write_plan(
            plan,
            in_scope=in_scope,
            as_of=as_of,
            run=run,
            actor=actor,
            notify=notify,
            occurred_at=occurred_at,
        )
        return plan.counts


def step_as_of(run, period_to: date) -> date:
    """The day a run scores risk as of: the run's own day, but never past the last day
    of the run's last month (the recompute names months by their first day, and a
    backdated run, like the demo's, must not reach past its data)."""
    month_end = engine.add_months(period_to.replace(day=1), 1) - timedelta(days=1)
    started = getattr(run, "started_at", None)
    if started is None:
        return month_end
    return min(month_end, timezone.localdate(started))


def risk_step(run, period_from: date, period_to: date) -> dict[str, int]:
    """The recompute step (``scorecards.steps``): every supplier's risk, Kraljic segment
    and review due date, as of the run's day (``step_as_of``); a targeted run's
    suppliers only (``run.supplier_ids``)."""
    return risk_recompute(
        as_of=step_as_of(run, period_to),
        run=run,
        supplier_ids=getattr(run, "supplier_ids", None),
    )
