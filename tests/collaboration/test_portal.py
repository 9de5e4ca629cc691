"""The supplier portal: a supplier collaborator's own space, and nothing else."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from collaboration.models import CorrectiveActionResponse, ScoreAppeal
from governance.models import Dispute, SupplierRequest
from governance.services import supplier_request_send
from tests.factories import (
    ForecastFactory,
    ForecastLineFactory,
    IdeaFactory,
    PilotFactory,
    RoadmapItemFactory,
    SharingPolicyFactory,
)

pytestmark = pytest.mark.django_db

PORTAL = reverse("collaboration:portal")


@pytest.fixture
def send_request(make_user):
    owner = make_user("operations_lead", username="owner")  # reaches every supplier

    def send(supplier, subject="Confirm the Q3 capacity"):
        return supplier_request_send(
            actor=owner,
            supplier=supplier,
            subject=subject,
            body="Please confirm by Friday.",
            owner=owner,
            due_at=timezone.now() + timedelta(days=2),
        )

    return send


def test_home_sends_a_supplier_collaborator_to_the_portal(client, collaborator, make_user):
    client.force_login(collaborator)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == PORTAL
    client.force_login(make_user("procurement_analyst"))
    assert client.get("/").status_code == 200


def test_portal_is_for_supplier_collaborators_only(client, make_user):
    assert client.get(PORTAL).status_code == 302  # to the login page
    for role in ("procurement_analyst", "collaboration_member", "auditor"):
        client.force_login(make_user(role))
        assert client.get(PORTAL).status_code == 403, role


def test_portal_shows_the_own_supplier_only(client, collaborator, mine, other, make_scorecard):
    IdeaFactory(supplier=mine, title="Our idea")
    IdeaFactory(supplier=other, title="Their idea")
    PilotFactory(supplier=mine, title="Our pilot")
    PilotFactory(supplier=other, title="Their pilot")
    RoadmapItemFactory(supplier=mine, title="Our roadmap")
    ForecastFactory(supplier=mine, title="Our forecast")
    ForecastFactory(supplier=mine, title="Draft forecast", status="draft")
    ForecastFactory(supplier=other, title="Their forecast")
    published = make_scorecard(mine)
    make_scorecard(mine, period=timezone.localdate().replace(day=1), published=False, score="11")
    make_scorecard(other)
    SharingPolicyFactory(supplier=mine)
    SharingPolicyFactory(supplier=other)
    client.force_login(collaborator)
    response = client.get(PORTAL)
    body = response.content.decode()
    for text in ("Our idea", "Our pilot", "Our roadmap", "Our forecast", "72.5"):
        assert text in body
    for text in ("Their idea", "Their pilot", "Their forecast", "Draft forecast"):
        assert text not in body
    assert [sc.pk for sc in response.context["scorecards"]] == [published.pk]


def test_portal_hides_what_the_policy_withholds(client, collaborator, mine, make_scorecard):
    ForecastFactory(supplier=mine, title="Our forecast")
    make_scorecard(mine)
    SharingPolicyFactory(
        supplier=mine, forecasts=False, scorecard=False, corrective_actions=False, requests=False
    )
    client.force_login(collaborator)
    body = client.get(PORTAL).content.decode()
    assert "Our forecast" not in body
    assert 'id="portal-scorecards"' not in body
    assert 'id="portal-forecasts"' not in body


def test_portal_home_query_count(
    client, collaborator, mine, make_scorecard, send_request, django_assert_max_num_queries
):
    SharingPolicyFactory(supplier=mine)
    for n in range(5):
        IdeaFactory(supplier=mine)
        PilotFactory(supplier=mine)
        ForecastLineFactory(forecast__supplier=mine)
        send_request(mine, subject=f"Request {n}")
        make_scorecard(mine, period=timezone.localdate().replace(day=1) - timedelta(days=40 * n))
    client.force_login(collaborator)
    with django_assert_max_num_queries(20):
        assert client.get(PORTAL).status_code == 200


# --- requests --------------------------------------------------------------------------------


def test_collaborator_answers_a_request(client, collaborator, mine, send_request):
    SharingPolicyFactory(supplier=mine, requests=True)
    request = send_request(mine)
    client.force_login(collaborator)
    url = reverse("collaboration:portal_request", args=[request.pk])
    assert "Confirm the Q3 capacity" in client.get(PORTAL).content.decode()
    assert client.get(url).status_code == 200
    assert client.post(url, {"answer": "  "}).status_code == 400
    response = client.post(url, {"answer": "Confirmed: 4,000 pcs a week."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == SupplierRequest.Status.ANSWERED
    assert request.first_answered_at is not None
    assert "Confirmed: 4,000 pcs a week." in client.get(url).content.decode()


def test_requests_of_others_or_withheld_are_404(
    client, collaborator, mine, other, send_request, make_user
):
    SharingPolicyFactory(supplier=other, requests=True)
    foreign = send_request(other)
    withheld = send_request(mine)
    client.force_login(collaborator)
    for request in (foreign, withheld):
        url = reverse("collaboration:portal_request", args=[request.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"answer": "x"}).status_code == 404
    assert not SupplierRequest.objects.filter(first_answered_at__isnull=False).exists()
    client.force_login(make_user("operations_lead"))
    url = reverse("collaboration:portal_request", args=[foreign.pk])
    assert client.get(url).status_code == 403


# --- corrective actions ----------------------------------------------------------------------


def test_collaborator_answers_a_corrective_action(
    client, collaborator, mine, make_corrective_action
):
    action = make_corrective_action(mine)
    url = reverse("collaboration:portal_corrective_action", args=[action.pk])
    client.force_login(collaborator)
    assert client.get(url).status_code == 404  # not shared yet
    SharingPolicyFactory(supplier=mine, corrective_actions=True)
    assert client.get(url).status_code == 200
    assert client.post(url, {"body": ""}).status_code == 400
    response = client.post(
        url, {"body": "A second shift from June", "planned_completion": "2026-06-30"}
    )
    assert response.status_code == 302
    answer = CorrectiveActionResponse.objects.get()
    assert (answer.corrective_action, answer.author) == (action, collaborator)
    assert "A second shift from June" in client.get(url).content.decode()


def test_corrective_actions_of_others_are_404_and_closed_ones_read_only(
    client, collaborator, mine, other, make_corrective_action
):
    SharingPolicyFactory(supplier=mine)
    SharingPolicyFactory(supplier=other)
    foreign = make_corrective_action(other)
    closed = make_corrective_action(mine, status="closed")
    client.force_login(collaborator)
    url = reverse("collaboration:portal_corrective_action", args=[foreign.pk])
    assert client.get(url).status_code == 404
    url = reverse("collaboration:portal_corrective_action", args=[closed.pk])
    response = client.get(url)
    assert response.status_code == 200 and response.context["form"] is None
    assert client.post(url, {"body": "x"}).status_code == 400
    assert not CorrectiveActionResponse.objects.exists()


# --- score appeals ---------------------------------------------------------------------------


def test_collaborator_contests_a_published_score(client, collaborator, mine, make_scorecard):
    SharingPolicyFactory(supplier=mine, scorecard=True)
    scorecard = make_scorecard(mine)
    url = reverse("collaboration:portal_appeal", args=[scorecard.pk])
    client.force_login(collaborator)
    assert url in client.get(PORTAL).content.decode()
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Two receipts were booked a week late."})
    assert response.status_code == 302
    appeal = ScoreAppeal.objects.get()
    dispute = Dispute.objects.get(pk=appeal.dispute_id)
    assert dispute.scorecard == scorecard and dispute.status == "open"
    assert "contested" in client.get(PORTAL).content.decode()
    assert client.post(url, {"reason": "Again"}).status_code == 400
    assert Dispute.objects.count() == 1


def test_unpublished_foreign_or_withheld_scores_are_404(
    client, collaborator, mine, other, make_scorecard, make_user
):
    SharingPolicyFactory(supplier=other)
    withheld = make_scorecard(mine)
    foreign = make_scorecard(other)
    client.force_login(collaborator)
    for scorecard in (withheld, foreign):
        url = reverse("collaboration:portal_appeal", args=[scorecard.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": "x"}).status_code == 404
    SharingPolicyFactory(supplier=mine)
    unpublished = make_scorecard(mine, period=withheld.period.replace(month=1), published=False)
    url = reverse("collaboration:portal_appeal", args=[unpublished.pk])
    assert client.get(url).status_code == 404
    assert not Dispute.objects.exists()
    client.force_login(make_user("category_manager"))
    assert client.get(reverse("collaboration:portal_appeal", args=[withheld.pk])).status_code == 403


# --- what a collaborator can never open ------------------------------------------------------


def test_management_pages_stay_closed(client, collaborator, mine, other):
    from ..factories import ContractFactory

    contract = ContractFactory(supplier=mine, negotiation_notes="Walk away at 9.50")
    SharingPolicyFactory(supplier=mine)
    client.force_login(collaborator)
    assert client.get(reverse("suppliers:contract_list")).status_code == 403
    assert (
        client.get(reverse("suppliers:contract_detail", args=[contract.number])).status_code == 403
    )
    assert client.get(reverse("suppliers:supplier_detail", args=[other.code])).status_code == 404
    for url in (PORTAL, reverse("suppliers:supplier_detail", args=[mine.code])):
        assert "9.50" not in client.get(url, follow=True).content.decode()


# --- the shared pages, from the supplier's side ---------------------------------------------------


def test_collaborator_acknowledges_a_forecast_on_its_page(client, collaborator, mine):
    SharingPolicyFactory(supplier=mine, forecasts=True)
    line = ForecastLineFactory(forecast__supplier=mine, quantity="1000")
    forecast = line.forecast
    client.force_login(collaborator)
    page = client.get(forecast.get_absolute_url())
    assert page.status_code == 200 and page.context["acknowledge_form"] is not None
    # The supplier may not share (change) the forecast: no share button on its page.
    share_url = reverse("collaboration:forecast_share", args=[forecast.pk])
    assert share_url not in page.content.decode()
    url = reverse("collaboration:forecast_acknowledge", args=[forecast.pk])
    response = client.post(url, {"response": "shortfall", f"line_{line.pk}": "800"})
    assert response.status_code == 400  # a shortfall needs a reason
    assert "note" in response.context["acknowledge_form"].errors
    response = client.post(
        url, {"response": "shortfall", f"line_{line.pk}": "800", "note": "Tooling change"}
    )
    assert response.status_code == 302
    forecast.refresh_from_db()
    line.refresh_from_db()
    assert forecast.status == "shortfall" and line.committed_quantity == 800
    assert client.post(url, {"response": "commit"}).status_code == 400  # answered already


def test_collaborator_works_on_its_pilots_task_board(client, collaborator, mine, other):
    pilot = PilotFactory(supplier=mine, status="running", members=[collaborator])
    client.force_login(collaborator)
    page = client.get(pilot.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    # The collaborator adds tasks but does not edit the pilot.
    assert 'id="task-form"' in html
    assert reverse("collaboration:pilot_update", args=[pilot.pk]) not in html
    client.post(
        reverse("collaboration:pilot_task_create", args=[pilot.pk]),
        {"title": "Send samples", "assignee": collaborator.pk},
    )
    task = pilot.tasks.get()
    response = client.post(
        reverse("collaboration:task_move", args=[task.pk]),
        {"status": "doing"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    task.refresh_from_db()
    assert task.status == "doing"
    assert (
        client.post(
            reverse("collaboration:pilot_transition", args=[pilot.pk]), {"target": "completed"}
        ).status_code
        == 403
    )
    foreign = PilotFactory(supplier=other)
    assert client.get(foreign.get_absolute_url()).status_code == 404
    assert (
        client.post(
            reverse("collaboration:pilot_task_create", args=[foreign.pk]), {"title": "x"}
        ).status_code
        == 404
    )


def test_explained_score_reads_whole_without_the_receipt_lines(
    client, collaborator, mine, make_scorecard
):
    # The collaborator may not see receipt lines: the receipt KPIs say so instead of
    # printing sentences with the counts missing; the ideas behind a KPI are links.
    SharingPolicyFactory(supplier=mine)
    idea = IdeaFactory(
        supplier=mine, title="Returnable crates", status="accepted", accepted_on=date(2026, 3, 2)
    )
    card = make_scorecard(mine)
    card.kpis["improvements"] = {"value": 1.0, "score": 25.0, "target": 4.0, "n": 1}
    card.save()
    client.force_login(collaborator)
    response = client.get(reverse("scorecards:explain", args=[card.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "From 12 records, not listed here." in body
    assert "lines on time and in full" not in body
    assert (
        f'<a href="{idea.get_absolute_url()}">Returnable crates</a> · accepted 2026-03-02' in body
    )
    assert "id: " not in body


def test_contest_page_names_the_kpis(client, collaborator, mine, make_scorecard):
    SharingPolicyFactory(supplier=mine, scorecard=True)
    scorecard = make_scorecard(mine)
    client.force_login(collaborator)
    html = client.get(reverse("collaboration:portal_appeal", args=[scorecard.pk])).content.decode()
    assert "<td>On time in full</td>" in html and "<td>otif</td>" not in html
    assert '<td class="text-end">91 %</td><td class="text-end">95 %</td>' in html


def test_supplier_list_shows_a_collaborator_only_the_standing_it_is_shared(
    client, collaborator, mine, make_scorecard
):
    # The standing column read every scorecard: withheld by the policy or not yet published.
    make_scorecard(mine, period=date(2026, 4, 1), standing="B")
    make_scorecard(mine, period=date(2026, 5, 1), standing="D", score="40", published=False)
    policy = SharingPolicyFactory(supplier=mine, scorecard=True)
    client.force_login(collaborator)
    url = reverse("suppliers:supplier_list")

    def standing(**params):
        rows = client.get(url, params).context["table"].page.object_list
        return [row.record.current_standing for row in rows]

    assert standing() == ["B"]  # the published April card, not the unpublished May one
    assert standing(standing="D") == []
    policy.scorecard = False
    policy.save()
    assert standing() == [None]
    assert standing(standing="B") == []


def test_menu_and_tabs_offer_a_collaborator_only_what_its_policy_shares(client, collaborator, mine):
    # Before, the menu offered "Portfolio scorecards" and the page said "No scorecards yet:
    # an analyst can start a run" to a supplier whose policy withholds its scorecards.
    policy = SharingPolicyFactory(supplier=mine, scorecard=False, requests=False)
    client.force_login(collaborator)
    detail = reverse("suppliers:supplier_detail", args=[mine.code])
    html = client.get(detail).content.decode()
    assert 'data-nav="scorecards:portfolio"' not in html
    assert 'data-nav="governance:request_list"' not in html
    assert 'data-tab="scorecard"' not in html
    assert 'data-nav="collaboration:idea_list"' in html  # its own collaboration track
    policy.scorecard = policy.requests = True
    policy.save()
    html = client.get(detail).content.decode()
    assert 'data-nav="scorecards:portfolio"' in html and 'data-tab="scorecard"' in html
    assert 'data-nav="governance:request_list"' in html
