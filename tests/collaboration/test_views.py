"""Pages of the collaboration track: reach (200/403/404), forms through services, query counts."""

from datetime import date

import pytest
from django.urls import reverse

from collaboration.models import Forecast, Idea, Pilot, PilotTask, RoadmapItem, SharingPolicy
from srm.audit.models import AuditEvent
from tests.factories import (
    ForecastFactory,
    ForecastLineFactory,
    IdeaFactory,
    PilotFactory,
    PilotTaskFactory,
    RoadmapItemFactory,
)

from ..factories import ItemFactory, SupplierFactory
from ..mixins import PageTests

pytestmark = pytest.mark.django_db


class TestPilotPages(PageTests):
    model = Pilot
    list_url_name = "collaboration:pilot_list"
    detail_url_name = "collaboration:pilot_detail"
    denied_roles = ("contract_owner",)

    def create_object(self, supplier):
        pilot = PilotFactory(supplier=supplier)
        PilotTaskFactory(pilot=pilot)
        return pilot


class TestIdeaPages(PageTests):
    model = Idea
    list_url_name = "collaboration:idea_list"
    detail_url_name = "collaboration:idea_detail"
    denied_roles = ("finance_approver",)

    def create_object(self, supplier):
        return IdeaFactory(supplier=supplier)


class TestForecastPages(PageTests):
    model = Forecast
    list_url_name = "collaboration:forecast_list"
    detail_url_name = "collaboration:forecast_detail"
    denied_roles = ("legal_reviewer",)

    def create_object(self, supplier):
        return ForecastLineFactory(forecast__supplier=supplier).forecast


def test_roadmap_list_in_reach(client, make_user, mine, other, category_pair):
    inside, _outside = RoadmapItemFactory(supplier=mine), RoadmapItemFactory(supplier=other)
    client.force_login(make_user("category_manager", categories=[category_pair[0]]))
    response = client.get(reverse("collaboration:roadmap_list"))
    assert [row.record.pk for row in response.context["table"].page.object_list] == [inside.pk]
    assert (
        client.get(reverse("collaboration:roadmap_update", args=[_outside.pk])).status_code == 404
    )
    assert client.get(reverse("collaboration:roadmap_update", args=[inside.pk])).status_code == 200


# --- the supplier tab ------------------------------------------------------------------------


def test_supplier_tab_shows_the_collaboration_space(client, make_user, mine, other):
    PilotFactory(supplier=mine, title="Sensor pilot", status="running")
    IdeaFactory(supplier=mine, title="Crates")
    RoadmapItemFactory(supplier=mine, title="Second source")
    ForecastFactory(supplier=mine, title="Q3 demand")
    PilotFactory(supplier=other, title="Not here")
    client.force_login(make_user("procurement_analyst"))
    response = client.get(reverse("collaboration:supplier_space", args=[mine.code]))
    assert response.status_code == 200
    body = response.content.decode()
    for text in (
        "Sensor pilot",
        "Crates",
        "Second source",
        "Q3 demand",
        'data-tab="collaboration"',
    ):
        assert text in body
    assert "Not here" not in body
    board = {status: pilots for status, _label, pilots in response.context["board"]}
    assert [p.title for p in board["running"]] == ["Sensor pilot"]


def test_supplier_tab_reach(client, make_user, mine, other, category_pair):
    url = reverse("collaboration:supplier_space", args=[other.code])
    client.force_login(make_user("category_manager", categories=[category_pair[0]]))
    assert client.get(url).status_code == 404
    assert client.get(reverse("collaboration:supplier_space", args=[mine.code])).status_code == 200
    client.force_login(make_user("contract_owner"))
    assert client.get(url).status_code == 403
    client.force_login(make_user("supplier_collaborator", supplier=mine))
    assert client.get(url).status_code == 404


def test_supplier_tab_query_count(client, make_user, mine, django_assert_max_num_queries):
    for n in range(5):
        pilot = PilotFactory(supplier=mine, title=f"P{n}")
        PilotTaskFactory(pilot=pilot)
        IdeaFactory(supplier=mine)
        RoadmapItemFactory(supplier=mine)
        ForecastLineFactory(forecast__supplier=mine)
    client.force_login(make_user("procurement_analyst"))
    with django_assert_max_num_queries(20):
        assert (
            client.get(reverse("collaboration:supplier_space", args=[mine.code])).status_code == 200
        )


def test_list_and_detail_query_counts(client, make_user, mine, django_assert_max_num_queries):
    for _ in range(10):
        IdeaFactory(supplier=SupplierFactory())
        ForecastLineFactory(forecast__supplier=mine)
    pilot = PilotFactory(supplier=mine)
    for _ in range(6):
        PilotTaskFactory(pilot=pilot)
    client.force_login(make_user("procurement_analyst"))
    for url in (
        reverse("collaboration:idea_list"),
        reverse("collaboration:forecast_list"),
        reverse("collaboration:pilot_list"),
        reverse("collaboration:pilot_detail", args=[pilot.pk]),
        reverse("collaboration:forecast_detail", args=[Forecast.objects.first().pk]),
    ):
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200, url


# --- forms through services ------------------------------------------------------------------


def test_internal_user_plans_a_pilot_and_runs_its_board(client, make_user, mine):
    engineer = make_user("collaboration_member")
    client.force_login(engineer)
    url = reverse("collaboration:pilot_create") + f"?supplier={mine.code}"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Sensors",
            "goal": "Fewer stops",
            "budget": "30000",
            "currency": "EUR",
            "start_date": "2026-03-02",
            "members": [engineer.pk],
        },
    )
    pilot = Pilot.objects.get()
    assert response.status_code == 302 and response["Location"] == pilot.get_absolute_url()
    assert pilot.supplier == mine
    client.post(
        reverse("collaboration:pilot_task_create", args=[pilot.pk]),
        {"title": "Baseline", "assignee": engineer.pk},
    )
    task = PilotTask.objects.get()
    response = client.post(
        reverse("collaboration:task_move", args=[task.pk]),
        {"status": "done"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'id="task-board"' in response.content.decode()
    task.refresh_from_db()
    assert task.status == "done"
    client.post(reverse("collaboration:pilot_transition", args=[pilot.pk]), {"target": "running"})
    pilot.refresh_from_db()
    assert pilot.status == "running"


def test_bad_pilot_input_answers_400_and_writes_nothing(client, make_user, mine):
    client.force_login(make_user("collaboration_member"))
    response = client.post(
        reverse("collaboration:pilot_create") + f"?supplier={mine.code}",
        {"title": "", "goal": "x", "budget": "-5", "currency": "EUR", "start_date": "someday"},
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) >= {"title", "budget", "start_date"}
    assert not Pilot.objects.exists()


def test_create_for_a_supplier_outside_reach_is_404(client, make_user, other, category_pair):
    client.force_login(make_user("category_manager", categories=[category_pair[0]]))
    url = reverse("collaboration:idea_create") + f"?supplier={other.code}"
    assert client.get(url).status_code == 404


def test_reviewer_moves_an_idea_and_a_reader_is_refused(client, make_user, mine):
    idea = IdeaFactory(supplier=mine)
    url = reverse("collaboration:idea_transition", args=[idea.pk])
    client.force_login(make_user("steering_committee"))  # reads, does not review
    assert client.post(url, {"target": "under_review"}).status_code == 403
    client.force_login(make_user("collaboration_member"))
    assert client.post(url, {"target": "under_review"}).status_code == 302
    response = client.post(url, {"target": "accepted", "note": "Good one"}, follow=True)
    idea.refresh_from_db()
    assert idea.status == "accepted" and idea.accepted_on == date.today()
    assert "Good one" in response.content.decode()


def test_forecast_form_parses_lines_and_names_bad_ones(client, make_user, mine):
    ItemFactory(code="BOLT")
    client.force_login(make_user("operations_lead"))
    url = reverse("collaboration:forecast_create") + f"?supplier={mine.code}"
    response = client.post(
        url, {"title": "Q3", "lines": "BOLT; 2026-07; 500\nNUT; 2026-07; 10\nBOLT, 2026-13, 5"}
    )
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["lines"])
    assert "Line 2: no item with code NUT" in errors and "Line 3" in errors
    assert not Forecast.objects.exists()
    response = client.post(
        url, {"title": "Q3", "lines": "BOLT; 2026-07; 500\nBOLT; 2026-08; 650", "share": "on"}
    )
    forecast = Forecast.objects.get()
    assert response.status_code == 302
    assert forecast.status == "shared" and forecast.lines.count() == 2


# --- sharing-policy editor -------------------------------------------------------------------


def test_policy_editor_reach(client, make_user, mine, other, category_pair):
    url_mine = reverse("collaboration:policy_edit", args=[mine.code])
    url_other = reverse("collaboration:policy_edit", args=[other.code])
    for role in ("collaboration_member", "auditor", "contract_owner"):
        client.force_login(make_user(role))
        assert client.get(url_mine).status_code == 403, role
    client.force_login(make_user("contract_owner"))  # management track only
    assert client.get(reverse("collaboration:policy_list")).status_code == 403
    for user in (make_user("auditor"), make_user("collaboration_member")):
        client.force_login(user)
        page = client.get(reverse("collaboration:policy_list"))
        assert page.status_code == 200 and "Edit</a>" not in page.content.decode()
    client.force_login(make_user("supplier_collaborator", supplier=mine))
    assert client.get(url_mine).status_code == 403
    page = client.get(reverse("collaboration:policy_list"))  # its own policy, read-only
    assert [row.record for row in page.context["table"].page.object_list] == [mine]
    assert "Edit</a>" not in page.content.decode()
    client.force_login(make_user("category_manager", categories=[category_pair[0]]))
    assert client.get(url_other).status_code == 404
    assert client.get(reverse("collaboration:policy_edit", args=["NOPE"])).status_code == 404
    response = client.get(reverse("collaboration:policy_list"))
    assert [row.record for row in response.context["table"].page.object_list] == [mine]


def test_policy_editor_saves_the_data_sets(client, make_user, mine):
    client.force_login(make_user("procurement_analyst"))
    url = reverse("collaboration:policy_edit", args=[mine.code])
    response = client.post(url, {"datasets": ["forecasts", "requests"], "note": "Partner"})
    assert response.status_code == 302
    policy = SharingPolicy.objects.get(supplier=mine)
    assert policy.datasets == ["forecasts", "requests"] and policy.note == "Partner"
    response = client.get(url)
    assert response.context["form"].initial["datasets"] == ["forecasts", "requests"]
    assert client.post(url, {"datasets": ["prices"]}).status_code == 400


# --- navigation ------------------------------------------------------------------------------


def test_menu_and_tab_follow_permissions(client, make_user, mine):
    client.force_login(make_user("category_manager"))
    body = client.get(reverse("collaboration:idea_list")).content.decode()
    assert 'data-nav="collaboration:policy_list"' in body
    client.force_login(make_user("collaboration_member"))
    body = client.get(reverse("collaboration:idea_list")).content.decode()
    assert 'data-nav="collaboration:pilot_list"' in body
    assert 'data-nav="collaboration:policy_list"' not in body
    client.force_login(make_user("contract_owner"))
    body = client.get(reverse("suppliers:supplier_detail", args=[mine.code])).content.decode()
    assert 'data-tab="collaboration"' not in body
    assert 'data-nav="collaboration:pilot_list"' not in body


def test_roadmap_edit_through_the_service(client, make_user, mine):
    item = RoadmapItemFactory(supplier=mine, title="Old")
    client.force_login(make_user("operations_lead"))
    response = client.post(
        reverse("collaboration:roadmap_update", args=[item.pk]),
        {"title": "New", "target_quarter": "2027-Q1", "led_by": "joint", "status": "planned"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.target_quarter) == ("New", "2027-Q1")
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.before["title"] == "Old" and event.after["title"] == "New"
    response = client.post(
        reverse("collaboration:roadmap_update", args=[item.pk]),
        {"title": "New", "target_quarter": "next year", "led_by": "joint", "status": "planned"},
    )
    assert response.status_code == 400


def test_roadmap_created_for_a_supplier(client, make_user, mine):
    client.force_login(make_user("collaboration_member"))
    response = client.post(
        reverse("collaboration:roadmap_create") + f"?supplier={mine.code}",
        {
            "title": "Packaging",
            "target_quarter": "2026-Q4",
            "led_by": "supplier",
            "status": "planned",
        },
    )
    assert response.status_code == 302
    assert RoadmapItem.objects.get().supplier == mine


def test_the_forward_move_is_offered_first(client, make_user, mine):
    client.force_login(make_user("collaboration_member"))
    idea = IdeaFactory(supplier=mine, status="under_review")
    response = client.get(reverse("collaboration:idea_detail", args=[idea.pk]))
    assert [value for value, _label in response.context["transitions"]] == ["accepted", "declined"]
    pilot = PilotFactory(supplier=mine, status="running")
    response = client.get(reverse("collaboration:pilot_detail", args=[pilot.pk]))
    assert [v for v, _label in response.context["transitions"]] == ["completed", "cancelled"]
    client.force_login(make_user("supplier_collaborator", supplier=mine))
    response = client.get(reverse("collaboration:idea_detail", args=[idea.pk]))
    # The supplier does not review its own idea: no review form.
    assert 'id="idea-review"' not in response.content.decode()


def test_the_edit_form_keeps_the_pilot_start_date(client, make_user, mine):
    # A date picker only takes yyyy-mm-dd; the en-GB format (dd/mm/yyyy) left it empty.
    pilot = PilotFactory(supplier=mine, start_date=date(2026, 3, 2))
    client.force_login(make_user("procurement_analyst"))
    response = client.get(reverse("collaboration:pilot_update", args=[pilot.pk]))
    assert response.status_code == 200
    assert 'type="date" name="start_date" value="2026-03-02"' in response.content.decode()
