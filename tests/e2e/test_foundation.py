"""Browser walk through the foundation: log in, list and filter suppliers, open one,
and upload an import with a bad row."""

import pytest
from playwright.sync_api import expect

from ..factories import CategoryFactory, ItemFactory, ReceiptFactory, SupplierFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def data(make_user):
    electronics = CategoryFactory(code="electronics", name="Electronics")
    for n in range(6):
        SupplierFactory(
            code=f"EU-{n}",
            name=f"Europa {n} GmbH",
            region="EMEA",
            country="DE",
            categories=[electronics],
        )
    for n in range(4):
        SupplierFactory(
            code=f"AP-{n}",
            name=f"Pacific {n} Ltd",
            region="APAC",
            country="JP",
            categories=[electronics],
        )
    ReceiptFactory(supplier=SupplierFactory(code="S1", name="Receipts AB"))
    # The import below names BOLT: every import refuses an item code not registered.
    ItemFactory(code="BOLT", name="Bolt")
    return make_user("procurement_analyst", username="ana")


def test_log_in_filter_and_open_a_supplier(page, login, shot, data):
    login("ana")
    # The start page is the user's own work; the portfolio dashboard is one click away.
    expect(page.locator("#my-work")).to_be_visible()
    page.locator("#dashboard-link").click()
    expect(page.get_by_test_id("supplier-total")).to_have_text("11")
    page.goto("/suppliers/")
    expect(page.get_by_test_id("result-count")).to_have_text("11 suppliers")
    page.select_option("#id_region", "APAC")
    expect(page.get_by_test_id("result-count")).to_have_text("4 suppliers")
    assert "region=APAC" in page.url
    expect(page.locator("#supplier-table tbody tr")).to_have_count(4)
    shot("filtered")
    page.get_by_role("link", name="Pacific 2 Ltd").click()
    expect(page.locator("h1")).to_contain_text("Pacific 2 Ltd")
    expect(page.get_by_test_id("supplier-status")).to_have_text("Approved")
    shot("supplier")


def test_search_box_filters_as_you_type(page, login, data):
    login("ana")
    page.goto("/suppliers/")
    page.fill("#id_q", "europa 3")  # the list's own box, not the navigation's
    expect(page.get_by_test_id("result-count")).to_have_text("1 supplier")


def test_import_with_a_bad_row_shows_the_error_table(page, login, shot, data, tmp_path):
    login("ana")
    bad = tmp_path / "receipts.csv"
    bad.write_text(
        "supplier_code,po_number,po_line,item_code,order_date,promised_date,received_date,"
        "ordered_qty,received_qty,rejected_qty,defective_qty,unit_price,agreed_unit_price\n"
        "S1,PO-1,1,BOLT,2026-01-02,2026-01-20,2026-01-21,100,100,0,0,10,\n"
        "S1,PO-1,2,BOLT,2026-01-02,2026-01-20,yesterday,100,100,0,0,10,\n"
    )
    page.goto("/imports/")
    page.select_option("#id_kind", "receipts")
    page.set_input_files("#id_file", str(bad))
    page.click("#import-submit")
    expect(page.locator("#import-result")).to_contain_text("Nothing was imported")
    rows = page.locator("#import-errors tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("3")
    expect(rows.first).to_contain_text("received_date")
    expect(rows.first).to_contain_text("ISO 8601")
    shot("import-errors")


def test_a_user_without_the_role_is_refused(page, login, make_user, data):
    make_user("collaboration_member", username="eng")
    login("eng")
    assert page.goto("/contracts/").status == 403
    expect(page.locator("nav")).not_to_contain_text("Contracts")
