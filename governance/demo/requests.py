"""Demo supplier requests: every month of the history, answered after hours that follow
the supplier's delivery profile; a few never answered."""

from __future__ import annotations

import calendar
from datetime import timedelta

from django.utils import timezone

from srm.accounts.roles import RoleCode
from srm.audit.services import AuditSubject, audit_record
from srm.core.actors import SYSTEM
from srm.core.demo import DemoContext
from suppliers.models import SupplierStatus

from ..models import (
    SupplierRequest,
    SupplierRequestAnswer,
)
from .common import aware, month_start

REQUEST_SUBJECTS = [
    "Confirm delivery date for open PO lines",
    "Updated certificate of conformity",
    "Capacity for next quarter's forecast",
    "Root cause of the late shipment",
    "Quote for revised packaging",
    "Lead time for engineering change",
    "Copy of the renewed insurance certificate",
    "Price breakdown for the annual review",
    "Status of the corrective action",
    "Safety data sheet, latest revision",
]
# Hours to first answer by delivery profile: (low, mode, high) of a triangular spread.
RESPONSE_HOURS = {
    "excellent": (2, 10, 40),
    "good": (4, 20, 70),
    "average": (8, 36, 110),
    "failing": (24, 90, 260),
}
NEVER_ANSWERED = {"excellent": 0.01, "good": 0.02, "average": 0.04, "failing": 0.12}


# --- supplier requests -----------------------------------------------------------------------


def seed_supplier_requests(ctx: DemoContext, users, suppliers) -> int:
    """Requests over every month of the history, answered after hours that follow the
    supplier's profile; a few never answered (overdue), the newest still open."""
    rng, today = ctx.rng, ctx.today
    now = timezone.now()
    owners = [
        users[RoleCode.CATEGORY_MANAGER],
        users[RoleCode.OPERATIONS_LEAD],
        users[RoleCode.PROCUREMENT_ANALYST],
        users[RoleCode.CONTRACT_OWNER],
    ]
    active = [
        s for s in suppliers if s.status in (SupplierStatus.APPROVED, SupplierStatus.SUSPENDED)
    ]
    rows, answers = [], []
    first = month_start(today, ctx.months - 1)
    for supplier in active:
        profile = getattr(getattr(supplier, "demo_profile", None), "name", "average")
        low, mode, high = RESPONSE_HOURS.get(profile, RESPONSE_HOURS["average"])
        for back in range(ctx.months):
            month = month_start(today, back)
            if month < first:
                continue
            days = calendar.monthrange(month.year, month.month)[1]
            for _ in range(rng.choice([0, 1, 1, 2])):
                sent_day = month + timedelta(days=rng.randrange(days))
                if sent_day > today:
                    continue
                sent_at = aware(sent_day, rng.randint(7, 17), rng.choice([0, 15, 30, 45]))
                if sent_at >= now:
                    continue
                due_at = sent_at + timedelta(days=rng.choice([2, 3, 5, 7]))
                request = SupplierRequest(
                    supplier=supplier,
                    subject=rng.choice(REQUEST_SUBJECTS),
                    body="Please reply in the portal or by return mail.",
                    owner=rng.choice(owners),
                    sent_by=rng.choice(owners),
                    sent_at=sent_at,
                    due_at=due_at,
                )
                answered_at = sent_at + timedelta(
                    hours=rng.triangular(low, high, mode), minutes=rng.randrange(60)
                )
                if rng.random() >= NEVER_ANSWERED.get(profile, 0.04) and answered_at < now:
                    request.status = SupplierRequest.Status.ANSWERED
                    request.first_answered_at = answered_at
                    answers.append((request, answered_at))
                rows.append(request)
    SupplierRequest.objects.bulk_create(rows, batch_size=2000)
    collaborator = users[RoleCode.SUPPLIER_COLLABORATOR]
    SupplierRequestAnswer.objects.bulk_create(
        [
            SupplierRequestAnswer(
                request=request,
                author=collaborator if request.supplier_id == collaborator.supplier_id else None,
                body="Answered; details attached.",
                answered_at=answered_at,
                on_behalf_of_supplier=request.supplier_id != collaborator.supplier_id,
            )
            for request, answered_at in answers
        ],
        batch_size=2000,
    )
    audit_record(
        actor=SYSTEM,
        action="seed_demo",
        subject=AuditSubject("governance.supplierrequest", "*", "demo supplier requests"),
        after={"requests": len(rows), "answered": len(answers)},
    )
    return len(rows)
