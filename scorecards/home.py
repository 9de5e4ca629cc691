"""The scorecards' panel of the start page (``srm.core.panels``): suppliers blocked for new
orders, which the standing actions do (a standing D)."""

from __future__ import annotations

from srm.core.panels import HomePanel
from srm.core.permissions import can
from suppliers import selectors as supplier_selectors

from .models import Scorecard


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
