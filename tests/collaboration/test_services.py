"""Writes of the collaboration track: workflows, validation, audit rows, reach."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from collaboration import services
from collaboration.models import Forecast, Idea, Pilot, PilotTask, ScoreAppeal, SharingPolicy
from srm.audit.models import AuditEvent
from srm.core.models import Notification
from tests.factories import (
    ForecastLineFactory,
    IdeaFactory,
    PilotFactory,
    SharingPolicyFactory,
)

from ..factories import ItemFactory

pytestmark = pytest.mark.django_db


def last_audit():
    return AuditEvent.objects.order_by("-seq").first()


# --- ideas -----------------------------------------------------------------------------------


def test_collaborator_submits_an_idea_for_its_supplier(collaborator, mine, make_user):
    owner = make_user("category_manager")
    mine.relationship_owner = owner
    mine.save()
    idea = services.idea_submit(
        actor=collaborator,
        supplier=mine,
        title="Returnable crates",
        description="Replace cartons.",
        estimated_value=Decimal("15000"),
    )
    assert (idea.status, idea.proposer, idea.submitted_on) == (
        Idea.Status.SUBMITTED,
        collaborator,
        timezone.localdate(),
    )
    assert last_audit().action == "create"
    assert Notification.objects.filter(recipient=owner, link=idea.get_absolute_url()).exists()


def test_collaborator_cannot_submit_for_another_supplier(collaborator, other):
    with pytest.raises(PermissionDenied):
        services.idea_submit(actor=collaborator, supplier=other, title="x", description="y")
    assert not Idea.objects.exists()


def test_idea_workflow_records_the_accepted_date(make_user, collaborator, mine):
    reviewer = make_user("collaboration_member")
    idea = IdeaFactory(supplier=mine, proposer=collaborator)
    services.idea_transition(actor=reviewer, idea=idea, target="under_review")
    services.idea_transition(
        actor=reviewer, idea=idea, target="accepted", note="Go", on=date(2026, 5, 4)
    )
    idea.refresh_from_db()
    assert (idea.status, idea.accepted_on, idea.review_note) == ("accepted", date(2026, 5, 4), "Go")
    event = last_audit()
    assert event.action == "transition:accepted"
    assert event.before == {"status": "under_review"}
    assert event.after["accepted_on"] == "2026-05-04"
    services.idea_transition(
        actor=reviewer, idea=idea, target="implemented", realised_value=Decimal("9000")
    )
    idea.refresh_from_db()
    assert idea.status == "implemented" and idea.realised_value == Decimal("9000")
    assert idea.accepted_on == date(2026, 5, 4)  # still counts for the KPI
    assert Notification.objects.filter(recipient=collaborator).count() == 3


@pytest.mark.parametrize(
    "start, target",
    [
        ("submitted", "accepted"),  # must be reviewed first
        ("submitted", "implemented"),
        ("accepted", "declined"),
        ("declined", "under_review"),
        ("submitted", "submitted"),
    ],
)
def test_illegal_idea_moves_are_refused(make_user, mine, start, target):
    accepted_on = date(2026, 1, 20) if start == "accepted" else None
    idea = IdeaFactory(supplier=mine, status=start, accepted_on=accepted_on)
    with pytest.raises(ValidationError) as excinfo:
        services.idea_transition(actor=make_user("procurement_analyst"), idea=idea, target=target)
    assert start in str(excinfo.value) and target in str(excinfo.value)
    idea.refresh_from_db()
    assert idea.status == start


def test_a_supplier_cannot_review_its_own_idea(collaborator, mine):
    idea = IdeaFactory(supplier=mine, proposer=collaborator)
    with pytest.raises(PermissionDenied):
        services.idea_transition(actor=collaborator, idea=idea, target="under_review")


# --- pilots ----------------------------------------------------------------------------------


def test_pilot_is_a_four_week_sprint_with_members_from_both_sides(make_user, collaborator, mine):
    engineer = make_user("collaboration_member")
    pilot = services.pilot_create(
        actor=engineer,
        supplier=mine,
        title="Sensors",
        goal="Fewer stops",
        start_date=date(2026, 3, 2),
        budget=Decimal("40000"),
        members=[engineer, collaborator],
    )
    assert pilot.end_date == date(2026, 3, 29)
    assert set(pilot.members.all()) == {engineer, collaborator}
    assert last_audit().after["members"] == sorted([engineer.pk, collaborator.pk])


def test_pilot_members_cannot_come_from_another_supplier(make_user, mine, other):
    stranger = make_user("supplier_collaborator", supplier=other)
    with pytest.raises(ValidationError, match="another supplier"):
        services.pilot_create(
            actor=make_user("collaboration_member"),
            supplier=mine,
            title="x",
            goal="y",
            start_date=date(2026, 3, 2),
            members=[stranger],
        )


def test_pilot_lifecycle_needs_an_outcome_to_complete(make_user, mine):
    engineer = make_user("collaboration_member")
    pilot = PilotFactory(supplier=mine)
    services.pilot_transition(actor=engineer, pilot=pilot, target="running")
    with pytest.raises(ValidationError, match="what the sprint showed"):
        services.pilot_transition(actor=engineer, pilot=pilot, target="completed")
    services.pilot_transition(
        actor=engineer, pilot=pilot, target="completed", outcome="Stops down 40%"
    )
    pilot.refresh_from_db()
    assert (pilot.status, pilot.outcome) == ("completed", "Stops down 40%")
    with pytest.raises(ValidationError):
        services.pilot_transition(actor=engineer, pilot=pilot, target="running")


def test_collaborator_works_on_its_pilots_tasks_but_not_the_pilot(collaborator, mine, other):
    pilot = PilotFactory(supplier=mine, members=[collaborator])
    task = services.pilot_task_create(
        actor=collaborator, pilot=pilot, title="Collect baseline", assignee=collaborator
    )
    services.pilot_task_update(actor=collaborator, task=task, data={"status": "doing"})
    task.refresh_from_db()
    assert task.status == PilotTask.Status.DOING
    with pytest.raises(PermissionDenied):
        services.pilot_transition(actor=collaborator, pilot=pilot, target="running")
    with pytest.raises(PermissionDenied):
        services.pilot_task_create(
            actor=collaborator, pilot=PilotFactory(supplier=other), title="x"
        )


# --- forecasts -------------------------------------------------------------------------------


def test_forecast_is_drafted_shared_and_committed(make_user, collaborator, mine):
    planner = make_user("operations_lead")
    item = ItemFactory()
    forecast = services.forecast_create(
        actor=planner,
        supplier=mine,
        title="Q3",
        lines=[
            {"item": item, "month": date(2026, 7, 1), "quantity": Decimal("500")},
            {"item": item, "month": date(2026, 8, 1), "quantity": Decimal("700")},
        ],
    )
    assert forecast.status == Forecast.Status.DRAFT and forecast.lines.count() == 2
    SharingPolicyFactory(supplier=mine, forecasts=True)
    services.forecast_share(actor=planner, forecast=forecast)
    assert Notification.objects.filter(recipient=collaborator).exists()
    services.forecast_acknowledge(actor=collaborator, forecast=forecast, commit=True)
    forecast.refresh_from_db()
    assert forecast.status == Forecast.Status.COMMITTED
    assert forecast.acknowledged_by == collaborator
    assert [line.committed_quantity for line in forecast.lines.order_by("month")] == [
        Decimal("500"),
        Decimal("700"),
    ]
    assert last_audit().action == "transition:committed"


def test_shortfall_needs_a_lower_capacity_and_a_reason(collaborator, mine):
    SharingPolicyFactory(supplier=mine)
    line = ForecastLineFactory(forecast__supplier=mine, quantity=Decimal("1000"))
    forecast = line.forecast
    with pytest.raises(ValidationError, match="lower quantity"):
        services.forecast_acknowledge(actor=collaborator, forecast=forecast, commit=False, note="x")
    with pytest.raises(ValidationError, match="limits the capacity"):
        services.forecast_acknowledge(
            actor=collaborator, forecast=forecast, commit=False, capacities={line.pk: 600}
        )
    services.forecast_acknowledge(
        actor=collaborator,
        forecast=forecast,
        commit=False,
        capacities={line.pk: Decimal("600")},
        note="Line 2 is down for maintenance",
    )
    line.refresh_from_db()
    assert line.committed_quantity == Decimal("600") and line.shortfall == Decimal("400")
    forecast.refresh_from_db()
    assert forecast.status == Forecast.Status.SHORTFALL


def test_a_forecast_is_acknowledged_once_and_only_when_shared(collaborator, mine):
    SharingPolicyFactory(supplier=mine)
    draft = ForecastLineFactory(forecast__supplier=mine, forecast__status="draft").forecast
    with pytest.raises(ValidationError):
        services.forecast_acknowledge(actor=collaborator, forecast=draft, commit=True)
    done = ForecastLineFactory(forecast__supplier=mine).forecast
    services.forecast_acknowledge(actor=collaborator, forecast=done, commit=True)
    with pytest.raises(ValidationError):
        services.forecast_acknowledge(actor=collaborator, forecast=done, commit=True)


def test_forecast_lines_are_validated_and_nothing_is_written(make_user, mine):
    item = ItemFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.forecast_create(
            actor=make_user("operations_lead"),
            supplier=mine,
            title="Bad",
            lines=[
                {"item": item, "month": date(2026, 7, 15), "quantity": Decimal("5")},
                {"item": item, "month": date(2026, 8, 1), "quantity": Decimal("-1")},
            ],
        )
    assert len(excinfo.value.message_dict["lines"]) == 2
    assert not Forecast.objects.exists()


def test_acknowledging_needs_the_policy(collaborator, mine):
    forecast = ForecastLineFactory(forecast__supplier=mine).forecast
    with pytest.raises(PermissionDenied):
        services.forecast_acknowledge(actor=collaborator, forecast=forecast, commit=True)


# --- sharing policy --------------------------------------------------------------------------


def test_sharing_policy_set_creates_then_updates_with_audit(make_user, mine, category_pair):
    manager = make_user("category_manager", categories=[category_pair[0]])
    policy = services.sharing_policy_set(actor=manager, supplier=mine, datasets=["forecasts"])
    assert policy.datasets == ["forecasts"]
    services.sharing_policy_set(actor=manager, supplier=mine, datasets=["scorecard", "requests"])
    policy.refresh_from_db()
    assert policy.datasets == ["scorecard", "requests"]
    event = last_audit()
    assert event.action == "update"
    assert event.after == {"forecasts": False, "scorecard": True, "requests": True}
    with pytest.raises(ValidationError):
        services.sharing_policy_set(actor=manager, supplier=mine, datasets=["prices"])


def test_only_policy_editors_in_reach_set_policies(make_user, mine, other, category_pair):
    manager = make_user("category_manager", categories=[category_pair[0]])
    with pytest.raises(PermissionDenied):
        services.sharing_policy_set(actor=manager, supplier=other, datasets=[])
    for role in ("collaboration_member", "supplier_collaborator", "contract_owner"):
        with pytest.raises(PermissionDenied):
            services.sharing_policy_set(
                actor=make_user(role, supplier=mine if role == "supplier_collaborator" else None),
                supplier=mine,
                datasets=["forecasts"],
            )
    assert not SharingPolicy.objects.exists()


# --- corrective actions and score appeals ----------------------------------------------------


def test_supplier_answers_a_corrective_action(
    collaborator, mine, make_user, make_corrective_action
):
    owner = make_user("category_manager")
    action = make_corrective_action(mine)
    action.owner = owner
    action.save()
    with pytest.raises(PermissionDenied):  # not shared yet
        services.corrective_action_answer(actor=collaborator, corrective_action=action, body="x")
    SharingPolicyFactory(supplier=mine, corrective_actions=True)
    response = services.corrective_action_answer(
        actor=collaborator,
        corrective_action=action,
        body="Second shift added",
        root_cause="Capacity",
        planned_completion=date(2026, 6, 30),
    )
    assert response.author == collaborator
    assert last_audit().object_type == "collaboration.correctiveactionresponse"
    assert Notification.objects.filter(recipient=owner).exists()


def test_the_suppliers_answer_shows_on_the_internal_corrective_action_page(
    client, collaborator, mine, make_user, make_corrective_action
):
    from django.urls import reverse

    action = make_corrective_action(mine)
    SharingPolicyFactory(supplier=mine, corrective_actions=True)
    services.corrective_action_answer(
        actor=collaborator, corrective_action=action, body="Second shift added from May"
    )
    client.force_login(make_user("category_manager", categories=[mine.categories.first()]))
    page = client.get(reverse("scorecards:corrective_action_detail", args=[action.pk]))
    assert list(page.context["responses"]) == list(action.supplier_responses.all())
    assert "Second shift added from May" in page.content.decode()


def test_contesting_a_published_score_opens_a_dispute(collaborator, mine, make_scorecard):
    from governance.models import Dispute

    SharingPolicyFactory(supplier=mine, scorecard=True)
    scorecard = make_scorecard(mine)
    appeal = services.score_appeal_open(
        actor=collaborator, scorecard=scorecard, reason="Two deliveries were booked late by you."
    )
    dispute = Dispute.objects.get(pk=appeal.dispute_id)
    assert dispute.supplier == mine and dispute.scorecard == scorecard
    assert dispute.raised_by == collaborator
    with pytest.raises(ValidationError, match="already contested"):
        services.score_appeal_open(actor=collaborator, scorecard=scorecard, reason="Again")
    assert ScoreAppeal.objects.count() == 1


def test_unpublished_or_unshared_scores_cannot_be_contested(
    collaborator, mine, other, make_scorecard
):
    unpublished = make_scorecard(mine, published=False)
    with pytest.raises(PermissionDenied):  # no policy yet
        services.score_appeal_open(actor=collaborator, scorecard=unpublished, reason="x")
    SharingPolicyFactory(supplier=mine, scorecard=True)
    with pytest.raises(ValidationError, match="published"):
        services.score_appeal_open(actor=collaborator, scorecard=unpublished, reason="x")
    SharingPolicyFactory(supplier=other, scorecard=True)
    with pytest.raises(PermissionDenied):
        services.score_appeal_open(actor=collaborator, scorecard=make_scorecard(other), reason="x")


def test_pilot_factory_defaults_are_sane():
    pilot = PilotFactory()
    assert pilot.status == Pilot.Status.PLANNED
    assert pilot.end_date - pilot.start_date == timedelta(days=27)
