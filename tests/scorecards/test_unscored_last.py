"""Unscored suppliers sort last in both directions, everywhere scores are sorted (issue 11)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from scorecards.models import Scorecard

from ..factories import SupplierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def three():
    good, bad = SupplierFactory(name="Good"), SupplierFactory(name="Bad")
    unscored = SupplierFactory(name="Unscored")
    for supplier, score, standing in ((good, "91.0", "A"), (bad, "40.0", "D")):
        Scorecard.objects.create(
            supplier=supplier,
            period=date(2026, 10, 1),
            score=Decimal(score),
            standing=standing,
            kpis={},
        )
    Scorecard.objects.create(supplier=unscored, period=date(2026, 10, 1), kpis={})
    return good, bad, unscored


@pytest.mark.parametrize("direction", ["", "-"])
def test_api_supplier_ordering(api_client, make_user, three, direction):
    api_client.force_authenticate(make_user("procurement_analyst"))
    rows = api_client.get(f"/api/suppliers/?ordering={direction}current_score").json()["results"]
    names = [r["name"] for r in rows]
    assert names[-1] == "Unscored"
    assert names[0] == ("Bad" if not direction else "Good")


@pytest.mark.parametrize("direction", ["", "-"])
def test_supplier_list_page(client, make_user, three, direction):
    client.force_login(make_user("procurement_analyst"))
    html = client.get(
        reverse("suppliers:supplier_list") + f"?sort={direction}current_standing"
    ).content.decode()
    assert html.index("Unscored") > html.index("Good") and html.index("Unscored") > html.index(
        "Bad"
    )


@pytest.mark.parametrize("direction", ["", "-"])
def test_portfolio(client, make_user, three, direction):
    client.force_login(make_user("procurement_analyst"))
    html = client.get(
        reverse("scorecards:portfolio") + f"?period=2026-10&sort={direction}score"
    ).content.decode()
    body = html[html.index('id="portfolio-table"') :]
    assert body.index("Unscored") > body.index("Good") and body.index("Unscored") > body.index(
        "Bad"
    )


@pytest.mark.parametrize("direction", ["", "-"])
def test_api_scorecard_ordering(api_client, make_user, three, direction):
    api_client.force_authenticate(make_user("procurement_analyst"))
    rows = api_client.get(f"/api/scorecards/?ordering={direction}score").json()["results"]
    assert rows[-1]["score"] is None
