"""The dispute ladder of SPEC §3 on a frozen clock: operations lead (5 days) → category
manager (10 days) → steering committee (next governance meeting)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from governance import services
from governance.models import Dispute, DisputeStep, SteeringGroup
from governance.tasks import governance_tick
from suppliers.models import SupplierEvent

from ..factories import SupplierFactory

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def dispute(people, supplier):
    with time_machine.travel(T0, tick=False):
        return services.dispute_open(
            actor=people["ops"],
            supplier=supplier,
            subject="Contested OTIF for February",
            description="The carrier delivered on time; the receipts were booked late.",
        )


@pytest.fixture
def group(people):
    return SteeringGroup.objects.create(name="Steering")


def _escalate_at(moment) -> int:
    with time_machine.travel(moment, tick=False):
        return services.disputes_escalate_due()


def test_opens_on_the_first_rung_with_its_time_limit(dispute, people):
    assert dispute.level == 1
    assert dispute.step_role.code == "operations_lead"
    assert dispute.assignee == people["ops"]
    assert dispute.step_due_at == T0 + timedelta(days=5)
    assert SupplierEvent.objects.filter(kind="dispute", title__startswith="Dispute opened").exists()


def test_escalates_exactly_when_the_time_runs_out(dispute, people, group):
    # One second before the operations lead's 5 days are up: nothing moves.
    assert _escalate_at(T0 + timedelta(days=5, seconds=-1)) == 0
    assert Dispute.objects.get().level == 1
    # At 5 days: to the category manager of the supplier's category, for 10 days.
    assert _escalate_at(T0 + timedelta(days=5)) == 1
    dispute = Dispute.objects.get()
    assert dispute.level == 2 and dispute.step_role.code == "category_manager"
    assert dispute.assignee in (people["catman"], people["catman2"])
    assert dispute.step_due_at == T0 + timedelta(days=15)
    # Running the task again at the same moment changes nothing (idempotent).
    assert _escalate_at(T0 + timedelta(days=5)) == 0
    assert _escalate_at(T0 + timedelta(days=15, seconds=-1)) == 0
    # At 15 days: to the steering committee, due at the next governance meeting.
    meeting_at = T0 + timedelta(days=22)
    with time_machine.travel(T0 + timedelta(days=1), tick=False):
        meeting = services.meeting_create(
            actor=people["steering"], group=group, kind="monthly", scheduled_for=meeting_at
        )
    assert _escalate_at(T0 + timedelta(days=15)) == 1
    dispute = Dispute.objects.get()
    assert dispute.level == 3 and dispute.step_role.code == "steering_committee"
    assert dispute.meeting == meeting and dispute.step_due_at == meeting_at
    # The top rung does not escalate further, however long it waits.
    assert _escalate_at(T0 + timedelta(days=90)) == 0
    steps = list(DisputeStep.objects.order_by("level").values_list("level", "outcome"))
    assert steps == [(1, "escalated"), (2, "escalated"), (3, "")]


def test_steering_step_without_a_planned_meeting_waits_for_the_next_one(dispute, people, group):
    _escalate_at(T0 + timedelta(days=5))
    _escalate_at(T0 + timedelta(days=15))
    dispute = Dispute.objects.get()
    assert dispute.level == 3 and dispute.step_due_at is None and dispute.meeting is None
    with time_machine.travel(T0 + timedelta(days=16), tick=False):
        meeting = services.meeting_create(
            actor=people["steering"],
            group=group,
            kind="monthly",
            scheduled_for=T0 + timedelta(days=30),
        )
    dispute.refresh_from_db()
    assert dispute.meeting == meeting and dispute.step_due_at == meeting.scheduled_for


def test_the_periodic_task_is_scheduled_and_escalates(dispute):
    entry = next(
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "governance.tasks.governance_tick"
    )
    assert entry["schedule"] is not None
    with time_machine.travel(T0 + timedelta(days=6), tick=False):
        result = governance_tick.delay().get()
    assert result["disputes_escalated"] == 1
    assert Dispute.objects.get().level == 2


def test_resolution_is_recorded_and_shown_on_the_supplier_page(dispute, people, client):
    resolved = services.dispute_resolve(
        actor=people["ops"], dispute=dispute, resolution="Upheld: OTIF corrected to 96 %."
    )
    assert resolved.status == "resolved" and resolved.resolved_by == people["ops"]
    assert DisputeStep.objects.get().outcome == "resolved"
    event = SupplierEvent.objects.get(title__startswith="Dispute resolved")
    assert event.detail["resolution"] == "Upheld: OTIF corrected to 96 %."
    client.force_login(people["analyst"])
    page = client.get(reverse("suppliers:supplier_detail", args=[dispute.supplier.code]))
    assert "Dispute resolved: Contested OTIF for February" in page.content.decode()
    with pytest.raises(ValidationError):
        services.dispute_resolve(actor=people["ops"], dispute=dispute, resolution="again")


def test_resolving_needs_the_permission_and_the_reach(dispute, people):
    for who in ("finance", "other_catman"):
        with pytest.raises(PermissionDenied):
            services.dispute_resolve(actor=people[who], dispute=dispute, resolution="No.")
    assert Dispute.objects.get().status == "open"


def test_a_score_appeal_names_a_scorecard_of_the_same_supplier(people, supplier):
    from datetime import date

    from scorecards.models import Scorecard

    other = Scorecard.objects.create(supplier=SupplierFactory(), period=date(2026, 1, 1))
    with pytest.raises(ValidationError):
        services.dispute_open(
            actor=people["ops"],
            supplier=supplier,
            subject="Score appeal",
            description="January",
            scorecard=other,
        )
    own = Scorecard.objects.create(supplier=supplier, period=date(2026, 1, 1))
    appeal = services.dispute_open(
        actor=people["ops"],
        supplier=supplier,
        subject="Score appeal",
        description="January",
        scorecard=own,
    )
    assert appeal.scorecard == own and appeal.level == 1


def test_only_the_current_rung_or_above_resolves(dispute, people):
    escalated = services.dispute_escalate(actor=people["ops"], dispute=dispute)
    assert escalated.level == 2 and escalated.step_role.code == "category_manager"
    with pytest.raises(PermissionDenied):
        services.dispute_resolve(actor=people["ops"], dispute=dispute, resolution="Mine now?")
    assert Dispute.objects.get().status == "open"
    resolved = services.dispute_resolve(actor=people["catman"], dispute=dispute, resolution="Ok.")
    assert resolved.status == "resolved"


def test_the_page_offers_resolving_only_to_the_rung(dispute, people, client):
    services.dispute_escalate(actor=people["ops"], dispute=dispute)
    client.force_login(people["ops"])
    assert 'id="resolve-dispute"' not in client.get(dispute.get_absolute_url()).content.decode()
    client.force_login(people["catman"])
    assert 'id="resolve-dispute"' in client.get(dispute.get_absolute_url()).content.decode()
