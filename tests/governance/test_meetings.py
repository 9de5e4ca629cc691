"""Meetings (SPEC §4): agenda from the data, minutes, decisions, action items, my actions,
notifications in-app and by email."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from governance import services
from governance.models import ActionItem, Meeting, SteeringGroup
from governance.selectors import agenda_build
from srm.core.models import Notification
from srm.core.review import AGENDA_SOURCES

from ..factories import CertificateFactory, ContractFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(people):
    return services.steering_group_create(
        actor=people["steering"],
        name="Supplier steering group",
        members=[people["sponsor"], people["steering"], people["finance"]],
        chair=people["sponsor"],
    )


@pytest.fixture
def meeting(group, people):
    return services.meeting_create(
        actor=people["analyst"],
        group=group,
        kind=Meeting.Kind.MONTHLY,
        scheduled_for=timezone.now() + timedelta(days=3),
    )


def test_governance_registers_its_agenda_sources():
    assert {
        "decisions_waiting",
        "actions_overdue",
        "contracts_renewing",
        "certificates_expiring",
        "disputes_steering",
    } <= set(AGENDA_SOURCES)


def test_agenda_is_built_from_the_data(people, supplier, price_change, group):
    today = timezone.localdate()
    request = price_change()
    ContractFactory(supplier=supplier, number="C-RENEW", renewal_date=today + timedelta(days=30))
    ContractFactory(supplier=supplier, number="C-LATER", renewal_date=today + timedelta(days=200))
    CertificateFactory(
        supplier=supplier, reference="ISO-SOON", expires_on=today + timedelta(days=20)
    )
    services.action_item_create(
        actor=people["steering"],
        title="Chase the audit report",
        owner=people["ops"],
        due_date=today - timedelta(days=2),
        supplier=supplier,
    )
    groups = {g.source: g for g in agenda_build(user=people["steering"], on=today)}
    titles = {name: " | ".join(i.title for i in g.items) for name, g in groups.items()}
    assert f"#{request.pk}" in titles["decisions_waiting"]
    assert (
        "C-RENEW" in titles["contracts_renewing"] and "C-LATER" not in titles["contracts_renewing"]
    )
    assert supplier.name in titles["certificates_expiring"]
    assert "Chase the audit report" in titles["actions_overdue"]
    # A collaboration-only person sees none of the management items.
    hidden = agenda_build(user=people["engineer"], on=today)
    assert not any(
        g.items for g in hidden if g.source in AGENDA_SOURCES and g.source != "standings_fell"
    )


def test_holding_a_meeting_freezes_its_agenda_with_the_minutes(meeting, people):
    held = services.meeting_hold(actor=people["steering"], meeting=meeting, minutes="Agreed.")
    assert held.status == "held" and held.held_at is not None
    assert {g["source"] for g in held.agenda} >= {"decisions_waiting", "actions_overdue"}
    with pytest.raises(Exception, match="held"):
        services.meeting_hold(actor=people["steering"], meeting=held, minutes="Again.")


def test_members_hear_about_a_planned_meeting(group, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_create(
            actor=people["analyst"],
            group=group,
            kind="storm",
            scheduled_for=datetime(2026, 6, 1, 10, tzinfo=UTC),
        )
    assert Notification.objects.filter(subject__startswith="Meeting planned").count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        "finance@example.com",
        "sponsor@example.com",
        "steering@example.com",
    ]


def test_my_actions_and_overdue_flag(client, people, meeting, supplier, other_supplier):
    today = timezone.localdate()
    late = services.action_item_create(
        actor=people["steering"],
        title="Late one",
        owner=people["catman"],
        due_date=today - timedelta(days=1),
        meeting=meeting,
        supplier=supplier,
    )
    # Owned by the category manager although outside their categories: still theirs to do.
    services.action_item_create(
        actor=people["steering"],
        title="Outside",
        owner=people["catman"],
        due_date=today + timedelta(days=9),
        supplier=other_supplier,
    )
    services.action_item_create(
        actor=people["steering"],
        title="Someone else's",
        owner=people["ops"],
        due_date=today + timedelta(days=9),
    )
    client.force_login(people["catman"])
    page = client.get(reverse("governance:my_actions"))
    rows = {r.record.title: r.record.overdue for r in page.context["table"].page.object_list}
    assert rows == {"Late one": True, "Outside": False}
    assert 'data-testid="overdue"' in page.content.decode()
    # The owner moves it to done from the action page.
    response = client.post(reverse("governance:action_status", args=[late.pk]), {"status": "done"})
    assert response.status_code == 302
    late.refresh_from_db()
    assert late.status == "done" and late.completed_at is not None


def test_an_action_of_someone_else_cannot_be_moved_by_a_reader(client, people, meeting):
    item = services.action_item_create(
        actor=people["steering"],
        title="Theirs",
        owner=people["ops"],
        due_date=date(2026, 1, 1),
        meeting=meeting,
    )
    client.force_login(people["auditor"])
    response = client.post(reverse("governance:action_status", args=[item.pk]), {"status": "done"})
    assert response.status_code == 403
    assert ActionItem.objects.get(pk=item.pk).status == "open"


def test_decisions_taken_in_the_meeting(client, people, meeting, price_change):
    request = price_change()
    services.decision_request_sign_off(actor=people["catman"], request=request)
    services.decision_request_sign_off(actor=people["finance"], request=request)
    client.force_login(people["steering"])
    response = client.post(
        reverse("governance:meeting_link_decision", args=[meeting.pk]), {"decision": request.pk}
    )
    assert response.status_code == 302
    page = client.get(reverse("governance:meeting_detail", args=[meeting.pk]))
    assert f"#{request.pk}" in page.content.decode()


def test_notifications_page_and_unread_count(client, people, price_change):
    price_change()  # notifies the finance approvers
    client.force_login(people["finance"])
    home = client.get(reverse("home")).content.decode()
    assert 'data-testid="unread-count"' in home
    page = client.get(reverse("governance:notifications"))
    assert "Sign-off needed" in page.content.decode()
    note = Notification.objects.get(recipient=people["finance"])
    response = client.post(reverse("governance:notification_read", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == note.link
    assert Notification.objects.get(pk=note.pk).read_at is not None
    assert 'data-testid="unread-count"' not in client.get(reverse("home")).content.decode()
    # Another user's notification is a 404, never marked.
    client.force_login(people["finance2"])
    assert client.post(reverse("governance:notification_read", args=[note.pk])).status_code == 404


def test_every_role_reads_its_notifications(client, make_user):
    for role in ("collaboration_member", "supplier_collaborator", "auditor"):
        client.force_login(make_user(role))
        assert client.get(reverse("governance:notifications")).status_code == 200


def test_steering_group_page_lists_members(client, people, group):
    client.force_login(people["auditor"])
    page = client.get(reverse("governance:steering_groups")).content.decode()
    assert group.name in page and str(people["finance"]) in page
    assert SteeringGroup.objects.get().chair == people["sponsor"]
