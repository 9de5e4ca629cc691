"""Browser walk (issue 18): a category manager records a certificate with its file on the
supplier page, downloads it, then finds the supplier and its contract with the search box."""

import pytest
from playwright.sync_api import expect

from ..factories import CategoryFactory, ContractFactory, SupplierFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def data(make_user):
    mine = CategoryFactory(code="castings", name="Castings")
    other = CategoryFactory(code="chemicals", name="Chemicals")
    supplier = SupplierFactory(code="FOUNDRY-1", name="Foundry Nord", categories=[mine])
    ContractFactory(supplier=supplier, number="FN-2026", title="Foundry Nord castings frame")
    SupplierFactory(code="FOUNDRY-9", name="Foundry Süd", categories=[other])
    make_user("category_manager", username="cat", categories=[mine])
    return supplier


def test_certificate_upload_download_and_search(page, login, shot, data, tmp_path):
    login("cat")
    page.goto(data.get_absolute_url())
    page.locator("#certificate-add").click()
    page.select_option("#id_kind", "iso9001")
    page.fill("#id_reference", "ISO-FN-1")
    page.fill("#id_issuer", "TÜV")
    page.fill("#id_expires_on", "2028-06-30")
    hostile = tmp_path / "cert.pdf"
    hostile.write_bytes(b"MZ\x90\x00 not a pdf")
    page.set_input_files("#id_file", str(hostile))
    page.locator("#form-submit").click()
    expect(page.locator("#service-form")).to_contain_text("not accepted")
    good = tmp_path / "iso-9001.pdf"
    good.write_bytes(PDF)
    page.set_input_files("#id_file", str(good))
    page.check("#id_verified")
    page.locator("#form-submit").click()
    expect(page.locator("h1")).to_contain_text("ISO 9001")
    expect(page.get_by_test_id("verified")).to_contain_text("cat")
    shot("certificate")
    with page.expect_download() as download:
        page.get_by_test_id("document-download").first.click()
    assert download.value.suggested_filename == "iso-9001.pdf"
    assert download.value.path().read_bytes() == PDF
    page.fill("#nav-search-input", "foundry")
    page.press("#nav-search-input", "Enter")
    expect(page.locator('[data-search-kind="supplier"]')).to_contain_text("Foundry Nord")
    expect(page.locator('[data-search-kind="contract"]')).to_contain_text("FN-2026")
    expect(page.locator("body")).not_to_contain_text("Foundry Süd")
    shot("search")
    page.locator('[data-search-kind="contract"] a').first.click()
    expect(page.locator("h1")).to_contain_text("Foundry Nord castings frame")
