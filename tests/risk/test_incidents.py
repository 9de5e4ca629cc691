"""Incidents (issue 18, point 7): the page and API write through one service, a high or
critical quality incident opens a corrective action (SPEC §7), the incident shows on the
supplier's timeline and risk tab, and the list filters."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from risk import services
from risk.models import Incident
from scorecards.models import CorrectiveAction
from srm.audit.models import AuditEvent
from suppliers.models import SupplierEvent

from ..factories import ItemFactory, ReceiptFactory, SupplierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ops(make_user):
    return make_user("operations_lead")


@pytest.fixture
def supplier(db):
    return SupplierFactory(code="S1")


def log(actor, supplier, **kw):
    data = {
        "occurred_on": date(2026, 3, 2),
        "kind": "delivery",
        "severity": "low",
        "description": "Late truck",
    } | kw
    return services.incident_create(actor=actor, supplier=supplier, **data)


def test_a_high_quality_incident_opens_a_corrective_action_once(supplier, ops):
    item = ItemFactory(code="BOLT-1")
    receipt = ReceiptFactory(supplier=supplier, item=item)
    incident = log(
        ops,
        supplier,
        kind="quality",
        severity="high",
        description="Cracked housings",
        item=item,
        receipts=[receipt],
        impact="Line 2 stopped for 4 hours",
    )
    assert incident.corrective_action is not None
    assert incident.corrective_action.source == CorrectiveAction.Source.QUALITY_INCIDENT
    assert list(incident.receipts.all()) == [receipt]
    services.incident_update(actor=ops, incident=incident, data={"severity": "critical"})
    assert CorrectiveAction.objects.count() == 1
    kinds = set(SupplierEvent.objects.filter(supplier=supplier).values_list("kind", flat=True))
    assert {"incident", "corrective_action"} <= kinds
    assert AuditEvent.objects.filter(action="create", object_type="risk.incident").exists()


def test_a_low_incident_raised_to_high_quality_opens_one_then(supplier, ops):
    incident = log(ops, supplier, kind="quality", severity="medium")
    assert incident.corrective_action is None
    incident = services.incident_update(actor=ops, incident=incident, data={"severity": "high"})
    assert incident.corrective_action is not None
    titles = list(SupplierEvent.objects.filter(kind="incident").values_list("title", flat=True))
    assert any("reclassified" in t for t in titles)


def test_linked_receipts_must_be_the_suppliers_own(supplier, ops):
    theirs = ReceiptFactory(supplier=SupplierFactory())
    with pytest.raises(ValidationError) as exc:
        log(ops, supplier, receipts=[theirs])
    assert "receipts" in exc.value.message_dict
    assert not Incident.objects.exists()


def test_the_page_logs_an_incident_and_names_bad_fields(supplier, ops, client):
    receipt = ReceiptFactory(supplier=supplier, po_number="PO-7", po_line=2)
    client.force_login(ops)
    url = reverse("risk:incident_create")
    assert client.get(url, {"supplier": "S1"}).status_code == 200
    bad = client.post(
        url,
        {
            "supplier": supplier.pk,
            "occurred_on": "",
            "kind": "quality",
            "severity": "high",
            "description": "Cracks",
            "receipt_lines": "PO-7/9, nonsense",
        },
    )
    assert bad.status_code == 400
    assert {"occurred_on", "receipt_lines"} <= set(bad.context["form"].errors)
    assert not Incident.objects.exists()
    good = client.post(
        url,
        {
            "supplier": supplier.pk,
            "occurred_on": "2026-03-02",
            "kind": "quality",
            "severity": "high",
            "description": "Cracks",
            "receipt_lines": "PO-7/2",
            "impact": "Scrap",
        },
    )
    assert good.status_code == 302
    incident = Incident.objects.get()
    assert list(incident.receipts.all()) == [receipt]
    assert incident.corrective_action_id
    # The same incident twice is a field error, not a database error.
    again = client.post(
        url,
        {
            "supplier": supplier.pk,
            "occurred_on": "2026-03-02",
            "kind": "quality",
            "severity": "high",
            "description": "Cracks",
        },
    )
    assert again.status_code == 400
    assert "description" in again.context["form"].errors


def test_the_edit_page_keeps_the_supplier(supplier, ops, client):
    incident = log(ops, supplier)
    client.force_login(ops)
    url = reverse("risk:incident_update", args=[incident.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "supplier": SupplierFactory().pk,
            "occurred_on": "2026-03-03",
            "kind": "delivery",
            "severity": "medium",
            "description": "Late truck",
        },
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert (incident.supplier, incident.severity) == (supplier, "medium")


def test_the_risk_tab_and_the_timeline_show_it(supplier, ops, client, make_user):
    log(ops, supplier, description="Flooded warehouse", kind="natural_hazard", severity="high")
    client.force_login(make_user("procurement_analyst"))
    risk_tab = client.get(reverse("risk:supplier_risk", args=["S1"])).content.decode()
    assert "Flooded warehouse" in risk_tab
    overview = client.get(reverse("suppliers:supplier_detail", args=["S1"])).content.decode()
    assert "Flooded warehouse" in overview


def test_api_creates_filters_and_patches(supplier, api_client, make_user):
    api_client.force_authenticate(make_user("procurement_analyst"))
    receipt = ReceiptFactory(supplier=supplier)
    url = reverse("api:incident-list")
    response = api_client.post(
        url,
        {
            "supplier": "S1",
            "date": "2026-03-02",
            "kind": "quality",
            "severity": "critical",
            "description": "Wrong alloy",
            "receipts": [receipt.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["corrective_action"] and body["receipts"] == [receipt.pk]
    bad = api_client.post(url, {"supplier": "S1", "kind": "nope"}, format="json")
    assert bad.status_code == 400 and {"kind", "date", "severity"} <= set(bad.json())
    log(make_user("operations_lead"), supplier)
    listed = api_client.get(url, {"severity": ["high", "critical"]}).json()
    assert [row["description"] for row in listed["results"]] == ["Wrong alloy"]
    without = api_client.get(url, {"corrective_action": "false"}).json()
    assert [row["description"] for row in without["results"]] == ["Late truck"]
    patched = api_client.patch(
        reverse("api:incident-detail", args=[body["id"]]), {"impact": "Recall"}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["impact"] == "Recall"


def test_category_manager_sees_only_their_suppliers_incidents(
    make_user, category_pair, ops, client
):
    granted, other = category_pair
    mine = log(ops, SupplierFactory(categories=[granted]), description="Mine")
    log(ops, SupplierFactory(categories=[other]), description="Theirs")
    client.force_login(make_user("category_manager", categories=[granted]))
    response = client.get(reverse("risk:incident_list"))
    assert [row.record.pk for row in response.context["table"].page.object_list] == [mine.pk]


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["list", "detail", "risk_tab"])
def test_incident_pages_keep_a_constant_query_count(
    page, supplier, ops, client, django_assert_max_num_queries
):
    first = log(ops, supplier, kind="quality", severity="high", description="Seed")

    def populate(start, n):
        for i in range(start, start + n):
            incident = log(
                ops,
                supplier,
                description=f"Incident {i}",
                severity="high",
                kind="quality",
                item=ItemFactory(),
            )
            first.receipts.add(ReceiptFactory(supplier=supplier))
            assert incident.corrective_action_id

    client.force_login(ops)
    url = {
        "list": reverse("risk:incident_list"),
        "detail": first.get_absolute_url(),
        "risk_tab": reverse("risk:supplier_risk", args=["S1"]),
    }[page]
    populate(0, 3)
    few = _count(client, url)
    populate(3, 15)
    with django_assert_max_num_queries(few):
        assert client.get(url).status_code == 200
    assert few <= 30, f"{few} queries"


def test_imported_incidents_go_on_the_timeline_once(supplier, make_user):
    from suppliers.importers import import_run

    data = (
        b"supplier_code,date,kind,severity,description\n"
        b"S1,2026-03-02,logistics,medium,Port strike\n"
    )
    analyst = make_user("procurement_analyst")
    assert import_run(actor=analyst, kind="incidents", filename="i.csv", data=data).ok
    assert import_run(actor=analyst, kind="incidents", filename="i.csv", data=data).ok
    events = SupplierEvent.objects.filter(supplier=supplier, kind="incident")
    assert [e.title for e in events] == ["Medium logistics incident imported: Port strike"]
    assert events.get().link == Incident.objects.get().get_absolute_url()
