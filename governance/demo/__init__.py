"""Demo data for governance: a steering group, two years of supplier requests (so
``response_hours`` has data every month), decisions in every state taken through the
real services (so their effects, sign-offs and audit rows are genuine), disputes at
every rung of the ladder, and past meetings with minutes and action items (some
overdue).

History is written through the services and then dated back: the audit trail keeps
the real time the demo was loaded (it is an honest log), the records carry the dates
of the story. In-app notifications are written; emails are not sent.
"""

from __future__ import annotations

from django.utils import timezone

from srm.accounts.roles import RoleCode
from srm.core.actors import SYSTEM
from srm.core.demo import DemoContext
from srm.core.models import Notification
from srm.core.notifications import email_suppressed

from .. import services
from ..models import ActionItem, DecisionRequest, Dispute
from .decisions import seed_decisions
from .disputes import seed_disputes
from .meetings import seed_meetings
from .requests import seed_supplier_requests


def seed(ctx: DemoContext) -> None:
    users = ctx.shared.get("users")
    suppliers = ctx.shared.get("suppliers")
    if not users or not suppliers:
        return
    with email_suppressed():
        group = _seed_steering_group(users)
        requests = seed_supplier_requests(ctx, users, suppliers)
        decisions = seed_decisions(ctx, users, suppliers)
        meetings, actions = seed_meetings(ctx, users, group, suppliers)
        disputes = seed_disputes(ctx, users, suppliers)
        _leave_live_notifications_unread()
    ctx.shared["steering_group"] = group
    ctx.stdout(
        f"  governance: {requests} supplier requests, {decisions} decisions, {disputes} disputes, "
        f"{meetings} meetings with {actions} action items"
    )


def _seed_steering_group(users):
    members = [
        users[RoleCode.EXECUTIVE_SPONSOR],
        users[RoleCode.STEERING_COMMITTEE],
        users[RoleCode.CATEGORY_MANAGER],
        users[RoleCode.FINANCE_APPROVER],
        users[RoleCode.CONTRACT_OWNER],
        users[RoleCode.OPERATIONS_LEAD],
        users[RoleCode.LEGAL_REVIEWER],
    ]
    return services.steering_group_create(
        actor=SYSTEM,
        name="Supplier steering group",
        description="Monthly governance review of the supplier portfolio; last step of the "
        "dispute ladder.",
        members=members,
        chair=users[RoleCode.EXECUTIVE_SPONSOR],
    )


def _leave_live_notifications_unread() -> None:
    """Loading history notified everyone of everything; keep unread only what is still
    open (decisions waiting, open disputes, open actions), as after a normal month."""
    now = timezone.now()
    live = [
        *(d.get_absolute_url() for d in DecisionRequest.objects.filter(state="submitted")),
        *(d.get_absolute_url() for d in Dispute.objects.filter(status=Dispute.Status.OPEN)),
        *(
            a.get_absolute_url()
            for a in ActionItem.objects.filter(status__in=ActionItem.OPEN_STATUSES)
        ),
    ]
    Notification.objects.filter(read_at__isnull=True).exclude(link__in=live).update(read_at=now)
