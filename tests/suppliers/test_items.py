"""Items (issue 18, point 4): pages, API, the items import, and one rule for unknown item
codes in every import (refused with a row error that points at the items import)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from srm.audit.models import AuditEvent
from suppliers.importers import import_run
from suppliers.models import ImportBatch, Item, Receipt

from ..factories import (
    CategoryFactory,
    ContractFactory,
    ContractPriceFactory,
    ItemFactory,
    ReceiptFactory,
    SupplierFactory,
)

pytestmark = pytest.mark.django_db

ITEM_HEADER = "code,name,category,unit,critical"


def items_csv(*rows: str) -> bytes:
    return "\n".join([ITEM_HEADER, *rows]).encode()


@pytest.fixture
def bolts(db):
    return CategoryFactory(code="bolts", name="Bolts")


@pytest.fixture
def analyst(make_user):
    return make_user("procurement_analyst")


# --- the items import ----------------------------------------------------------------------


class TestItemImport:
    def test_creates_then_updates_then_changes_nothing(self, bolts, analyst):
        data = items_csv("BOLT-1,Bolt M6,Bolts,pcs,yes", "NUT-1,Nut M6,bolts,pcs,")
        result = import_run(actor=analyst, kind="items", filename="i.csv", data=data)
        assert result.ok, result.errors
        assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
        bolt = Item.objects.get(code="BOLT-1")
        assert (bolt.name, bolt.category, bolt.unit, bolt.is_critical) == (
            "Bolt M6",
            bolts,
            "pcs",
            True,
        )
        assert not Item.objects.get(code="NUT-1").is_critical
        again = import_run(actor=analyst, kind="items", filename="i.csv", data=data)
        assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
        changed = import_run(
            actor=analyst,
            kind="items",
            filename="i.csv",
            data=items_csv("BOLT-1,Bolt M8,Bolts,kg,no"),
        )
        assert (changed.created, changed.updated) == (0, 1)
        audit = AuditEvent.objects.filter(action="import:update").get()
        assert audit.after == {"name": "Bolt M8", "unit": "kg", "is_critical": False}

    def test_every_bad_row_is_named_and_nothing_written(self, bolts, analyst):
        data = items_csv(
            "BOLT-1,Bolt,Bolts,pcs,yes",  # 2 good
            "BOLT 2,Bolt,Bolts,pcs,yes",  # 3 bad code
            "BOLT-3,Bolt,Nowhere,pcs,yes",  # 4 unknown category
            "bolt-1,Bolt,Bolts,pcs,maybe",  # 5 not a boolean
            "BOLT-1,Again,Bolts,pcs,no",  # 6 same code as line 2
        )
        result = import_run(actor=analyst, kind="items", filename="i.csv", data=data)
        assert {(e.line, e.column) for e in result.errors} == {
            (3, "code"),
            (4, "category"),
            (5, "critical"),
            (6, "code"),
        }
        assert Item.objects.count() == 0 and ImportBatch.objects.count() == 0

    def test_a_code_in_another_case_is_not_a_second_item(self, bolts, analyst):
        ItemFactory(code="BOLT-1")
        result = import_run(
            actor=analyst, kind="items", filename="i.csv", data=items_csv("bolt-1,Bolt,Bolts,pcs,")
        )
        assert [(e.line, e.column) for e in result.errors] == [(2, "code")]

    def test_category_manager_files_items_only_under_their_categories(
        self, make_user, category_pair
    ):
        granted, _other = category_pair
        user = make_user("category_manager", categories=[granted])
        result = import_run(
            actor=user,
            kind="items",
            filename="i.csv",
            data=items_csv("A-1,A,Granted,pcs,", "B-1,B,Other,pcs,"),
        )
        assert [(e.line, e.column) for e in result.errors] == [(3, "category")]
        assert "you do not manage category 'Other'" in result.errors[0].reason


# --- one rule for unknown item codes --------------------------------------------------------

RECEIPT = (
    "supplier_code,po_number,po_line,item_code,order_date,promised_date,received_date,"
    "ordered_qty,received_qty,rejected_qty,defective_qty,unit_price,agreed_unit_price\n"
    "S1,PO-1,1,{code},2026-01-02,2026-01-20,2026-01-21,100,100,0,0,10,\n"
)
FORECAST = "supplier_code,item_code,period,forecast_qty,actual_qty\nS1,{code},2026-01,100,90\n"


@pytest.mark.parametrize(
    "kind,template", [("receipts", RECEIPT), ("forecasts", FORECAST)], ids=["receipts", "forecasts"]
)
def test_an_unknown_item_code_is_refused_the_same_way_in_every_import(kind, template, analyst):
    SupplierFactory(code="S1")
    result = import_run(
        actor=analyst, kind=kind, filename="f.csv", data=template.format(code="GHOST-1").encode()
    )
    assert [(e.line, e.column) for e in result.errors] == [(2, "item_code")]
    reason = result.errors[0].reason
    assert "no item with code 'GHOST-1'" in reason and "items import" in reason
    assert not Item.objects.filter(code="GHOST-1").exists()
    assert ImportBatch.objects.count() == 0
    # Registered through the items import, the same file goes in.
    ItemFactory(code="GHOST-1")
    assert import_run(
        actor=analyst, kind=kind, filename="f.csv", data=template.format(code="GHOST-1").encode()
    ).ok


def test_the_receipts_push_refuses_an_unknown_item_too(api_client, make_user):
    SupplierFactory(code="S1")
    api_client.force_authenticate(make_user("operations_lead"))
    row = {
        "supplier_code": "S1",
        "po_number": "PO-1",
        "po_line": 1,
        "item_code": "GHOST-2",
        "order_date": "2026-03-01",
        "promised_date": "2026-03-10",
        "received_date": "2026-03-11",
        "ordered_qty": 10,
        "received_qty": 10,
        "unit_price": "2.50",
    }
    response = api_client.post(reverse("api:receipt-list"), [row], format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["column"] == "item_code"
    assert Receipt.objects.count() == 0


# --- API -------------------------------------------------------------------------------------


class TestItemAPI:
    def test_create_writes_the_item_and_its_audit_row(self, api_client, analyst, bolts):
        api_client.force_authenticate(analyst)
        response = api_client.post(
            reverse("api:item-list"),
            {"code": "BOLT-9", "name": "Bolt", "category": "bolts", "unit": "pcs"},
            format="json",
        )
        assert response.status_code == 201, response.json()
        item = Item.objects.get(code="BOLT-9")
        assert item.category == bolts
        event = AuditEvent.objects.order_by("-seq").first()
        assert (event.action, event.object_id) == ("create", str(item.pk))

    def test_taken_code_and_bad_fields_are_field_errors(self, api_client, analyst):
        ItemFactory(code="BOLT-9")
        api_client.force_authenticate(analyst)
        url = reverse("api:item-list")
        taken = api_client.post(url, {"code": "bolt-9", "name": "Bolt"}, format="json")
        assert taken.status_code == 400 and "code" in taken.json()
        bad = api_client.post(url, {"code": "no spaces", "name": ""}, format="json")
        assert bad.status_code == 400 and {"code", "name"} <= set(bad.json())
        assert Item.objects.count() == 1

    def test_reader_may_not_create(self, api_client, make_user):
        api_client.force_authenticate(make_user("finance_approver"))
        response = api_client.post(reverse("api:item-list"), {"code": "X", "name": "X"})
        assert response.status_code == 403

    def test_patch_changes_editable_fields_not_the_code(self, api_client, analyst):
        item = ItemFactory(code="BOLT-9", name="Bolt")
        api_client.force_authenticate(analyst)
        response = api_client.patch(
            reverse("api:item-detail", args=["BOLT-9"]),
            {"name": "Bolt M6", "is_critical": True, "code": "OTHER"},
            format="json",
        )
        assert response.status_code == 200, response.json()
        item.refresh_from_db()
        assert (item.code, item.name, item.is_critical) == ("BOLT-9", "Bolt M6", True)

    def test_category_manager_cannot_move_an_item_out_of_reach(
        self, api_client, make_user, category_pair
    ):
        granted, _other = category_pair
        item = ItemFactory(code="BOLT-9", category=granted)
        api_client.force_authenticate(make_user("category_manager", categories=[granted]))
        response = api_client.patch(
            reverse("api:item-detail", args=["BOLT-9"]), {"category": "other"}, format="json"
        )
        assert response.status_code == 400
        item.refresh_from_db()
        assert item.category == granted


# --- pages -----------------------------------------------------------------------------------


class TestItemPages:
    def test_create_page_saves_and_redirects_to_the_item(self, client, analyst, bolts):
        client.force_login(analyst)
        response = client.post(
            reverse("suppliers:item_create"),
            {"code": "BOLT-9", "name": "Bolt", "category": bolts.pk, "unit": "pcs"},
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("suppliers:item_detail", args=["BOLT-9"])
        assert AuditEvent.objects.filter(action="create", object_id=str(Item.objects.get().pk))

    def test_create_page_shows_field_errors_and_writes_nothing(self, client, analyst):
        ItemFactory(code="BOLT-9")
        client.force_login(analyst)
        response = client.post(
            reverse("suppliers:item_create"), {"code": "BOLT-9", "name": "", "unit": "pcs"}
        )
        assert response.status_code == 400
        form = response.context["form"]
        assert {"code", "name"} <= set(form.errors)
        assert Item.objects.count() == 1

    def test_edit_page_keeps_the_code(self, client, analyst):
        item = ItemFactory(code="BOLT-9", name="Bolt", unit="pcs")
        client.force_login(analyst)
        url = reverse("suppliers:item_update", args=["BOLT-9"])
        assert client.get(url).status_code == 200
        response = client.post(url, {"code": "NEW", "name": "Bolt M6", "unit": "kg"})
        assert response.status_code == 302
        item.refresh_from_db()
        assert (item.code, item.name, item.unit) == ("BOLT-9", "Bolt M6", "kg")

    def test_list_searches_and_sorts(self, client, analyst):
        ItemFactory(code="BOLT-1", name="Bolt")
        ItemFactory(code="NUT-1", name="Nut")
        client.force_login(analyst)
        response = client.get(reverse("suppliers:item_list"), {"q": "nut"})
        codes = [row.record.code for row in response.context["table"].page.object_list]
        assert codes == ["NUT-1"]
        response = client.get(reverse("suppliers:item_list"), {"sort": "-code"})
        codes = [row.record.code for row in response.context["table"].page.object_list]
        assert codes == ["NUT-1", "BOLT-1"]

    def test_detail_shows_prices_only_to_who_may_see_contracts(self, client, make_user):
        item = ItemFactory(code="BOLT-9")
        contract = ContractFactory(number="C-77")
        ContractPriceFactory(contract=contract, item=item, unit_price=Decimal("4.25"))
        client.force_login(make_user("procurement_analyst"))
        assert "C-77" in client.get(item.get_absolute_url()).content.decode()
        client.force_login(make_user("collaboration_member"))
        response = client.get(item.get_absolute_url())
        assert response.status_code == 200
        assert "C-77" not in response.content.decode()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["list", "detail"])
def test_item_pages_keep_a_constant_query_count(
    page, client, analyst, django_assert_max_num_queries
):
    item = ItemFactory(code="BOLT-9")

    def populate(n):
        for _ in range(n):
            contract = ContractFactory()
            ContractPriceFactory(contract=contract, item=item)
            ReceiptFactory(supplier=contract.supplier, item=item, contract=contract)
            ItemFactory(category=CategoryFactory())

    client.force_login(analyst)
    url = reverse("suppliers:item_list") if page == "list" else item.get_absolute_url()
    populate(3)
    few = _count(client, url)
    populate(20)
    with django_assert_max_num_queries(few):
        assert client.get(url).status_code == 200
    assert few <= 14, f"{few} queries"
