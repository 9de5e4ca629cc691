"""The meeting agenda and the review, as issue 11 (point 6) asks: a meeting reviews the
month before; the agenda is grouped, most severe first, with owners, a summary line and
folding sections; the review opens with what needs deciding."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from governance import services
from governance.models import Meeting
from governance.review import review_build, review_summary, reviewed_month
from governance.selectors import agenda_build, agenda_summary

from ..factories import ContractFactory

pytestmark = pytest.mark.django_db


def test_a_meeting_reviews_the_month_before():
    assert reviewed_month(date(2026, 12, 8)) == date(2026, 11, 1)
    assert reviewed_month(date(2027, 1, 2)) == date(2026, 12, 1)


@pytest.fixture
def data(people, supplier, price_change):
    today = timezone.localdate()
    price_change()
    # Past its notice deadline (renews automatically): urgent; another only renewing.
    ContractFactory(
        supplier=supplier,
        number="C-PAST",
        owner=people["contracts"],
        status="active",
        renewal_date=today + timedelta(days=20),
        auto_renew=True,
        notice_period_days=30,
    )
    ContractFactory(
        supplier=supplier,
        number="C-SOON",
        status="active",
        renewal_date=today + timedelta(days=80),
        notice_period_days=30,
    )
    return today


def test_agenda_sorted_by_severity_with_owners_and_summary(people, data):
    groups = {g.source: g for g in agenda_build(user=people["steering"], on=data)}
    renewing = groups["contracts_renewing"].items
    assert [i.severity for i in renewing][:2] == ["danger", "warning"]
    assert "C-PAST" in renewing[0].title and "renews automatically" in renewing[0].title
    assert renewing[0].owner == str(people["contracts"])
    summary = agenda_summary([g.as_dict() for g in groups.values()])
    assert summary["danger"] >= 1 and summary["total"] >= 3
    assert "Contracts renewing in the next 90 days" in summary["urgent_groups"]


def test_meeting_page_folds_sections_and_links_last_months_review(client, people, group_meeting):
    client.force_login(people["steering"])
    html = client.get(group_meeting.get_absolute_url()).content.decode()
    assert 'id="agenda-summary"' in html and "<details" in html
    assert reverse("governance:review", kwargs={"period": "2026-11"}) in html


@pytest.fixture
def group_meeting(people):
    group = services.steering_group_create(
        actor=people["steering"], name="SG", members=[people["steering"]], chair=people["steering"]
    )
    return services.meeting_create(
        actor=people["analyst"],
        group=group,
        kind=Meeting.Kind.MONTHLY,
        scheduled_for=datetime(2026, 12, 8, 9, 0, tzinfo=UTC),
        title="December steering",
    )


def test_review_opens_with_what_needs_deciding(client, people, data):
    period = data.replace(day=1)
    lines = {
        line["section"]: line
        for line in review_summary(review_build(user=people["steering"], period=period))
    }
    assert lines["decisions"]["count"] == 1
    client.force_login(people["steering"])
    html = client.get(
        reverse("governance:review", kwargs={"period": f"{period:%Y-%m}"})
    ).content.decode()
    assert html.index('id="review-summary"') < html.index("data-review-section")
    assert 'data-summary="decisions"' in html
