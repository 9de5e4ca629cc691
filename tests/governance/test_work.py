"""My work (issue 11, point 4): the start page of every internal user is their inbox; the
navigation count and ``GET /api/me/work/`` show the same sections."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance import selectors, services
from governance.models import ActionItem
from scorecards.models import CorrectiveAction
from srm.core.work import work_for

from ..factories import CertificateFactory, ContractFactory

pytestmark = pytest.mark.django_db


def _sections(user):
    return {s["key"]: s["items"] for s in work_for(user)}


@pytest.fixture
def world(people, supplier, price_change):
    """``n`` rows of each kind waiting for the category manager."""

    def make(n: int):
        today = timezone.localdate()
        for i in range(n):
            price_change(price=f"{11 + i}.00")  # raised by the analyst: catman signs
            services.action_item_create(
                actor=people["catman"],
                title=f"Open action {i}",
                owner=people["catman"],
                due_date=today + timedelta(days=10 - i),
                supplier=supplier,
            )
            CorrectiveAction.objects.create(
                supplier=supplier,
                source="manual",
                title=f"CA {i}",
                owner=people["catman"],
                due_date=today + timedelta(days=3),
            )
            ContractFactory(
                supplier=supplier,
                owner=people["catman"],
                status="active",
                start_date=today - timedelta(days=700),
                end_date=today + timedelta(days=120 + i),
                notice_period_days=90,
            )
            CertificateFactory(supplier=supplier, expires_on=today + timedelta(days=20 + i))
            services.supplier_request_send(
                actor=people["catman"],
                supplier=supplier,
                subject=f"Where is the plan {i}",
                body="Please send it.",
                owner=people["catman"],
                due_at=timezone.now() - timedelta(days=1),
                sent_at=timezone.now() - timedelta(days=5),
            )

    return make


def test_sections_of_the_category_manager(world, people, supplier):
    world(2)
    supplier.status = "approved"
    supplier.save()
    sections = _sections(people["catman"])
    assert len(sections["sign_offs"]) == 2
    assert [i["title"] for i in sections["action_items"]] == ["Open action 1", "Open action 0"]
    assert len(sections["corrective_actions"]) == 2
    assert len(sections["contracts_notice"]) == 2  # deadlines in 30 and 31 days
    assert len(sections["certificates_expiring"]) >= 2
    assert len(sections["supplier_requests"]) == 2
    for items in sections.values():
        for item in items:
            assert {"id", "kind", "title", "url"} <= item.keys()
    analyst = _sections(people["analyst"])
    assert [i["kind"] for i in analyst["my_requests"]] == ["decision_request"] * 2


def test_query_count_does_not_grow_with_the_rows(world, people):
    world(1)
    with CaptureQueriesContext(connection) as one:
        work_for(people["catman"])
    world(4)
    with CaptureQueriesContext(connection) as five:
        sections = work_for(people["catman"])
    assert len(sections[0]["items"]) == 5
    assert len(five.captured_queries) == len(one.captured_queries)
    assert len(five.captured_queries) <= 2 * len(sections)


def test_my_actions_open_first_soonest_due_first(people, supplier):
    today = timezone.localdate()
    done = services.action_item_create(
        actor=people["catman"], title="old", owner=people["catman"], due_date=date(2020, 1, 1)
    )
    ActionItem.objects.filter(pk=done.pk).update(status="done")
    late = services.action_item_create(
        actor=people["catman"], title="late", owner=people["catman"], due_date=today + timedelta(9)
    )
    soon = services.action_item_create(
        actor=people["catman"], title="soon", owner=people["catman"], due_date=today - timedelta(1)
    )
    rows = list(selectors.my_actions(user=people["catman"]))
    assert [a.pk for a in rows] == [soon.pk, late.pk, done.pk]
    assert rows[0].overdue and not rows[1].overdue


def test_home_is_the_inbox_and_the_dashboard_one_click_away(client, world, people):
    world(1)
    client.force_login(people["catman"])
    html = client.get(reverse("home")).content.decode()
    assert 'data-work-section="sign_offs"' in html
    assert reverse("dashboard") in html
    dashboard = client.get(reverse("dashboard"))
    assert dashboard.status_code == 200 and "panels" in dashboard.context
    badge = client.get(reverse("work_count")).content.decode()
    assert 'data-testid="work-count"' in badge


def test_api_me_work_has_the_same_sections(api_client, world, people):
    world(1)
    api_client.force_authenticate(people["catman"])
    body = api_client.get("/api/me/work/").json()
    assert body["sections"].keys() == _sections(people["catman"]).keys()
    assert body["count"] == sum(len(v) for v in body["sections"].values())
    item = body["sections"]["sign_offs"][0]
    assert item["kind"] == "sign_off" and item["url"] == f"/decisions/{item['id']}/"


def test_contract_past_its_notice_deadline_is_flagged(people, supplier):
    today = timezone.localdate()
    contract = ContractFactory(
        supplier=supplier,
        owner=people["contracts"],
        status="active",
        start_date=today - timedelta(days=700),
        end_date=today + timedelta(days=400),
        renewal_date=today + timedelta(days=10),
        auto_renew=True,
        notice_period_days=30,
    )
    assert contract.notice_deadline == today - timedelta(days=20)
    assert contract.notice_flag(today) == "renews"
    item = _sections(people["contracts"])["contracts_notice"][0]
    assert item["overdue"] and item["flag"] == "renews automatically"
    contract.auto_renew, contract.renewal_date = False, None
    contract.end_date = today + timedelta(days=5)
    assert contract.notice_flag(today) == "expires"
    assert contract.notice_flag(today + timedelta(days=6)) is None


def test_supplier_collaborator_has_no_inbox(api_client, make_user, supplier):
    api_client.force_authenticate(make_user("supplier_collaborator", supplier=supplier))
    assert api_client.get("/api/me/work/").status_code == 403


def test_sign_offs_delegated_to_me_are_in_my_inbox(world, people):
    from governance.models import Delegation

    world(1)
    today = timezone.localdate()
    assert _sections(people["sponsor"])["sign_offs"] == []
    Delegation.objects.create(
        delegator=people["catman"], delegate=people["sponsor"], starts=today, ends=today
    )
    assert len(_sections(people["sponsor"])["sign_offs"]) == 1
