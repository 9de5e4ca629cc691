"""Disputes on the escalation ladder of SPEC §3: operations lead (5 days) → category
manager (10 days) → steering committee (next governance meeting).

The ladder is data: the ``escalation`` rights of the dispute decision type, in step
order, each with its days (empty: until the next governance meeting). A rung whose
time has run out escalates by itself (``disputes_escalate_due``, run by Celery beat).
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from srm.audit.services import audit_record, snapshot
from srm.core import permissions
from srm.core.actors import SYSTEM
from srm.core.notifications import notification_send
from suppliers import services as supplier_services
from suppliers.models import SupplierEvent

from ..models import (
    DecisionRight,
    Dispute,
    DisputeStep,
)
from ..roles import role_reaches_supplier, users_in_role
from ..rules import dispute_ladder, next_governance_meeting


def _start_step(*, dispute: Dispute, rung: DecisionRight, now) -> list:
    """Put the dispute on ``rung``; return who must act on it."""
    people = list(users_in_role(rung.role, dispute.supplier))
    meeting = None
    if rung.days is not None:
        due = now + timedelta(days=rung.days)
    else:
        meeting = next_governance_meeting(now)
        due = meeting.scheduled_for if meeting else None
    dispute.level = rung.step
    dispute.step_role = rung.role
    dispute.step_started_at = now
    dispute.step_due_at = due
    dispute.assignee = people[0] if people else None
    dispute.meeting = meeting
    DisputeStep.objects.create(
        dispute=dispute,
        level=rung.step,
        role=rung.role,
        assignee=dispute.assignee,
        started_at=now,
        due_at=due,
    )
    return people


def _notify_step(dispute: Dispute, people: list, *, escalated: bool) -> None:
    due = (
        f"due {timezone.localtime(dispute.step_due_at):%Y-%m-%d %H:%M}"
        if dispute.step_due_at
        else "due at the next governance meeting"
    )
    verb = "Escalated to you" if escalated else "Dispute for you"
    notification_send(
        recipients=people,
        subject=f"{verb}: {dispute.subject}"[:200],
        body=f"{dispute.supplier.code}: {dispute.step_role.name} step, {due}.",
        link=dispute.get_absolute_url(),
    )


@transaction.atomic
def dispute_open(
    *,
    actor,
    supplier,
    subject: str,
    description: str,
    scorecard=None,
    now=None,
    check_reach: bool = True,
) -> Dispute:
    """Open a dispute on the first rung of the ladder (e.g. a supplier contesting a
    monthly score: pass its ``scorecard``). Recorded on the supplier's timeline.

    The actor must reach the supplier for opening disputes; a caller that has checked
    its own right to open one (a supplier's score appeal) passes ``check_reach=False``.
    ``now`` is when it was opened (default: now; the demo loader backdates)."""
    if check_reach and not permissions.can_supplier(actor, Dispute, "add", supplier.pk):
        raise PermissionDenied(gettext("That supplier is outside your reach."))
    if not subject.strip() or not description.strip():
        raise ValidationError("A dispute needs a subject and a description.")
    if scorecard is not None and scorecard.supplier_id != supplier.pk:
        raise ValidationError({"scorecard": "That scorecard belongs to another supplier."})
    ladder = dispute_ladder()
    if not ladder:
        raise ValidationError("No escalation ladder is configured for disputes.")
    now = now or timezone.now()
    dispute = Dispute(
        supplier=supplier,
        subject=subject.strip()[:200],
        description=description,
        scorecard=scorecard,
        raised_by=actor if getattr(actor, "pk", None) else None,
    )
    dispute.full_clean(exclude=["step_role"])
    dispute.save()
    people = _start_step(dispute=dispute, rung=ladder[0], now=now)
    dispute.created_at = now
    dispute.save()
    audit_record(actor=actor, action="create", instance=dispute, after=snapshot(dispute))
    supplier_services.supplier_event_record(
        supplier=supplier,
        kind=SupplierEvent.Kind.DISPUTE,
        title=f"Dispute opened: {dispute.subject}",
        detail={"dispute": dispute.pk, "step": dispute.step_role.code},
        link=dispute.get_absolute_url(),
        occurred_at=now,
    )
    _notify_step(dispute, people, escalated=False)
    return dispute


@transaction.atomic
def dispute_escalate(*, actor, dispute: Dispute, now=None) -> Dispute:
    """Move an open dispute one rung up. On the top rung it stays where it is."""
    now = now or timezone.now()
    dispute = (
        Dispute.objects.select_for_update(of=("self",), no_key=True)
        .select_related("supplier")
        .get(pk=dispute.pk)
    )
    if dispute.status != Dispute.Status.OPEN:
        raise ValidationError(f"This dispute is {dispute.status}.")
    ladder = dispute_ladder()
    higher = [rung for rung in ladder if rung.step > dispute.level]
    if not higher:
        return dispute
    before = {"level": dispute.level, "step_role": dispute.step_role_id}
    DisputeStep.objects.filter(dispute=dispute, level=dispute.level).update(
        ended_at=now, outcome=DisputeStep.Outcome.ESCALATED
    )
    people = _start_step(dispute=dispute, rung=higher[0], now=now)
    dispute.save()
    audit_record(
        actor=actor,
        action="escalate",
        instance=dispute,
        before=before,
        after={
            "level": dispute.level,
            "step_role": dispute.step_role.code,
            "step_due_at": dispute.step_due_at,
        },
    )
    supplier_services.supplier_event_record(
        supplier=dispute.supplier,
        kind=SupplierEvent.Kind.DISPUTE,
        title=f"Dispute escalated to {dispute.step_role.name}: {dispute.subject}",
        detail={"dispute": dispute.pk, "level": dispute.level},
        link=dispute.get_absolute_url(),
        occurred_at=now,
    )
    _notify_step(dispute, people, escalated=True)
    return dispute


def disputes_escalate_due(*, now=None) -> int:
    """Escalate every open dispute whose rung has run out of time (idempotent: a
    dispute escalated once has a new, later due time). Returns how many moved."""
    now = now or timezone.now()
    top = max((rung.step for rung in dispute_ladder()), default=0)
    due = Dispute.objects.filter(
        status=Dispute.Status.OPEN, step_due_at__lte=now, level__lt=top
    ).values_list("pk", flat=True)
    moved = 0
    for pk in list(due):
        dispute = Dispute.objects.get(pk=pk)
        with transaction.atomic():
            # Re-checked under the lock: a resolution or another run may have won.
            locked = Dispute.objects.select_for_update(of=("self",), no_key=True).get(pk=pk)
            if locked.status != Dispute.Status.OPEN or not (
                locked.step_due_at and locked.step_due_at <= now
            ):
                continue
            dispute_escalate(actor=SYSTEM, dispute=dispute, now=now)
            moved += 1
    disputes_attach_meeting(actor=SYSTEM, now=now)
    return moved


@transaction.atomic
def disputes_attach_meeting(*, actor, now=None) -> int:
    """Put disputes waiting for the steering committee on the next governance meeting."""
    now = now or timezone.now()
    ladder = dispute_ladder()
    if not ladder or ladder[-1].days is not None:
        return 0
    meeting = next_governance_meeting(now)
    if meeting is None:
        return 0
    waiting = Dispute.objects.select_for_update(of=("self",), no_key=True).filter(
        status=Dispute.Status.OPEN, level=ladder[-1].step, step_due_at__isnull=True
    )
    count = 0
    for dispute in waiting:
        dispute.meeting, dispute.step_due_at = meeting, meeting.scheduled_for
        dispute.save(update_fields=["meeting", "step_due_at", "updated_at"])
        DisputeStep.objects.filter(dispute=dispute, level=dispute.level).update(
            due_at=meeting.scheduled_for
        )
        audit_record(
            actor=actor,
            action="schedule",
            instance=dispute,
            after={"meeting": meeting.pk, "step_due_at": meeting.scheduled_for},
        )
        count += 1
    return count


def holds_dispute_rung(user, dispute: Dispute) -> bool:
    """Whether ``user`` holds the dispute's current rung or one above it, for its supplier
    (SPEC §3: a rung that escalated is no longer the lower rung's to settle). Without a
    ladder in the data, the permission alone decides."""
    ladder = dispute_ladder()
    if not ladder or getattr(user, "is_superuser", False):
        return True
    return any(
        role_reaches_supplier(user, rung.role, dispute.supplier)
        for rung in ladder
        if rung.step >= dispute.level
    )


@transaction.atomic
def dispute_resolve(*, actor, dispute: Dispute, resolution: str, now=None) -> Dispute:
    """Record the resolution; it is shown on the supplier's timeline."""
    dispute = (
        Dispute.objects.select_for_update(of=("self",), no_key=True)
        .select_related("supplier")
        .get(pk=dispute.pk)
    )
    if dispute.status != Dispute.Status.OPEN:
        raise ValidationError(f"This dispute is already {dispute.status}.")
    if not resolution.strip():
        raise ValidationError({"resolution": "Write the resolution."})
    if not permissions.can_object(actor, "resolve", dispute):
        raise PermissionDenied("You may not resolve this dispute.")
    if not holds_dispute_rung(actor, dispute):
        raise PermissionDenied(
            gettext(
                "The dispute has escalated to the %(role)s; only that rung or above resolves it."
            )
            % {"role": dispute.step_role.name if dispute.step_role else gettext("next rung")}
        )
    now = now or timezone.now()
    before = {"status": dispute.status}
    dispute.status = Dispute.Status.RESOLVED
    dispute.resolution = resolution
    dispute.resolved_by = actor if getattr(actor, "pk", None) else None
    dispute.resolved_at = now
    dispute.save()
    DisputeStep.objects.filter(dispute=dispute, level=dispute.level).update(
        ended_at=now, outcome=DisputeStep.Outcome.RESOLVED
    )
    audit_record(
        actor=actor,
        action="resolve",
        instance=dispute,
        before=before,
        after={"status": dispute.status, "resolution": resolution, "level": dispute.level},
    )
    supplier_services.supplier_event_record(
        supplier=dispute.supplier,
        kind=SupplierEvent.Kind.DISPUTE,
        title=f"Dispute resolved: {dispute.subject}",
        detail={"dispute": dispute.pk, "resolution": resolution, "level": dispute.level},
        link=dispute.get_absolute_url(),
        occurred_at=now,
    )
    notification_send(
        recipients=[u for u in (dispute.raised_by, dispute.assignee) if u is not None],
        subject=f"Dispute resolved: {dispute.subject}"[:200],
        body=resolution,
        link=dispute.get_absolute_url(),
    )
    return dispute
