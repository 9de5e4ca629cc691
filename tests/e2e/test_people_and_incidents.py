"""Browser walk through issue 18's people and incidents: an analyst records a contact and
sees it on the supplier's relationship map, then logs a serious quality incident from the
risk tab and finds it there with the corrective action it opened."""

import pytest
from playwright.sync_api import expect

from ..factories import CategoryFactory, SupplierFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def data(make_user):
    SupplierFactory(
        code="VOLT", name="Volt Components AB", categories=[CategoryFactory(code="electronics")]
    )
    return make_user("procurement_analyst", username="ana")


def test_contact_on_the_map_and_an_incident_on_the_risk_tab(page, login, shot, data):
    login("ana")
    page.goto("/suppliers/VOLT/")
    page.click("[data-tab=contacts]")
    page.click("#contact-add")
    page.fill("#id_name", "Anna Berg")
    page.fill("#id_function", "Key account manager")
    page.fill("#id_email", "anna@volt.example")
    page.select_option("#id_works_on", "management")
    page.check("#id_is_primary")
    page.click("#form-submit")
    lane = page.locator("#relationship-map [data-track=management]")
    expect(lane).to_contain_text("Anna Berg")
    expect(lane).to_contain_text("primary")
    shot("relationship-map")

    page.click("[data-tab=risk]")
    page.click("#incident-log")
    page.fill("#id_occurred_on", "2026-03-02")
    page.select_option("#id_kind", "quality")
    page.select_option("#id_severity", "high")
    page.fill("#id_description", "Cracked housings in lot 7")
    page.click("#form-submit")
    expect(page.locator("[data-testid=incident-action] a")).to_be_visible()
    page.goto("/suppliers/VOLT/risk/")
    expect(page.locator("#risk-incidents")).to_contain_text("Cracked housings in lot 7")
    shot("risk-tab-incident")
