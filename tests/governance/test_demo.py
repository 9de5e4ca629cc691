"""The governance demo: every state shows up, and the KPI source has data every month."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from governance.kpi import response_hours_source
from governance.models import ActionItem, DecisionRequest, Dispute, Meeting, SupplierRequest
from srm.audit.services import audit_chain_verify

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 21)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            call_command("seed_demo", suppliers=12, months=24, today=TODAY, stdout=io.StringIO())
            yield
            transaction.set_rollback(True)


def test_demo_has_decisions_in_every_state(demo):
    states = dict(DecisionRequest.objects.values_list("state").annotate(n=Count("pk")))
    assert set(states) == set(DecisionRequest.State.values)
    paths = set(DecisionRequest.objects.values_list("path", flat=True))
    assert {"standard", "urgent"} <= paths
    applied = DecisionRequest.objects.filter(state="applied")
    assert applied.filter(decision_type__code="price_change").exists()
    assert applied.filter(decision_type__code="sla_change", path="urgent").exists()
    assert ActionItem.objects.filter(decision_request__path="urgent").exists()


def test_demo_has_disputes_on_every_rung_and_resolved_ones(demo):
    open_levels = set(Dispute.objects.filter(status="open").values_list("level", flat=True))
    assert open_levels == {1, 2, 3}
    assert Dispute.objects.filter(status="resolved").count() >= 2


def test_demo_has_requests_every_month_answered_and_overdue(demo):
    hours = response_hours_source(date(2024, 12, 1), date(2026, 11, 1))
    months = {month for _, month in hours}
    assert len(months) == 24
    assert SupplierRequest.objects.filter(status="open", due_at__lt=timezone.now()).exists()


def test_demo_has_meetings_with_minutes_and_overdue_actions(demo):
    held = Meeting.objects.filter(status="held")
    assert held.filter(kind="monthly").count() >= 12 and held.filter(kind="storm").exists()
    assert all(m.minutes and m.agenda for m in held)
    assert Meeting.objects.filter(status="planned").exists()
    overdue = ActionItem.objects.filter(status__in=["open", "in_progress"], due_date__lt=TODAY)
    assert overdue.exists()
    assert audit_chain_verify().ok
