"""Browser walk through the management track's contracts (issue 18): a category manager
creates a contract, puts three price lines and a service level on it in the page's tables
(htmx), activates it, files the supplier's certificate, then finds the contract with the
navigation's search box."""

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from suppliers.models import Contract

from ..factories import CategoryFactory, ItemFactory, SupplierFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def data(make_user):
    fasteners = CategoryFactory(code="fasteners", name="Fasteners")
    supplier = SupplierFactory(code="BOLT", name="Bolt & Nut AB", categories=[fasteners])
    for n in (1, 2, 3):
        ItemFactory(code=f"M{n}", name=f"Screw M{n}")
    catman = make_user("category_manager", username="carla", categories=[fasteners])
    return {"supplier": supplier, "catman": catman}


def _price_row(page, n, item, price, valid_from):
    page.fill(f"#id_prices-{n}-item", item)
    page.fill(f"#id_prices-{n}-unit_price", price)
    page.fill(f"#id_prices-{n}-valid_from", valid_from)


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_create_a_contract_with_prices_and_a_service_level_then_activate(
    page, login, shot, data, tmp_path
):
    login("carla")
    page.goto("/contracts/")
    page.click("#contract-new")
    page.fill("#id_number", "C-BOLT-2026")
    page.select_option("#id_supplier", label=str(data["supplier"]))
    page.fill("#id_title", "Fasteners framework 2026")
    page.fill("#id_start_date", "2026-01-01")
    page.fill("#id_end_date", "2026-12-31")
    page.select_option("#id_owner", label=str(data["catman"]))
    page.click("#form-submit")
    expect(page.get_by_test_id("contract-status")).to_have_text("Draft")

    # Three price lines in the table: one row is there, two are added.
    _price_row(page, 0, "M1", "0.12", "2026-01-01")
    page.click("[data-add-row=prices]")
    page.click("[data-add-row=prices]")
    _price_row(page, 1, "M2", "0.15", "2026-01-01")
    _price_row(page, 2, "M3", "0.19", "2026-01-01")
    page.click("#prices-save")
    expect(page.locator("#id_prices-2-item")).to_have_value("M3")
    expect(page.locator("#id_prices-3-item")).to_have_value("")  # the fresh empty row

    page.select_option("#id_service_levels-0-metric", "otif")
    page.fill("#id_service_levels-0-target", "95")
    page.fill("#id_service_levels-0-valid_from", "2026-01-01")
    page.click("#service_levels-save")
    expect(page.locator("#id_service_levels-0-target")).to_have_value("95.000")
    shot("draft")

    page.click("#contract-activate")
    expect(page.get_by_test_id("contract-status")).to_have_text("Active")
    expect(page.get_by_text("Status is now Active.")).to_be_visible()
    expect(page.get_by_text("Saved.")).to_have_count(0)  # the tables said so in place
    # Once active the lists are read-only tables; changes go through decisions.
    expect(page.locator("#price-table tbody tr")).to_have_count(3)
    shot("active")

    contract = Contract.objects.get(number="C-BOLT-2026")
    assert contract.status == "active" and contract.owner == data["catman"]
    assert sorted((p.item.code, p.unit_price) for p in contract.prices.all()) == [
        ("M1", Decimal("0.1200")),
        ("M2", Decimal("0.1500")),
        ("M3", Decimal("0.1900")),
    ]
    level = contract.service_levels.get()
    assert (level.metric, level.target, level.effective_from) == (
        "otif",
        Decimal("95"),
        date(2026, 1, 1),
    )

    # The supplier's certificate, with its file, then the contract found from the search box.
    page.goto(data["supplier"].get_absolute_url())
    page.locator("#certificate-add").click()
    page.select_option("#id_kind", "iso9001")
    page.fill("#id_reference", "ISO-BOLT-1")
    page.fill("#id_expires_on", "2028-06-30")
    certificate = tmp_path / "iso-9001.pdf"
    certificate.write_bytes(PDF)
    page.set_input_files("#id_file", str(certificate))
    page.locator("#form-submit").click()
    expect(page.locator("h1")).to_contain_text("ISO 9001")
    assert data["supplier"].certificates.get().documents.get().sha256
    page.fill("#nav-search-input", "C-BOLT")
    page.press("#nav-search-input", "Enter")
    expect(page.locator('[data-search-kind="contract"]')).to_contain_text("C-BOLT-2026")
    shot("search")
    page.locator('[data-search-kind="contract"] a').first.click()
    expect(page.locator("h1")).to_contain_text("Fasteners framework 2026")
    expect(page.get_by_test_id("contract-status")).to_have_text("Active")
