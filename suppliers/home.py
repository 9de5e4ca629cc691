"""The suppliers' panels of the start page (``srm.core.panels``): the portfolio by status,
certificates expiring, contracts renewing and the latest imports, within the user's reach."""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone

from srm.core.panels import HomePanel
from srm.core.permissions import can

from . import selectors
from .models import Certificate, Contract, ImportBatch


def supplier_counts(user) -> dict:
    """Suppliers within reach, in total and by status (none for a user who sees none)."""
    status_counts = dict(
        selectors.supplier_list(user=user)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {"status_counts": status_counts, "supplier_total": sum(status_counts.values())}


def certificates_expiring(user) -> dict | None:
    if not can(user, "view", Certificate):
        return None
    today = timezone.localdate()
    return {"expiring": selectors.certificates_expiring(user=user, today=today)[:10]}


def contracts_renewing(user) -> dict | None:
    if not can(user, "view", Contract):
        return None
    today = timezone.localdate()
    return {"renewing": selectors.contracts_renewing(user=user, today=today)[:10]}


def recent_imports(user) -> dict | None:
    if not can(user, "view", ImportBatch):
        return None
    return {"imports": selectors.import_batch_list(user=user)[:5]}


PANELS = (
    HomePanel("supplier-counts", "suppliers/home/counts.html", supplier_counts, order=10),
    HomePanel(
        "certificates-expiring",
        "suppliers/home/certificates_expiring.html",
        certificates_expiring,
        order=20,
    ),
    HomePanel(
        "contracts-renewing", "suppliers/home/contracts_renewing.html", contracts_renewing, order=30
    ),
    HomePanel("recent-imports", "suppliers/home/imports.html", recent_imports, order=50),
)
