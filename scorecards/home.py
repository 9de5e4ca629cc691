"""The scorecards' panel of the start page (``srm.core.panels``): suppliers blocked for new
orders, which the standing actions do (a standing D)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from srm.core.panels import HomePanel
from srm.core.permissions import can
from srm.core.work import WorkSection, work_item
from suppliers import selectors as supplier_selectors

from .models import CorrectiveAction, Scorecard


def blocked_suppliers(user) -> dict | None:
    """Up to ten blocked suppliers within reach; nothing to show when none is blocked."""
    blocked = list(supplier_selectors.supplier_list(user=user).filter(blocked_for_orders=True)[:10])
    if not blocked:
        return None
    # The reason is a standing ("Standing D in 2026-11"): scorecards are management
    # track, so a collaboration member sees that a supplier is blocked, not why.
    return {"blocked": blocked, "show_blocked_reason": can(user, "view", Scorecard)}


PANELS = (
    HomePanel("blocked-suppliers", "scorecards/home/blocked.html", blocked_suppliers, order=40),
)


def my_corrective_actions(user, today: date) -> list[dict] | None:
    """Corrective actions the user owns and has not closed, soonest due first."""
    if not can(user, "view", CorrectiveAction):
        return None
    rows = (
        CorrectiveAction.objects.filter(owner=user)
        .exclude(status=CorrectiveAction.Status.CLOSED)
        .select_related("supplier")
        .order_by("due_date", "pk")
    )
    return [
        work_item(
            id=a.pk,
            kind="corrective_action",
            title=a.title,
            url=reverse("scorecards:corrective_action_detail", args=[a.pk]),
            due=a.due_date,
            overdue=a.due_date < today,
            detail=f"{a.supplier.code} · {a.get_status_display()}",
        )
        for a in rows
    ]


WORK_SECTIONS = (
    WorkSection(
        "corrective_actions", _("Corrective actions I own"), my_corrective_actions, order=60
    ),
)
