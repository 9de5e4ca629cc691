"""The risk recompute's writes: scores, history, level-change events and notices, audit."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.utils import timezone

from srm.audit.services import AuditSubject, audit_record
from srm.core import permissions
from srm.core.bulk import copy_append
from srm.core.notifications import notification_send
from suppliers.models import Supplier, SupplierEvent

from ..models import RiskScore, RiskScoreHistory
from .decide import COMPARED, RiskPlan

BATCH = 1000


def write_plan(
    plan: RiskPlan, *, in_scope, as_of: date, run, actor, notify: bool, occurred_at
) -> None:
    now = timezone.now()
    # The score was confirmed today: one UPDATE, whatever the number of suppliers.
    in_scope.exclude(as_of=as_of, run=run).update(as_of=as_of, run=run)
    # New and changed scores in one upsert per batch (ids of existing rows are kept):
    # far cheaper than bulk_update's CASE per field and row.
    RiskScore.objects.bulk_create(
        [
            RiskScore(supplier_id=w.supplier_id, as_of=as_of, run=run, **w.fields)
            for w in plan.writes
        ],
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["supplier"],
        update_fields=[*COMPARED, "as_of", "run", "updated_at"],
    )
    copy_append(
        RiskScoreHistory,
        [
            RiskScoreHistory(
                supplier_id=w.supplier_id,
                as_of=as_of,
                composite=w.fields["composite"],
                level=w.fields["level"],
                segment=w.fields["segment"],
                dimensions=w.fields["dimensions"],
                run=run,
            )
            for w in plan.history
        ],
    )
    record_level_changes(plan.changes, plan.suppliers, occurred_at or now, notify=notify)
    if plan.writes:
        _audit(plan, as_of=as_of, actor=actor)


def _audit(plan: RiskPlan, *, as_of: date, actor) -> None:
    audit_record(
        actor=actor,
        action="risk:recompute",
        subject=AuditSubject("risk.riskscore", "*", f"risk scores as of {as_of}"),
        after={
            **plan.counts,
            "as_of": as_of,
            "level_changes": [
                {"supplier": plan.suppliers[s][0], "from": old, "to": new}
                for s, old, new, _ in plan.changes
            ],
        },
    )


def record_level_changes(changes, suppliers, now, *, notify: bool = True) -> None:
    """Timeline events (one bulk insert) and notifications grouped per recipient, so the
    cost grows with the number of people told, not the number of suppliers."""
    if not changes:
        return
    from django.urls import reverse

    events = []
    for supplier_id, old, new, composite in changes:
        code = suppliers[supplier_id][0]
        events.append(
            SupplierEvent(
                supplier_id=supplier_id,
                kind=SupplierEvent.Kind.RISK_LEVEL,
                title=f"Risk level {old} → {new} (composite {composite})"[:200],
                detail={"from": old, "to": new, "composite": str(composite)},
                link=reverse("risk:supplier_risk", args=[code]),
                occurred_at=now,
            )
        )
    SupplierEvent.objects.bulk_create(events)
    if notify:
        _notify(changes, suppliers)


def _notify(changes, suppliers) -> None:
    from django.urls import reverse

    recipients = _recipients([c[0] for c in changes], suppliers)
    by_user: dict = defaultdict(list)
    for supplier_id, old, new, composite in changes:
        for user in recipients.get(supplier_id, ()):
            by_user[user].append((supplier_id, old, new, composite))
    for user, items in by_user.items():
        lines = [
            f"{suppliers[s][1]} ({suppliers[s][0]}): {old} → {new}, composite {composite}"
            for s, old, new, composite in items
        ]
        if len(items) == 1:
            code = suppliers[items[0][0]][0]
            subject = f"Risk level of {code} is now {items[0][2]}"
            link = reverse("risk:supplier_risk", args=[code])
        else:
            subject = f"Risk level changed for {len(items)} suppliers"
            link = reverse("risk:register")
        notification_send(recipients=[user], subject=subject, body="\n".join(lines), link=link)


def _recipients(supplier_ids: list[int], suppliers: dict) -> dict[int, list]:
    """Relationship owner and the managers of the supplier's categories, per supplier."""
    from django.contrib.auth import get_user_model

    through = Supplier.categories.through
    categories_of: dict[int, set[int]] = defaultdict(set)
    for supplier_id, category_id in through.objects.filter(
        supplier_id__in=supplier_ids
    ).values_list("supplier_id", "category_id"):
        categories_of[supplier_id].add(category_id)
    category_pks = set().union(*categories_of.values()) if categories_of else set()
    managers = permissions.category_managers(category_pks)

    wanted: dict[int, set[int]] = {}
    for supplier_id in supplier_ids:
        ids = {suppliers[supplier_id][2]} - {None}
        for category_pk in categories_of.get(supplier_id, ()):
            ids |= managers.get(category_pk, set())
        wanted[supplier_id] = ids
    all_ids = set().union(*wanted.values()) if wanted else set()
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=all_ids, is_active=True)}
    return {
        supplier_id: sorted((users[i] for i in ids if i in users), key=lambda u: u.pk)
        for supplier_id, ids in wanted.items()
    }
