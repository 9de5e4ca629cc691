"""One export builder (issue 12, finding 6): the portfolio page's CSV and the API's CSV
fill ``previous_score`` and ``movement`` alike in the same columns (the page under human
headers, the API under the keys tools rely on)."""

import csv
import io
from datetime import date

import pytest

from ..factories import SupplierFactory
from .test_pages_and_api import make_card

pytestmark = pytest.mark.django_db


API_KEYS = {"Supplier code": "supplier", "Last month": "previous_score", "Movement": "movement"}


def _rows(content: bytes) -> dict:
    header, *rows = csv.reader(io.StringIO(content.decode("utf-8-sig")))
    keys = [API_KEYS.get(h, h) for h in header]
    return {row[0]: dict(zip(keys, row, strict=True)) for row in rows}


def test_page_and_api_csv_carry_the_same_previous_score_and_movement(
    client, api_client, make_user, django_assert_max_num_queries
):
    mover, newcomer = SupplierFactory(code="MOVER"), SupplierFactory(code="NEW")
    make_card(mover, period=date(2026, 1, 1), score="70.0")
    make_card(mover, period=date(2026, 2, 1), score="82.5")
    make_card(newcomer, period=date(2026, 2, 1), score="60.0")
    user = make_user("procurement_analyst")
    client.force_login(user)
    api_client.force_authenticate(user)

    page = _rows(client.get("/scorecards/?period=2026-02&export=csv").content)
    with django_assert_max_num_queries(8):
        response = api_client.get("/api/scorecards/?period=2026-02&format=csv")
    api = _rows(response.content)

    assert page["MOVER"]["previous_score"] == api["MOVER"]["previous_score"]
    assert page["MOVER"]["movement"] == api["MOVER"]["movement"]
    assert float(api["MOVER"]["previous_score"]) == 70.0
    assert float(api["MOVER"]["movement"]) == 12.5
    assert api["NEW"]["previous_score"] == page["NEW"]["previous_score"] == ""
    assert len(next(iter(page.values()))) == len(next(iter(api.values())))


def _codes(response) -> list[str]:
    return [row[0] for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))]


def test_portfolio_export_keeps_the_page_sort_and_writes_human_headers(client, make_user):
    for code, score in (("AAA", "50.0"), ("BBB", "90.0"), ("CCC", "70.0")):
        supplier = SupplierFactory(code=code, name=f"Name {code}")
        make_card(supplier, period=date(2026, 2, 1), score=score)
    client.force_login(make_user("procurement_analyst"))
    query = {"period": "2026-02", "export": "csv"}
    by_score = client.get("/scorecards/", {**query, "sort": "-score"})
    header = next(csv.reader(io.StringIO(by_score.content.decode("utf-8-sig"))))
    assert header[:6] == ["Supplier code", "Supplier", "Region", "Period", "Score", "Standing"]
    assert _codes(by_score)[1:] == ["BBB", "CCC", "AAA"]
    assert _codes(client.get("/scorecards/", {**query, "sort": "supplier"}))[1:] == [
        "AAA",
        "BBB",
        "CCC",
    ]
