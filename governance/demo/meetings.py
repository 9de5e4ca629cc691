"""Demo steering meetings with frozen agendas, minutes and action items (some overdue)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from srm.accounts.roles import RoleCode
from srm.core.demo import DemoContext
from suppliers.models import SupplierStatus

from .. import services
from ..models import (
    ActionItem,
    DecisionRequest,
    Meeting,
)
from .common import aware, meeting_day, month_start

MINUTES = [
    "Reviewed the portfolio KPIs and the standings that fell. Agreed corrective actions "
    "for the two suppliers at D. Price changes approved as listed.",
    "Renewals for the coming quarter discussed; legal to check notice periods. Expiring "
    "certificates chased with the suppliers.",
    "Storm review: freight lead times in APAC doubled. Buffer stock raised for critical "
    "items; alternate sources to be qualified.",
    "Disputes on the ladder reviewed; one score appeal upheld and the scorecard annotated.",
]
ACTION_TITLES = [
    "Chase renewed ISO 9001 certificate",
    "Qualify a second source for the critical item",
    "Renegotiate payment terms before renewal",
    "Run a tabletop exercise of the continuity plan",
    "Agree the corrective action plan with the supplier",
    "Prepare the quarterly tier review",
    "Check notice period before auto-renewal",
]


def seed_meetings(ctx: DemoContext, users, group, suppliers):
    rng, today = ctx.rng, ctx.today
    now = timezone.now()
    members = list(group.members.all())
    owners = [u for u in members if u != users[RoleCode.EXECUTIVE_SPONSOR]]
    approved = [s for s in suppliers if s.status == SupplierStatus.APPROVED]
    history = min(12, ctx.months)
    plans = [
        (meeting_day(month_start(today, back)), Meeting.Kind.MONTHLY)
        for back in range(history, -2, -1)
    ]
    plans += [
        (month_start(today, 7) + timedelta(days=18), Meeting.Kind.STORM),
        (month_start(today, 3) + timedelta(days=21), Meeting.Kind.STORM),
    ]
    meetings = actions = 0
    for day, kind in sorted(plans):
        if day >= today + timedelta(days=40):
            continue
        title = ""
        if kind == Meeting.Kind.STORM:
            topic = rng.choice(["freight delays", "resin shortage", "demand spike"])
            title = f"Storm review {day:%B %Y}: {topic}"
        meeting = services.meeting_create(
            actor=users[RoleCode.PROCUREMENT_ANALYST],
            group=group,
            kind=kind,
            scheduled_for=aware(day, 10),
            title=title,
        )
        meetings += 1
        if meeting.scheduled_for >= now:
            continue
        if kind == Meeting.Kind.STORM:
            minutes = MINUTES[2]
        else:
            minutes = MINUTES[3] if day.month % 4 == 0 else MINUTES[day.month % 2]
        services.meeting_hold(
            actor=users[RoleCode.STEERING_COMMITTEE],
            meeting=meeting,
            minutes=minutes,
            agenda=_historical_agenda(users[RoleCode.STEERING_COMMITTEE], day),
        )
        Meeting.objects.filter(pk=meeting.pk).update(
            held_at=meeting.scheduled_for + timedelta(hours=2),
            created_at=meeting.scheduled_for - timedelta(days=20),
        )
        # Decisions of that month are recorded as taken in the monthly meeting.
        if kind == Meeting.Kind.MONTHLY:
            start = aware(day.replace(day=1), 0) - timedelta(days=31)
            DecisionRequest.objects.filter(
                decided_at__gte=start, decided_at__lt=meeting.scheduled_for, meeting__isnull=True
            ).update(meeting=meeting)
        for _ in range(rng.randint(2, 3)):
            due = day + timedelta(days=rng.choice([14, 21, 30, 45]))
            item = services.action_item_create(
                actor=users[RoleCode.STEERING_COMMITTEE],
                title=rng.choice(ACTION_TITLES),
                owner=rng.choice(owners),
                due_date=due,
                supplier=rng.choice(approved) if approved and rng.random() < 0.7 else None,
                meeting=meeting,
            )
            actions += 1
            # Older actions are nearly all done; recent ones less so.
            done_share = 0.95 if due < today - timedelta(days=60) else 0.6
            if due < today and rng.random() < done_share:
                completed = min(
                    aware(due - timedelta(days=rng.randint(-6, 10)), 16), now - timedelta(hours=1)
                )
                ActionItem.objects.filter(pk=item.pk).update(
                    status=ActionItem.Status.DONE, completed_at=completed
                )
            elif due >= today and rng.random() < 0.4:
                ActionItem.objects.filter(pk=item.pk).update(status=ActionItem.Status.IN_PROGRESS)
            ActionItem.objects.filter(pk=item.pk).update(created_at=meeting.scheduled_for)
    return meetings, actions


def _historical_agenda(user, on: date) -> list[dict]:
    """The agenda as it stood on ``on``: built with the registered sources, but with
    decisions and actions as they stood then."""
    from ..selectors import agenda_build

    groups = [g.as_dict() for g in agenda_build(user=user, on=on)]
    cut = aware(on, 8)
    waiting = DecisionRequest.objects.filter(submitted_at__lt=cut).exclude(decided_at__lt=cut)
    overdue = ActionItem.objects.filter(due_date__lt=on, created_at__lt=cut).exclude(
        completed_at__lt=cut
    )
    for group in groups:
        if group["source"] == "decisions_waiting":
            group["items"] = [
                {
                    "kind": "decision_waiting",
                    "title": f"#{d.pk} {d.title}",
                    "link": d.get_absolute_url(),
                    "supplier_code": d.supplier.code,
                    "severity": "info",
                }
                for d in waiting.select_related("supplier")
            ]
        elif group["source"] == "actions_overdue":
            group["items"] = [
                {
                    "kind": "action_overdue",
                    "title": f"{a.title} (due {a.due_date:%Y-%m-%d})",
                    "link": a.get_absolute_url(),
                    "supplier_code": "",
                    "severity": "danger",
                }
                for a in overdue
            ]
        elif group["source"] == "disputes_steering":
            group["items"] = []
    return groups
