"""Browser walks through governance: raise a price change, two people sign it off and
it is applied; the monthly steering review with its PDF."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance import services
from governance.models import DecisionRequest, DecisionType
from suppliers.models import ContractPrice

from ..factories import (
    CategoryFactory,
    ContractFactory,
    ContractPriceFactory,
    ItemFactory,
    SupplierFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def data(make_user):
    electronics = CategoryFactory(code="electronics", name="Electronics")
    supplier = SupplierFactory(code="VOLT", name="Volt Components AB", categories=[electronics])
    contract = ContractFactory(supplier=supplier, number="C-VOLT-1", title="Framework")
    item = ItemFactory(code="MCU-1", name="Microcontroller")
    ContractPriceFactory(
        contract=contract, item=item, unit_price=Decimal("4.00"), effective_from=date(2024, 1, 1)
    )
    return {
        "supplier": supplier,
        "contract": contract,
        "item": item,
        "analyst": make_user("procurement_analyst", username="ana", first_name="Ana"),
        "catman": make_user("category_manager", username="carla", categories=[electronics]),
        "finance": make_user("finance_approver", username="fatima"),
        "steering": make_user("steering_committee", username="jonas"),
    }


def _switch(page, login, username):
    page.context.clear_cookies()
    login(username)


def test_raise_sign_off_and_apply_a_price_change(page, login, shot, data):
    login("ana")
    page.goto("/decisions/new/")
    page.select_option("#id_decision_type", label="Price / terms change")
    page.select_option("#id_supplier", label=str(data["supplier"]))
    page.fill("#id_title", "Lower the MCU price after the volume increase")
    page.fill("#id_justification", "Volume up 40 %; the supplier agreed 5 % off.")
    page.fill("#id_risk_impact", "None: same part, same source.")
    page.select_option("#id_contract", label=str(data["contract"]))
    page.select_option("#id_item", label=str(data["item"]))
    page.fill("#id_proposed_unit_price", "3.80")
    page.fill("#id_effective_from", (timezone.localdate() + timedelta(days=1)).isoformat())
    shot("raise")
    page.click("#submit-decision")
    expect(page.get_by_test_id("decision-state")).to_have_text("Submitted")
    expect(page.locator("#sign-off-table")).to_contain_text("waiting")
    decision = DecisionRequest.objects.get()

    _switch(page, login, "carla")
    page.goto("/decisions/")
    expect(page.locator("#waiting-for-me")).to_contain_text(decision.title)
    page.get_by_role("link", name=f"#{decision.pk} {decision.title}").first.click()
    page.fill("#sign-off-comment", "Agreed in the negotiation.")
    page.click("#approve-decision")
    expect(page.locator(".alert-success")).to_contain_text("Waiting for the other sign-offs")
    expect(page.get_by_test_id("decision-state")).to_have_text("Submitted")

    _switch(page, login, "fatima")
    expect(page.get_by_test_id("unread-count")).to_be_visible()
    page.goto(f"/decisions/{decision.pk}/")
    page.click("#approve-decision")
    expect(page.get_by_test_id("decision-state")).to_have_text("Applied")
    expect(page.get_by_test_id("applied-at")).to_be_visible()
    shot("applied")
    assert ContractPrice.objects.get(contract=data["contract"], unit_price=Decimal("3.80"))
    page.goto(f"/contracts/{data['contract'].number}/")
    expect(page.locator("#price-table")).to_contain_text("3.8")


def test_the_requester_gets_no_sign_off_form(page, login, data, make_user):
    # The only category manager's own request: the sponsor signs that step (fallback).
    make_user("executive_sponsor", username="eva")
    decision = services.decision_request_create(
        actor=data["catman"],
        decision_type=DecisionType.objects.get(code="price_change"),
        supplier=data["supplier"],
        title="Raise the MCU price",
        justification="Index +6 %.",
        risk_impact="Low.",
        contract=data["contract"],
        item=data["item"],
        proposed_unit_price=Decimal("4.20"),
        effective_from=date(2026, 12, 1),
    )
    services.decision_request_submit(actor=data["catman"], request=decision)
    login("carla")
    page.goto(f"/decisions/{decision.pk}/")
    expect(page.get_by_test_id("decision-state")).to_have_text("Submitted")
    expect(page.locator("#sign-off-card")).to_have_count(0)


def test_review_page_and_pdf(page, login, shot, data):
    decision = services.decision_request_create(
        actor=data["analyst"],
        decision_type=DecisionType.objects.get(code="price_change"),
        supplier=data["supplier"],
        title="Index price review",
        justification="Index.",
        risk_impact="Low.",
        contract=data["contract"],
        item=data["item"],
        proposed_unit_price=Decimal("4.10"),
        effective_from=date(2026, 12, 1),
    )
    services.decision_request_submit(actor=data["analyst"], request=decision)
    services.decision_request_sign_off(actor=data["catman"], request=decision)
    services.decision_request_sign_off(actor=data["finance"], request=decision)
    services.action_item_create(
        actor=data["steering"],
        title="Chase the insurance certificate",
        owner=data["analyst"],
        due_date=timezone.localdate() - timedelta(days=1),
        supplier=data["supplier"],
    )
    month = f"{timezone.localdate():%Y-%m}"
    login("jonas")
    page.goto(f"/review/{month}/")
    expect(page.get_by_test_id("review-period")).to_be_visible()
    expect(page.locator('[data-figure="decisions-taken"]')).to_have_text("1")
    expect(page.locator('[data-figure="decisions-approved"]')).to_have_text("1")
    expect(page.locator("#section-decisions")).to_contain_text("Index price review")
    expect(page.locator("#section-decisions svg")).to_have_count(1)
    expect(page.locator("#section-actions_overdue")).to_contain_text(
        "Chase the insurance certificate"
    )
    head = page.get_by_test_id("head-hash").inner_text()
    assert len(head) == 64
    shot("review")
    pdf = page.request.get(page.locator("#review-pdf").get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    api = page.request.get(f"/api/reviews/{month}/").json()
    assert api["decisions"]["counts"]["taken"] == 1
    assert api["actions_overdue"]["count"] == 1


def test_raise_see_named_signers_sign_as_delegate_and_apply(page, login, shot, data, make_user):
    """From her inbox, the only category manager raises a price change: the form names who
    can sign each step before anything is saved (the sponsor as the fallback for the
    category manager's own step, and her delegate); the sponsor is away and the steering
    committee member, from his inbox, signs on her behalf; finance signs; applied."""
    make_user("executive_sponsor", username="eva", first_name="Eva", last_name="Berg")
    services.delegation_create(
        actor=type(data["steering"]).objects.get(username="eva"),
        delegate=data["steering"],
        starts=timezone.localdate(),
        ends=timezone.localdate() + timedelta(days=5),
    )
    login("carla")
    page.goto("/")
    expect(page.locator("#my-work")).to_be_visible()
    page.goto(page.locator('[data-nav="governance:decision_list"]').get_attribute("href"))
    page.click("#new-decision")
    page.select_option("#id_decision_type", label="Price / terms change")
    page.select_option("#id_supplier", label=str(data["supplier"]))
    # Before saving: the named signers, refreshed when the type and the supplier change.
    named = page.locator('#named-signers [data-step="category_manager"]')
    expect(named).to_contain_text("Eva Berg")
    expect(named).to_contain_text("for Eva Berg")
    expect(named).not_to_contain_text("carla")
    expect(page.locator('#named-signers [data-step="finance_approver"]')).to_contain_text("fatima")
    shot("named-signers-on-the-form")
    page.fill("#id_title", "Raise the MCU price with the index")
    page.fill("#id_justification", "Index +5 %.")
    page.fill("#id_risk_impact", "Low.")
    page.select_option("#id_contract", label=str(data["contract"]))
    page.select_option("#id_item", label=str(data["item"]))
    page.fill("#id_proposed_unit_price", "4.20")
    page.fill("#id_effective_from", (timezone.localdate() + timedelta(days=1)).isoformat())
    page.click("button[name=save]")
    signers = page.locator('tr[data-step="category_manager"] [data-testid="eligible-signers"]')
    expect(signers).to_contain_text("Eva Berg")
    expect(signers).to_contain_text("for Eva Berg")  # the delegate, named
    expect(signers).not_to_contain_text("carla")
    shot("named-signers")
    page.click("#submit-decision")
    expect(page.get_by_test_id("decision-state")).to_have_text("Submitted")
    decision = DecisionRequest.objects.get()

    _switch(page, login, "jonas")
    page.goto("/")
    page.click(f'[data-work-item="sign_off-{decision.pk}"] a')
    expect(page.locator("#sign-off-card")).to_contain_text("on behalf of")
    page.click("#approve-decision")
    expect(page.locator('tr[data-step="category_manager"]')).to_contain_text("on behalf of")

    _switch(page, login, "fatima")
    page.goto(f"/decisions/{decision.pk}/")
    page.click("#approve-decision")
    expect(page.get_by_test_id("decision-state")).to_have_text("Applied")
    shot("applied-by-delegate")
    assert ContractPrice.objects.get(contract=data["contract"], unit_price=Decimal("4.20"))
