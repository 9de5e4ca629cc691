"""One export builder (issue 12, finding 6): the portfolio page's CSV and the API's CSV
fill ``previous_score`` and ``movement`` alike under the same headers."""

import csv
import io
from datetime import date

import pytest

from ..factories import SupplierFactory
from .test_pages_and_api import make_card

pytestmark = pytest.mark.django_db


def _rows(content: bytes) -> dict:
    reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    return {row["supplier"]: row for row in reader}


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
    assert list(next(iter(page.values()))) == list(next(iter(api.values())))
