"""Navigation and supplier-page tabs as registries: each app registers what it
offers in its ``AppConfig.ready``; a user sees only the entries they may open."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from . import permissions


@dataclass(frozen=True)
class MenuItem:
    group: str
    label: str
    url_name: str
    model: str  # "app_label.ModelName" whose permission opens the page
    action: str = "view"
    order: int = 100


@dataclass(frozen=True)
class SupplierTab:
    key: str
    label: str
    url_name: str  # reversed with the supplier code
    model: str
    action: str = "view"
    order: int = 100


MENU: list[MenuItem] = []
SUPPLIER_TABS: list[SupplierTab] = []
GROUP_ORDER = ["Suppliers", "Performance", "Governance", "Risk", "Collaboration", "Data", "Admin"]


def register_menu(*items: MenuItem) -> None:
    for item in items:
        if item not in MENU:
            MENU.append(item)


def register_supplier_tabs(*tabs: SupplierTab) -> None:
    for tab in tabs:
        if tab not in SUPPLIER_TABS:
            SUPPLIER_TABS.append(tab)


_UNREAD = object()


def _allowed(user, model_label: str, action: str) -> bool:
    model = apps.get_model(model_label)
    if not permissions.can(user, action, model):
        return False
    dataset = getattr(model, "sharing_dataset", None)
    if not dataset or not getattr(user, "supplier_id", None):
        return True
    # A supplier collaborator reaches such a model only where its supplier's sharing policy
    # publishes the data set (see permissions.shared_supplier_ids): no menu entry or tab
    # that can only ever be empty. The policy is read once per user.
    policy = getattr(user, "_srm_nav_policy", _UNREAD)
    if policy is _UNREAD:
        # A deliberate upward import, named in the import-linter contract: the supplier's
        # sharing policy is part of the permission scope.
        from collaboration.models import SharingPolicy

        policy = SharingPolicy.objects.filter(supplier_id=user.supplier_id).first()
        user._srm_nav_policy = policy
    return bool(getattr(policy, dataset, False))


def menu_for(user) -> list[tuple[str, list[dict]]]:
    """Menu groups with the entries ``user`` may open, in display order."""
    groups: dict[str, list[dict]] = {}
    for item in sorted(MENU, key=lambda i: (i.order, i.label)):
        if not _allowed(user, item.model, item.action):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        groups.setdefault(item.group, []).append(
            {"label": item.label, "url": url, "name": item.url_name}
        )
    order = {g: i for i, g in enumerate(GROUP_ORDER)}
    return sorted(groups.items(), key=lambda kv: order.get(kv[0], len(order)))


def supplier_tabs_for(user, supplier_code: str) -> list[dict]:
    tabs = []
    for tab in sorted(SUPPLIER_TABS, key=lambda t: (t.order, t.label)):
        if _allowed(user, tab.model, tab.action):
            tabs.append(
                {
                    "key": tab.key,
                    "label": tab.label,
                    "url": reverse(tab.url_name, args=[supplier_code]),
                }
            )
    return tabs
