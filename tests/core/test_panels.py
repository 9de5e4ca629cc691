"""The start page is built from the apps' registered panels: in order, each asking the
choke point, each free to decline for a user."""

import pytest
from django.urls import reverse

from srm.accounts.roles import RoleCode
from srm.core import panels
from srm.core.panels import HomePanel, home_panels_for

from ..factories import SupplierFactory

pytestmark = pytest.mark.django_db


def test_panels_come_in_order_and_a_declining_panel_is_left_out(monkeypatch, make_user):
    monkeypatch.setattr(panels, "HOME_PANELS", {})
    panels.register_home_panels(
        HomePanel("late", "late.html", lambda user: {"n": 2}, order=20),
        HomePanel("never", "never.html", lambda user: None, order=5),
        HomePanel("early", "early.html", lambda user: {"who": user.username}, order=10),
    )
    user = make_user(RoleCode.AUDITOR)
    assert [(p["key"], p["context"]) for p in home_panels_for(user)] == [
        ("early", {"who": user.username}),
        ("late", {"n": 2}),
    ]


def test_the_apps_panels_fill_the_home_page_within_the_users_reach(client, make_user):
    SupplierFactory(blocked_for_orders=True, blocked_reason="Standing D in 2026-10")
    analyst = make_user(RoleCode.PROCUREMENT_ANALYST)
    assert [p["key"] for p in home_panels_for(analyst)] == [
        "supplier-counts",
        "certificates-expiring",
        "contracts-renewing",
        "blocked-suppliers",
        "recent-imports",
    ]
    client.force_login(analyst)
    html = client.get(reverse("dashboard")).content.decode()
    assert 'data-testid="supplier-total">1<' in html
    assert "Standing D in 2026-10" in html
    # A collaboration member sees no contracts, certificates or imports, and that a
    # supplier is blocked but not why (the reason is a standing, management track).
    member = make_user(RoleCode.COLLABORATION_MEMBER)
    assert [p["key"] for p in home_panels_for(member)] == ["supplier-counts", "blocked-suppliers"]
    client.force_login(member)
    html = client.get(reverse("dashboard")).content.decode()
    assert "Blocked for new orders" in html
    assert "Standing D in 2026-10" not in html
