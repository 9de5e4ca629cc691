"""Browser walk through the supplier portal: a supplier collaborator lands in the portal,
submits an idea, answers a request, and is refused another supplier's page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from collaboration.models import Idea, SharingPolicy
from governance.models import SupplierRequest
from governance.services import supplier_request_send

from ..factories import CategoryFactory, SupplierFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def portal_world(make_user):
    category = CategoryFactory(code="plastics", name="Plastics")
    mine = SupplierFactory(code="SUP-0012", name="Astra Moulding AB", categories=[category])
    other = SupplierFactory(code="SUP-0099", name="Vega Plastics GmbH", categories=[category])
    SharingPolicy.objects.create(supplier=mine, forecasts=True, requests=True, scorecard=True)
    owner = make_user("operations_lead", username="carla")  # reaches every supplier
    request = supplier_request_send(
        actor=owner,
        supplier=mine,
        subject="Confirm the Q3 capacity",
        body="Can you ship 4,000 covers a week from July?",
        owner=owner,
        due_at=timezone.now() + timedelta(days=2),
    )
    make_user("supplier_collaborator", username="supplier-sup-0012", supplier=mine)
    return mine, other, request


def test_supplier_collaborator_submits_an_idea_and_answers_a_request(
    page, login, shot, portal_world
):
    mine, _other, request = portal_world
    login("supplier-sup-0012")
    page.goto("/")
    assert page.url.endswith("/portal/")
    expect(page.locator("h1")).to_have_text("Astra Moulding AB")
    # The menu offers no management track.
    expect(page.locator("nav")).not_to_contain_text("Contracts")
    shot("portal")

    page.click("#submit-idea")
    page.fill("#id_title", "Returnable crates")
    page.fill("#id_description", "Replace one-way cartons by returnable crates.")
    page.fill("#id_estimated_value", "18000")
    page.click("#form-submit")
    expect(page.get_by_test_id("idea-status")).to_have_text("Submitted")
    idea = Idea.objects.get(title="Returnable crates")
    assert idea.supplier == mine and idea.proposer.username == "supplier-sup-0012"
    page.goto("/portal/")
    expect(page.locator("#portal-ideas")).to_contain_text("Returnable crates")

    page.get_by_role("link", name="Confirm the Q3 capacity").click()
    page.fill("textarea[name=answer]", "Yes: 4,000 a week from 1 July.")
    page.click("#answer-submit")
    expect(page.get_by_test_id("request-status")).to_have_text("Answered")
    expect(page.locator("#request-answers")).to_contain_text("Yes: 4,000 a week from 1 July.")
    request.refresh_from_db()
    assert request.status == SupplierRequest.Status.ANSWERED
    assert request.first_answered_at is not None
    shot("answered")


def test_supplier_collaborator_is_refused_another_suppliers_page(page, login, portal_world):
    mine, other, _request = portal_world
    login("supplier-sup-0012")
    for path in (
        f"/suppliers/{other.code}/",
        f"/suppliers/{other.code}/collaboration/",
        "/contracts/",
        f"/collaboration/sharing/{mine.code}/",  # the policy editor
    ):
        response = page.goto(path)
        assert response.status in (403, 404), path
    assert page.goto(f"/suppliers/{other.code}/").status == 404
    assert page.goto(f"/suppliers/{mine.code}/collaboration/").status == 200
    expect(page.locator("body")).not_to_contain_text("Vega Plastics")


def test_portal_fits_a_phone_screen(page, login, portal_world):
    # Tables in cards scroll inside them; before, the requests table widened the page.
    login("supplier-sup-0012")
    page.set_viewport_size({"width": 390, "height": 800})
    for path in ("/portal/", f"/portal/requests/{portal_world[2].pk}/"):
        page.goto(path)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} is {overflow}px wider than the screen"
