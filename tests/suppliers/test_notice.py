"""Contract notice deadlines (SPEC §3): shown on list, page and API; reminders to the owner
60, 30 and 7 days before, each once."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from srm.core.models import Notification
from suppliers import services
from suppliers.models import ContractNoticeReminder

from ..factories import ContractFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 30)


@pytest.fixture
def contract(make_user):
    owner = make_user("contract_owner", username="owner")
    # Renews on 2 Dec 2026 with 30 days' notice: the deadline was 2 Nov (issue 11).
    return ContractFactory(
        number="C-0059-2023",
        owner=owner,
        status="active",
        start_date=date(2023, 12, 3),
        end_date=date(2027, 12, 2),
        renewal_date=date(2026, 12, 2),
        auto_renew=True,
        notice_period_days=30,
    )


def test_notice_deadline_is_the_renewal_date_less_the_notice_period(contract):
    assert contract.notice_deadline == date(2026, 11, 2)
    contract.renewal_date = None
    assert contract.notice_deadline == date(2027, 11, 2)  # the end date, when it does not renew


def test_api_rows_have_the_notice_deadline(api_client, contract):
    api_client.force_authenticate(contract.owner)
    rows = api_client.get("/api/contracts/").json()["results"]
    assert rows[0]["notice_deadline"] == "2026-11-02"


def test_list_and_page_show_it_flagged(client, contract, time_machine):
    time_machine.move_to(TODAY)
    client.force_login(contract.owner)
    listing = client.get(reverse("suppliers:contract_list")).content.decode()
    assert 'data-notice-flag="renews"' in listing
    page = client.get(contract.get_absolute_url()).content.decode()
    assert "renews automatically" in page


def _run(day):
    return services.contract_notice_reminders_send(today=day)


def test_reminders_at_60_30_and_7_days_each_once(make_user):
    owner = make_user("contract_owner", username="owner2")
    c = ContractFactory(
        owner=owner,
        status="active",
        start_date=date(2025, 1, 1),
        end_date=date(2027, 6, 30),
        notice_period_days=90,
    )
    deadline = c.notice_deadline
    assert _run(deadline - timedelta(days=61)) == 0
    assert _run(deadline - timedelta(days=60)) == 1
    assert _run(deadline - timedelta(days=60)) == 0  # idempotent
    assert _run(deadline - timedelta(days=45)) == 0
    assert _run(deadline - timedelta(days=30)) == 1
    assert _run(deadline - timedelta(days=7)) == 1
    assert _run(deadline - timedelta(days=1)) == 0
    assert Notification.objects.filter(recipient=owner).count() == 3
    assert ContractNoticeReminder.objects.filter(contract=c).count() == 3


def test_first_seen_late_gets_only_the_tightest_reminder(make_user):
    owner = make_user("contract_owner", username="owner3")
    c = ContractFactory(
        owner=owner,
        status="active",
        start_date=date(2025, 1, 1),
        end_date=date(2027, 6, 30),
        notice_period_days=90,
    )
    assert _run(c.notice_deadline - timedelta(days=20)) == 1
    assert _run(c.notice_deadline - timedelta(days=6)) == 1
    assert Notification.objects.filter(recipient=owner).count() == 2


def test_beat_runs_the_reminders_daily():
    tasks = {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "suppliers.tasks.contract_notice_reminders" in tasks
