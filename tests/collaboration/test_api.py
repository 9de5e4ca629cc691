"""REST API of the collaboration track: generated reach tests plus the custom actions."""

import pytest
from django.urls import reverse

from collaboration.models import Forecast, Idea, Pilot, PilotTask, RoadmapItem, SharingPolicy
from tests.factories import (
    ForecastFactory,
    ForecastLineFactory,
    IdeaFactory,
    PilotFactory,
    PilotTaskFactory,
    RoadmapItemFactory,
    SharingPolicyFactory,
)

from ..factories import ItemFactory
from ..mixins import APICreateTests, APIModelTests, APIUpdateTests

pytestmark = pytest.mark.django_db


class TestIdeaAPI(APIModelTests, APICreateTests, APIUpdateTests):
    model = Idea
    basename = "idea"
    update_data = {"title": "Renamed idea", "estimated_value": "5000.00"}

    def create_object(self, supplier):
        return IdeaFactory(supplier=supplier)

    def create_data(self, supplier):
        return {
            "supplier": supplier.code,
            "title": "Returnable crates",
            "description": "Replace one-way cartons.",
            "estimated_value": "15000.00",
        }


class TestPilotAPI(APIModelTests, APICreateTests, APIUpdateTests):
    model = Pilot
    basename = "pilot"
    update_data = {"title": "Renamed pilot", "budget": "1000.00"}

    def create_object(self, supplier):
        return PilotFactory(supplier=supplier)

    def create_data(self, supplier):
        return {
            "supplier": supplier.code,
            "title": "Sensors",
            "goal": "Fewer stops",
            "start_date": "2026-03-02",
            "budget": "20000.00",
        }


class TestPilotTaskAPI(APIModelTests, APICreateTests, APIUpdateTests):
    model = PilotTask
    basename = "pilottask"
    update_data = {"title": "Renamed task", "status": "doing"}

    def create_object(self, supplier):
        return PilotTaskFactory(pilot__supplier=supplier)

    def create_data(self, supplier):
        return {"pilot": PilotFactory(supplier=supplier).pk, "title": "Collect baseline"}


class TestRoadmapItemAPI(APIModelTests, APICreateTests, APIUpdateTests):
    model = RoadmapItem
    basename = "roadmapitem"
    update_data = {"title": "Renamed item", "status": "in_progress"}

    def create_object(self, supplier):
        return RoadmapItemFactory(supplier=supplier)

    def create_data(self, supplier):
        return {"supplier": supplier.code, "title": "Second source", "target_quarter": "2026-Q4"}


class TestForecastAPI(APIModelTests, APICreateTests, APIUpdateTests):
    model = Forecast
    basename = "forecast"
    update_data = {"title": "Renamed forecast"}

    def create_object(self, supplier):
        return ForecastLineFactory(forecast__supplier=supplier).forecast

    def create_data(self, supplier):
        item = ItemFactory(code="BOLT")
        return {
            "supplier": supplier.code,
            "title": "Q3",
            "lines": [
                {"item": item.code, "month": "2026-07-01", "quantity": "500"},
                {"item": item.code, "month": "2026-08-01", "quantity": "700"},
            ],
        }


class TestSharingPolicyAPI(APIModelTests, APICreateTests, APIUpdateTests):
    model = SharingPolicy
    basename = "sharingpolicy"
    update_data = {"forecasts": False, "note": "Paused during the renegotiation"}

    def create_object(self, supplier):
        return SharingPolicyFactory(supplier=supplier)

    def create_data(self, supplier):
        return {"supplier": supplier.code, "forecasts": True, "scorecard": True}


# --- the supplier side -----------------------------------------------------------------------


def test_collaborator_submits_and_follows_its_ideas(api_client, collaborator, mine, other):
    IdeaFactory(supplier=other)
    api_client.force_authenticate(collaborator)
    url = reverse("api:idea-list")
    response = api_client.post(url, {"title": "Kanban", "description": "Two bins"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["supplier"] == mine.code
    assert response.json()["proposer"] == collaborator.username
    response = api_client.post(
        url, {"supplier": other.code, "title": "x", "description": "y"}, format="json"
    )
    # Another supplier is out of sight: refused like a code that does not exist.
    assert response.status_code == 400
    assert "supplier" in response.json()
    assert [row["title"] for row in api_client.get(url).json()["results"]] == ["Kanban"]
    idea = Idea.objects.get(title="Kanban")
    detail = reverse("api:idea-detail", args=[idea.pk])
    assert api_client.patch(detail, {"title": "Mine"}, format="json").status_code == 403
    transition = reverse("api:idea-transition", args=[idea.pk])
    assert api_client.post(transition, {"target": "under_review"}).status_code == 403


def test_idea_transition_action(api_client, make_user, mine):
    idea = IdeaFactory(supplier=mine)
    api_client.force_authenticate(make_user("collaboration_member"))
    url = reverse("api:idea-transition", args=[idea.pk])
    response = api_client.post(url, {"target": "accepted"}, format="json")
    assert response.status_code == 400
    assert "submitted" in str(response.json())
    assert api_client.post(url, {"target": "under_review"}, format="json").status_code == 200
    response = api_client.post(url, {"target": "accepted", "note": "Yes"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "accepted" and response.json()["accepted_on"]
    assert api_client.post(url, {"target": "flying"}, format="json").status_code == 400


def test_acknowledge_action(api_client, collaborator, make_user, mine, other):
    line = ForecastLineFactory(forecast__supplier=mine, quantity="1000")
    url = reverse("api:forecast-acknowledge", args=[line.forecast.pk])
    api_client.force_authenticate(collaborator)
    assert api_client.post(url, {"response": "commit"}, format="json").status_code == 404
    SharingPolicyFactory(supplier=mine, forecasts=True)
    response = api_client.post(
        url,
        {"response": "shortfall", "capacities": [{"line": line.pk, "quantity": "900"}]},
        format="json",
    )
    assert response.status_code == 400 and "note" in response.json()
    response = api_client.post(
        url,
        {
            "response": "shortfall",
            "note": "Tooling change",
            "capacities": [{"line": line.pk, "quantity": "900"}],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "shortfall"
    assert body["lines"][0]["committed_quantity"] == "900.000"
    assert body["lines"][0]["shortfall"] == "100.000"
    assert body["acknowledged_by"] == collaborator.username
    # The buyer's readers may not answer for the supplier.
    other_line = ForecastLineFactory(forecast__supplier=mine)
    api_client.force_authenticate(make_user("auditor"))
    url = reverse("api:forecast-acknowledge", args=[other_line.forecast.pk])
    assert api_client.post(url, {"response": "commit"}, format="json").status_code == 403


def test_collaborator_never_sees_drafts_or_other_suppliers_forecasts(
    api_client, collaborator, mine, other
):
    SharingPolicyFactory(supplier=mine)
    SharingPolicyFactory(supplier=other)
    shared = ForecastFactory(supplier=mine)
    draft = ForecastFactory(supplier=mine, status="draft")
    foreign = ForecastFactory(supplier=other)
    api_client.force_authenticate(collaborator)
    ids = {row["id"] for row in api_client.get(reverse("api:forecast-list")).json()["results"]}
    assert ids == {shared.pk}
    for forecast in (draft, foreign):
        detail = reverse("api:forecast-detail", args=[forecast.pk])
        assert api_client.get(detail).status_code == 404
    assert api_client.post(reverse("api:forecast-list"), {}, format="json").status_code == 403


def test_forecast_lines_are_validated(api_client, make_user, mine):
    item = ItemFactory(code="NUT")
    api_client.force_authenticate(make_user("operations_lead"))
    url = reverse("api:forecast-list")
    for lines in (
        [],
        [{"item": "NUT", "month": "2026-07-15", "quantity": "1"}],
        [{"item": "NUT", "month": "2026-07-01", "quantity": "-1"}],
        [{"item": "GHOST", "month": "2026-07-01", "quantity": "1"}],
        [{"item": item.code, "month": "2026-07-01", "quantity": "1"}] * 2,
    ):
        response = api_client.post(
            url, {"supplier": mine.code, "title": "x", "lines": lines}, format="json"
        )
        assert response.status_code == 400, lines
        assert "lines" in response.json()
    response = api_client.post(url, {"supplier": mine.code, "title": "x"}, format="json")
    assert response.status_code == 400
    assert not Forecast.objects.exists()


def test_share_action_and_fixed_lines_after_sharing(api_client, make_user, mine):
    forecast = ForecastLineFactory(forecast__supplier=mine, forecast__status="draft").forecast
    api_client.force_authenticate(make_user("operations_lead"))
    response = api_client.post(reverse("api:forecast-share", args=[forecast.pk]))
    assert response.status_code == 200 and response.json()["status"] == "shared"
    response = api_client.patch(
        reverse("api:forecast-detail", args=[forecast.pk]),
        {"lines": [{"item": ItemFactory().code, "month": "2026-09-01", "quantity": "5"}]},
        format="json",
    )
    assert response.status_code == 400


def test_records_cannot_move_to_another_supplier(api_client, make_user, mine, other):
    idea = IdeaFactory(supplier=mine)
    api_client.force_authenticate(make_user("procurement_analyst"))
    response = api_client.patch(
        reverse("api:idea-detail", args=[idea.pk]), {"supplier": other.code}, format="json"
    )
    assert response.status_code == 400
    idea.refresh_from_db()
    assert idea.supplier == mine


def test_pilot_transition_action(api_client, make_user, mine, collaborator):
    pilot = PilotFactory(supplier=mine)
    url = reverse("api:pilot-transition", args=[pilot.pk])
    api_client.force_authenticate(collaborator)
    assert api_client.post(url, {"target": "running"}, format="json").status_code == 403
    api_client.force_authenticate(make_user("collaboration_member"))
    assert api_client.post(url, {"target": "running"}, format="json").status_code == 200
    response = api_client.post(url, {"target": "completed"}, format="json")
    assert response.status_code == 400 and "outcome" in response.json()


def test_policy_note_is_not_shown_to_the_supplier(api_client, collaborator, mine):
    SharingPolicyFactory(supplier=mine, note="Renegotiation: keep the scorecard back")
    api_client.force_authenticate(collaborator)
    rows = api_client.get(reverse("api:sharingpolicy-list")).json()["results"]
    assert len(rows) == 1 and "note" not in rows[0]
    assert rows[0]["datasets"] == ["forecasts", "scorecard", "corrective_actions", "requests"]
    assert (
        api_client.patch(
            reverse("api:sharingpolicy-detail", args=[rows[0]["id"]]), {"scorecard": False}
        ).status_code
        == 403
    )


def test_a_second_policy_for_a_supplier_is_refused(api_client, make_user, mine):
    SharingPolicyFactory(supplier=mine)
    api_client.force_authenticate(make_user("procurement_analyst"))
    response = api_client.post(
        reverse("api:sharingpolicy-list"), {"supplier": mine.code}, format="json"
    )
    assert response.status_code == 400


def test_schema_lists_the_collaboration_endpoints(api_client, make_user):
    api_client.force_authenticate(make_user("procurement_analyst"))
    response = api_client.get(reverse("api:schema"), {"format": "json"})
    paths = response.json()["paths"]
    for path in (
        "/api/collaboration/ideas/",
        "/api/collaboration/ideas/{id}/transition/",
        "/api/collaboration/pilots/",
        "/api/collaboration/pilot-tasks/",
        "/api/collaboration/roadmap-items/",
        "/api/collaboration/forecasts/{id}/acknowledge/",
        "/api/collaboration/sharing-policies/",
    ):
        assert path in paths, path


def test_far_away_dates_are_refused_not_a_crash(api_client, make_user, mine):
    api_client.force_authenticate(make_user("procurement_analyst"))
    response = api_client.post(
        reverse("api:pilot-list"),
        {"supplier": mine.code, "title": "x", "goal": "y", "start_date": "9999-12-31"},
        format="json",
    )
    assert response.status_code == 400 and "start_date" in response.json()
    response = api_client.post(
        reverse("api:forecast-list"),
        {
            "supplier": mine.code,
            "title": "x",
            "lines": [{"item": ItemFactory().code, "month": "0001-01-01", "quantity": "1"}],
        },
        format="json",
    )
    assert response.status_code == 400


def test_nul_characters_and_partial_lines_answer_400(api_client, make_user, mine):
    """Found by schemathesis: PostgreSQL refuses NUL in text, and a partial line had no item."""
    api_client.force_authenticate(make_user("procurement_analyst"))
    response = api_client.post(
        reverse("api:sharingpolicy-list"), {"supplier": "S\x000"}, format="json"
    )
    assert response.status_code == 400
    forecast = ForecastLineFactory(forecast__supplier=mine, forecast__status="draft").forecast
    response = api_client.patch(
        reverse("api:forecast-detail", args=[forecast.pk]),
        {"lines": [{"month": "2026-07-01", "quantity": "1"}]},
        format="json",
    )
    assert response.status_code == 400 and "lines" in response.json()
