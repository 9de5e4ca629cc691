"""What risk contributes to the monthly steering review and the meeting agenda (SPEC §4)."""

from __future__ import annotations

import calendar
from datetime import date

from django.urls import reverse

from srm.core.permissions import can
from srm.core.review import AgendaItem, ReviewSection
from suppliers.selectors import supplier_owners

from . import selectors
from .models import RiskLevel, RiskScore

AGENDA_LIMIT = 25


def top_risks_context(user, period: date) -> dict | None:
    """Suppliers at high or critical risk at the end of the review month (from the
    history, so a past review reads the same later). JSON-serialisable."""
    if not can(user, "view", RiskScore):
        return None
    month_end = period.replace(day=calendar.monthrange(period.year, period.month)[1])
    rows = selectors.top_risks(user=user, on=month_end)
    return {
        "period": f"{period:%Y-%m}",
        "as_of": month_end.isoformat(),
        "rows": rows,
        "critical": sum(1 for r in rows if r["level"] == RiskLevel.CRITICAL),
        "high": sum(1 for r in rows if r["level"] == RiskLevel.HIGH),
    }


TOP_RISKS = ReviewSection(
    key="top_risks",
    title="Top risks",
    template="risk/review_top_risks.html",
    context=top_risks_context,
    order=40,
)


def agenda_risks_high(user, on: date) -> list[AgendaItem]:
    """Suppliers at high or critical risk within the user's reach, highest first."""
    if not can(user, "view", RiskScore):
        return []
    items = []
    at_risk = (
        selectors.risk_score_list(user=user)
        .filter(level__in=[RiskLevel.HIGH, RiskLevel.CRITICAL])
        .order_by("-composite", "supplier__code")
    )
    total = at_risk.count()
    shown = list(at_risk[:AGENDA_LIMIT])
    owners = supplier_owners({score.supplier_id for score in shown})
    for score in shown:
        items.append(
            AgendaItem(
                kind="risk_high",
                title=f"{score.supplier.name}: risk {score.level} (composite {score.composite})",
                link=reverse("risk:supplier_risk", args=[score.supplier.code]),
                supplier_code=score.supplier.code,
                severity="danger" if score.level == RiskLevel.CRITICAL else "warning",
                owner=owners.get(score.supplier_id, ""),
            )
        )
    if total > AGENDA_LIMIT:
        items.append(
            AgendaItem(
                kind="risk_high",
                title=f"… and {total - AGENDA_LIMIT} more suppliers at high or critical risk",
                link=reverse("risk:register"),
                severity="warning",
            )
        )
    return items


def agenda_reviews_overdue(user, on: date) -> list[AgendaItem]:
    """Scheduled risk reassessments that are overdue (SPEC §7), longest overdue first."""
    if not can(user, "view", RiskScore):
        return []
    items = []
    overdue = selectors.overdue_reviews(user=user, today=on)
    total = overdue.count()
    shown = list(overdue[:AGENDA_LIMIT])
    owners = supplier_owners({score.supplier_id for score in shown})
    for score in shown:
        due = f"due {score.review_due_on}" if score.review_due_on else "never reviewed"
        items.append(
            AgendaItem(
                kind="risk_review_overdue",
                title=f"Risk review overdue: {score.supplier.name} ({due})",
                link=reverse("risk:assess", args=[score.supplier.code]),
                supplier_code=score.supplier.code,
                severity="warning",
                owner=owners.get(score.supplier_id, ""),
            )
        )
    if total > AGENDA_LIMIT:
        items.append(
            AgendaItem(
                kind="risk_review_overdue",
                title=f"… and {total - AGENDA_LIMIT} more overdue risk reviews",
                link=reverse("risk:reviews"),
                severity="warning",
            )
        )
    return items
