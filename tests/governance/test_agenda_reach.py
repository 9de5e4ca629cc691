"""A held meeting's frozen agenda is read per viewer (issue 12, finding 3): it was built
with the reach of whoever held the meeting, and a category manager read 87 items about
32 suppliers outside their categories through ``/api/meetings/`` and ``/meetings/<id>/``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from governance import services
from srm.core.actors import SYSTEM

from ..factories import CategoryFactory, SupplierFactory, UserFactory

pytestmark = pytest.mark.django_db


def _item(code):
    return {
        "kind": "decision_waiting",
        "title": f"About {code}",
        "link": "",
        "supplier_code": code,
        "severity": "info",
    }


@pytest.fixture
def held_meeting():
    granted, elsewhere = CategoryFactory(), CategoryFactory()
    SupplierFactory(code="MINE", categories=[granted])
    SupplierFactory(code="FOREIGN", categories=[elsewhere])
    manager = UserFactory(roles=["category_manager"], categories=[granted])
    group = services.steering_group_create(actor=SYSTEM, name="Steering", members=[manager])
    meeting = services.meeting_create(
        actor=SYSTEM, group=group, kind="monthly", scheduled_for=timezone.now() - timedelta(days=1)
    )
    agenda = [
        {
            "source": "decisions_waiting",
            "title": "Decisions waiting",
            "items": [_item("MINE"), _item("FOREIGN"), _item("")],
        }
    ]
    services.meeting_hold(actor=SYSTEM, meeting=meeting, minutes="Done.", agenda=agenda)
    return manager, meeting


def test_api_meeting_agenda_shows_only_suppliers_within_reach(held_meeting):
    manager, meeting = held_meeting
    api = APIClient()
    api.force_authenticate(manager)
    response = api.get(f"/api/meetings/{meeting.pk}/")
    assert response.status_code == 200
    titles = [i["title"] for g in response.json()["agenda"] for i in g["items"]]
    assert titles == ["About MINE", "About "]
    listed = api.get("/api/meetings/").json()["results"]
    assert "FOREIGN" not in str(listed)


def test_meeting_page_agenda_shows_only_suppliers_within_reach(client, held_meeting):
    manager, meeting = held_meeting
    client.force_login(manager)
    response = client.get(reverse("governance:meeting_detail", args=[meeting.pk]))
    assert response.status_code == 200
    assert b"About MINE" in response.content
    assert b"About FOREIGN" not in response.content


def test_api_meeting_without_a_kind_is_a_monthly_meeting_not_a_500():
    """Found by schemathesis: ``POST /api/meetings/`` without ``kind`` answered 500."""
    chair = UserFactory(roles=["steering_committee"])
    group = services.steering_group_create(actor=SYSTEM, name="Steering", members=[chair])
    api = APIClient()
    api.force_authenticate(UserFactory(is_superuser=True))
    body = {"group": group.pk, "scheduled_for": "2026-11-30T09:52:36Z"}
    response = api.post("/api/meetings/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "monthly"
