"""The risk pages as declarations on the page kit: the buttons a page shows come from the
choke point asked in the template, and a creation's reach is the service's check, shared
by the page and the API."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from risk.models import ContinuityExercise
from tests.factories import ContinuityPlanFactory

from ..factories import SupplierFactory


def test_assess_link_and_form_follow_the_add_reach_not_the_view_reach(
    client, make_user, category_pair
):
    granted, other = category_pair
    # Sees every supplier (finance), may assess only those of the granted category.
    client.force_login(make_user("category_manager", "finance_approver", categories=[granted]))
    own, outside = SupplierFactory(categories=[granted]), SupplierFactory(categories=[other])
    page = client.get(reverse("risk:supplier_risk", args=[own.code])).content.decode()
    assert 'id="assess-link"' in page
    page = client.get(reverse("risk:supplier_risk", args=[outside.code]))
    assert page.status_code == 200 and 'id="assess-link"' not in page.content.decode()
    assert client.get(reverse("risk:assess", args=[outside.code])).status_code == 403
    assert client.get(reverse("risk:assess", args=[own.code])).status_code == 200


def test_assessment_errors_of_the_service_land_on_the_form(client, make_user):
    supplier = SupplierFactory()
    client.force_login(make_user("procurement_analyst"))
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        reverse("risk:assess", args=[supplier.code]),
        {"assessed_on": tomorrow.isoformat(), "value_cyber": "4", "evidence_cyber": "Pen test."},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["assessed_on"] == [
        "An assessment cannot be dated in the future."
    ]


def test_plan_page_buttons_follow_the_choke_point(client, make_user):
    plan = ContinuityPlanFactory()
    client.force_login(make_user("operations_lead"))
    page = client.get(reverse("risk:plan_detail", args=[plan.pk])).content.decode()
    assert reverse("risk:plan_update", args=[plan.pk]) in page and 'id="exercise-form"' in page
    client.force_login(make_user("finance_approver"))
    page = client.get(reverse("risk:plan_detail", args=[plan.pk])).content.decode()
    assert reverse("risk:plan_update", args=[plan.pk]) not in page
    assert 'id="exercise-form"' not in page


def test_exercise_of_another_category_is_not_offered_and_refused(client, make_user, category_pair):
    granted, other = category_pair
    plan = ContinuityPlanFactory(supplier=SupplierFactory(categories=[other]))
    client.force_login(make_user("category_manager", "finance_approver", categories=[granted]))
    page = client.get(reverse("risk:plan_detail", args=[plan.pk]))
    assert page.status_code == 200 and 'id="exercise-form"' not in page.content.decode()
    response = client.post(
        reverse("risk:exercise_create", args=[plan.pk]),
        {"held_on": timezone.localdate().isoformat(), "findings": "x"},
    )
    assert response.status_code == 403
    assert not ContinuityExercise.objects.exists()


def test_invalid_exercise_redraws_the_plan_page_with_the_errors(client, make_user):
    plan = ContinuityPlanFactory()
    client.force_login(make_user("operations_lead"))
    response = client.post(
        reverse("risk:exercise_create", args=[plan.pk]),
        {"held_on": (timezone.localdate() + timedelta(days=2)).isoformat()},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="exercise-form"' in html and 'id="exercise-table"' in html
    assert response.context["form"].errors["findings"]


def test_new_plan_link_follows_the_choke_point(client, make_user):
    client.force_login(make_user("operations_lead"))
    new_plan = reverse("risk:plan_create")
    assert f'href="{new_plan}"' in client.get(reverse("risk:continuity")).content.decode()
    client.force_login(make_user("finance_approver"))
    assert new_plan not in client.get(reverse("risk:continuity")).content.decode()


def test_api_exercise_for_a_plan_out_of_sight_is_no_such_plan(api_client, make_user, category_pair):
    granted, other = category_pair
    plan = ContinuityPlanFactory(supplier=SupplierFactory(categories=[other]))
    api_client.force_authenticate(make_user("category_manager", categories=[granted]))

    def post(plan_id):
        body = {"plan": plan_id, "held_on": timezone.localdate().isoformat(), "findings": "x"}
        return api_client.post(reverse("api:continuityexercise-list"), body, format="json")

    # A plan out of sight is refused exactly like one that does not exist.
    response, missing = post(plan.pk), post(plan.pk + 1000)
    assert response.status_code == missing.status_code == 400
    said = response.json()["plan"][0].replace(str(plan.pk), "?")
    assert said == missing.json()["plan"][0].replace(str(plan.pk + 1000), "?")
    assert not ContinuityExercise.objects.exists()


def test_api_assessment_outside_reach_is_refused_as_unknown(api_client, make_user, category_pair):
    granted, other = category_pair
    api_client.force_authenticate(make_user("category_manager", categories=[granted]))

    def post(code):
        body = {
            "supplier": code,
            "assessed_on": timezone.localdate().isoformat(),
            "ratings": [{"dimension": "cyber", "value": 4, "evidence": "Pen test."}],
        }
        return api_client.post(reverse("api:riskassessment-list"), body, format="json")

    code = SupplierFactory(categories=[other]).code
    response, missing = post(code), post("NO-SUCH")
    assert response.status_code == missing.status_code == 400
    said = response.json()["supplier"][0].replace(code, "?")
    assert said == missing.json()["supplier"][0].replace("NO-SUCH", "?")
