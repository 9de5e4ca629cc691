"""Standing actions of a run: read the facts, let ``planner`` decide, write the plan.

Runs inside the run's transaction, after the scorecards are written: it compares each
supplier's current standing before and after them.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.contrib.auth import get_user_model
from django.utils import timezone

from srm.audit.services import AuditEntry, audit_record_bulk
from srm.core.actors import SYSTEM
from srm.core.bulk import copy_append
from srm.core.notifications import notification_send
from suppliers.models import Supplier, SupplierEvent

from .. import selectors
from ..models import CorrectiveAction, RecomputeRun, Scorecard
from . import planner


def standing_actions(run: RecomputeRun, *, before: dict, today: date, supplier_ids=None) -> dict:
    """React to a change of each supplier's current standing (its latest scored month),
    comparing the standings before and after this run's writes: a timeline event; D
    blocks new orders and opens a corrective action; leaving D lifts the block. A re-run
    over unchanged data changes no standing, so it does nothing here either."""
    after = selectors.current_standings(supplier_ids)
    changes = planner.standing_changes(before=before, after=after)
    if not changes:
        return planner.StandingPlan().counts
    # Only what the events, the audit rows and the block need: a full run changes the
    # standing of every supplier.
    suppliers = Supplier.objects.only(
        "code", "name", "blocked_for_orders", "blocked_reason", "relationship_owner_id"
    ).in_bulk([c.supplier_id for c in changes])
    plan = planner.plan_standing_actions(
        changes=changes,
        suppliers={
            pk: planner.SupplierFacts(
                pk, s.blocked_for_orders, s.blocked_reason, s.relationship_owner_id
            )
            for pk, s in suppliers.items()
        },
        open_d=_open_d_actions(changes),
        scorecard_ids=_scorecard_ids(changes),
        today=today,
    )
    _write_plan(plan, run=run, suppliers=suppliers)
    return plan.counts


def _open_d_actions(changes: list[planner.StandingChange]) -> set[int]:
    return set(
        CorrectiveAction.objects.filter(
            supplier_id__in=[c.supplier_id for c in changes],
            source=CorrectiveAction.Source.STANDING_D,
        )
        .exclude(status=CorrectiveAction.Status.CLOSED)
        .values_list("supplier_id", flat=True)
    )


def _scorecard_ids(changes: list[planner.StandingChange]) -> dict[tuple[int, date], int]:
    return {
        (supplier_id, period): pk
        for supplier_id, period, pk in Scorecard.objects.filter(
            supplier_id__in=[c.supplier_id for c in changes],
            period__in={c.period for c in changes},
        ).values_list("supplier_id", "period", "pk")
    }


def _write_plan(plan: planner.StandingPlan, *, run: RecomputeRun, suppliers: dict) -> None:
    now = timezone.now()
    _write_blocks(plan.blocks, now=now)
    copy_append(
        SupplierEvent, [_event(c, suppliers[c.supplier_id], run, now) for c in plan.changes]
    )
    actions = [
        CorrectiveAction(
            supplier=suppliers[a.supplier_id],
            source=CorrectiveAction.Source.STANDING_D,
            scorecard_id=a.scorecard_id,
            title=a.title,
            owner_id=a.owner_id,
            due_date=a.due_date,
            created_at=now,
            updated_at=now,
        )
        for a in plan.actions
    ]
    CorrectiveAction.objects.bulk_create(actions, batch_size=2000)
    audit = [
        AuditEntry(n.action, instance=suppliers[n.supplier_id], before=n.before, after=n.after)
        for n in plan.audit
    ]
    audit.extend(
        AuditEntry("create", instance=a, after={"title": a.title, "due_date": a.due_date})
        for a in actions
    )
    audit_record_bulk(actor=SYSTEM, entries=audit)
    _notify_owners({a.owner_id for a in actions if a.owner_id})


def _write_blocks(blocks: list[planner.BlockChange], *, now) -> None:
    # One UPDATE per distinct reason (there are a handful), not a CASE per supplier.
    by_reason = defaultdict(list)
    for block in blocks:
        by_reason[(block.blocked, block.reason)].append(block.supplier_id)
    for (blocked, reason), ids in by_reason.items():
        Supplier.objects.filter(pk__in=ids).update(
            blocked_for_orders=blocked, blocked_reason=reason, updated_at=now
        )


def _event(change: planner.StandingChange, supplier, run, now) -> SupplierEvent:
    return SupplierEvent(
        supplier=supplier,
        occurred_at=now,
        kind=SupplierEvent.Kind.STANDING,
        title=f"Standing {change.old or '–'} → {change.new} ({change.label})",
        detail={"from": change.old, "to": change.new, "period": change.label, "run": run.pk},
        link=f"/suppliers/{supplier.code}/scorecard/",
    )


def _notify_owners(owner_ids: set[int]) -> None:
    if owner_ids:
        notification_send(
            recipients=get_user_model().objects.filter(pk__in=owner_ids),
            subject="Standing D: corrective action opened",
            body="A supplier you own fell to standing D and is blocked for new orders.",
            link="/scorecards/corrective-actions/",
        )
