"""Supplier requests (SPEC §1) and the ``response_hours`` KPI source (SPEC §5)."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from governance import services
from governance.kpi import response_hours_explain, response_hours_source
from governance.models import SupplierRequest
from scorecards.sources import SOURCES

from ..factories import SupplierFactory

pytestmark = pytest.mark.django_db


def at(day: int, hour: int = 9, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


@pytest.fixture
def send(people):
    def make(supplier, sent_at, hours_due=72, owner=None):
        return services.supplier_request_send(
            actor=people["ops"],
            supplier=supplier,
            subject="Confirm the delivery date",
            body="For PO 4711.",
            owner=owner or people["ops"],
            due_at=sent_at + timedelta(hours=hours_due),
            sent_at=sent_at,
        )

    return make


def test_the_source_is_registered_for_the_kpi():
    assert SOURCES["response_hours"] is response_hours_source


def test_hours_to_first_answer_by_supplier_and_month_sent(send, people, supplier):
    other = SupplierFactory()
    first = send(supplier, at(2))
    services.supplier_request_answer(
        actor=people["ops"], request=first, answer="Friday.", answered_at=at(3, 15)
    )
    # A later answer does not move the clock: the first answer counts.
    services.supplier_request_answer(
        actor=people["ops"], request=first, answer="Correction: Monday.", answered_at=at(9)
    )
    # Sent on the last evening of March, answered in April: counts for March.
    late = send(supplier, at(31, 22))
    services.supplier_request_answer(
        actor=people["ops"], request=late, answer="ok", answered_at=at(2, 10, month=4)
    )
    send(supplier, at(20))  # never answered: left out
    april = send(other, at(1, 8, month=4))
    services.supplier_request_answer(
        actor=people["ops"],
        request=april,
        answer="ok",
        answered_at=at(1, 8, month=4) + timedelta(minutes=90),
    )
    send(other, at(5, month=2))  # outside the range asked for
    result = response_hours_source(date(2026, 3, 1), date(2026, 4, 1))
    assert result == {
        (supplier.pk, date(2026, 3, 1)): [Decimal("30.00"), Decimal("36.00")],
        (other.pk, date(2026, 4, 1)): [Decimal("1.50")],
    }
    assert all(isinstance(h, Decimal) for hours in result.values() for h in hours)


def test_the_source_reads_the_whole_range_in_one_query(
    send, people, supplier, django_assert_num_queries
):
    for day in range(1, 20):
        request = send(supplier, at(day))
        services.supplier_request_answer(
            actor=people["ops"], request=request, answer="ok", answered_at=at(day, 17)
        )
    with django_assert_num_queries(1):
        result = response_hours_source(date(2026, 1, 1), date(2026, 12, 1))
    assert len(result[(supplier.pk, date(2026, 3, 1))]) == 19


def test_explainer_lists_the_requests_behind_the_value(send, people, supplier):
    answered = send(supplier, at(2))
    services.supplier_request_answer(
        actor=people["ops"], request=answered, answer="ok", answered_at=at(2, 21)
    )
    send(supplier, at(4))
    rows = response_hours_explain(supplier.pk, date(2026, 3, 1))
    assert [(r["hours"], r["counted"]) for r in rows] == [("12.00", True), (None, False)]


def test_overdue_is_flagged_until_answered(send, people, supplier, client):
    with time_machine.travel(at(10), tick=False):
        request = send(supplier, at(1))
        client.force_login(people["ops"])
        page = client.get(reverse("governance:request_list"), {"overdue": "true"})
        assert [r.record.pk for r in page.context["table"].page.object_list] == [request.pk]
        detail = client.get(reverse("governance:request_detail", args=[request.pk]))
        assert 'data-testid="overdue"' in detail.content.decode()
        services.supplier_request_answer(actor=people["ops"], request=request, answer="Done.")
        page = client.get(reverse("governance:request_list"), {"overdue": "true"})
        assert not list(page.context["table"].page.object_list)


def test_overdue_owners_are_told_once(send, people, supplier, django_capture_on_commit_callbacks):
    send(supplier, at(1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.overdue_requests_notify(now=at(10)) == 1
    assert services.overdue_requests_notify(now=at(11)) == 0
    assert any("Overdue request" in m.subject for m in mail.outbox)


def test_a_supplier_collaborator_answers_only_its_own_suppliers_requests(send, make_user, supplier):
    from collaboration.models import SharingPolicy

    SharingPolicy.objects.create(supplier=supplier, requests=True)
    own = make_user("supplier_collaborator", supplier=supplier)
    stranger = make_user("supplier_collaborator", supplier=SupplierFactory())
    request = send(supplier, at(1))
    with pytest.raises(PermissionDenied):
        services.supplier_request_answer(actor=stranger, request=request, answer="hi")
    reply = services.supplier_request_answer(actor=own, request=request, answer="On its way.")
    assert reply.on_behalf_of_supplier is False
    request.refresh_from_db()
    assert request.status == "answered" and request.first_answered_at == reply.answered_at


def test_the_owner_is_an_internal_person_and_due_follows_sent(send, make_user, people, supplier):
    collaborator = make_user("supplier_collaborator", supplier=supplier)
    with pytest.raises(ValidationError):
        send(supplier, at(1), owner=collaborator)
    with pytest.raises(ValidationError):
        send(supplier, at(1), hours_due=-1)
    assert not SupplierRequest.objects.exists()


def test_an_empty_answer_is_refused(send, people, supplier):
    request = send(supplier, at(1))
    with pytest.raises(ValidationError):
        services.supplier_request_answer(actor=people["ops"], request=request, answer="  ")


def test_requests_declare_their_track_and_sharing_dataset():
    from srm.core.tracks import Track

    assert SupplierRequest.track == Track.SHARED
    assert SupplierRequest.supplier_path == "supplier"
    assert SupplierRequest.sharing_dataset == "requests"
