"""Imports (SPEC §9): all-or-nothing, every bad row named, idempotent re-import."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from srm.audit.models import AuditEvent
from suppliers.importers import import_run
from suppliers.models import Category, ImportBatch, Item, Receipt, Supplier

from ..factories import ContractFactory, ItemFactory, SupplierFactory

pytestmark = pytest.mark.django_db

RECEIPT_HEADER = (
    "supplier_code,po_number,po_line,item_code,order_date,promised_date,received_date,"
    "ordered_qty,received_qty,rejected_qty,defective_qty,unit_price,agreed_unit_price"
)
SUPPLIER_HEADER = "code,name,country,region,category,tier,status,expected_annual_spend"


def receipts_csv(*rows: str) -> bytes:
    return "\n".join([RECEIPT_HEADER, *rows]).encode()


def good_receipt(supplier="S1", po="PO-1", line=1, received_qty="100", agreed="9.5"):
    dates = "2026-01-02,2026-01-20,2026-01-21"
    return f"{supplier},{po},{line},BOLT-1,{dates},100,{received_qty},0,1,10.00,{agreed}"


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def supplier_s1(db):
    # Every import refuses an unknown item code: the receipts here name BOLT-1.
    ItemFactory(code="BOLT-1")
    return SupplierFactory(code="S1")


@pytest.fixture
def analyst(make_user):
    return make_user("procurement_analyst")


class TestReceiptImport:
    def test_valid_file_creates_rows_batch_and_one_audit_row(self, supplier_s1, analyst):
        audit_before = AuditEvent.objects.count()
        result = import_run(
            actor=analyst,
            kind="receipts",
            filename="r.csv",
            data=receipts_csv(good_receipt(), good_receipt(line=2, agreed="")),
        )
        assert result.ok, result.errors
        assert (result.rows, result.created, result.updated, result.unchanged) == (2, 2, 0, 0)
        receipt = Receipt.objects.get(po_line=2)
        assert receipt.agreed_unit_price is None
        assert receipt.defective_qty == Decimal("1")
        assert Item.objects.filter(code="BOLT-1").exists()
        batch = ImportBatch.objects.get()
        assert batch.created_count == 2 and len(batch.sha256) == 64
        assert AuditEvent.objects.count() == audit_before + 1
        assert AuditEvent.objects.order_by("-seq").first().action == "import:receipts"

    def test_reimport_changes_nothing(self, supplier_s1, analyst):
        data = receipts_csv(good_receipt(), good_receipt(line=2))
        import_run(actor=analyst, kind="receipts", filename="r.csv", data=data)
        stored = list(Receipt.objects.order_by("pk").values())
        audit_rows = AuditEvent.objects.count()
        result = import_run(actor=analyst, kind="receipts", filename="r.csv", data=data)
        assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
        assert list(Receipt.objects.order_by("pk").values()) == stored
        # Only the batch row is new in the trail: no receipt was touched.
        assert AuditEvent.objects.count() == audit_rows + 1

    def test_same_key_replaces_the_earlier_row_and_audits_the_change(self, supplier_s1, analyst):
        import_run(
            actor=analyst, kind="receipts", filename="a.csv", data=receipts_csv(good_receipt())
        )
        result = import_run(
            actor=analyst,
            kind="receipts",
            filename="b.csv",
            data=receipts_csv(good_receipt(received_qty="90")),
        )
        assert (result.created, result.updated) == (0, 1)
        assert Receipt.objects.get().received_qty == Decimal("90")
        change = AuditEvent.objects.filter(action="import:replace").get()
        assert change.before == {"received_qty": "100"} and change.after == {"received_qty": "90"}

    def test_any_bad_row_writes_nothing_and_every_error_is_listed(self, supplier_s1, analyst):
        data = receipts_csv(
            good_receipt(),
            "S1,PO-2,x,BOLT-1,2026-01-02,2026-01-20,21/01/2026,100,100,0,0,10,",  # line 3
            "NOPE,PO-3,1,BOLT-1,2026-01-02,2026-01-20,2026-01-21,100,100,0,0,10,",  # line 4
            'S1,PO-4,1,BOLT-1,2026-01-02,2026-01-20,2026-01-21,100,50,60,0,"1,5",',  # line 5
            good_receipt(),  # line 6: duplicate of line 2
        )
        result = import_run(actor=analyst, kind="receipts", filename="r.csv", data=data)
        assert not result.ok
        found = {(e.line, e.column) for e in result.errors}
        assert {
            (3, "po_line"),
            (3, "received_date"),
            (5, "rejected_qty"),
            (5, "unit_price"),
        } <= found
        assert Receipt.objects.count() == 0 and ImportBatch.objects.count() == 0
        reasons = {(e.line, e.column): e.reason for e in result.errors}
        assert "ISO 8601" in reasons[(3, "received_date")]
        assert "decimal separator" in reasons[(5, "unit_price")]

    def test_reference_errors_are_reported_once_rows_parse(self, supplier_s1, analyst):
        data = receipts_csv(good_receipt(), good_receipt(supplier="NOPE"), good_receipt())
        result = import_run(actor=analyst, kind="receipts", filename="r.csv", data=data)
        assert [(e.line, e.column) for e in result.errors] == [(3, "supplier_code"), (4, "po_line")]
        assert "no supplier with code 'NOPE'" in result.errors[0].reason
        assert "line 2" in result.errors[1].reason
        assert Receipt.objects.count() == 0

    def test_header_problems(self, supplier_s1, analyst):
        data = b"supplier_code,po_number,recieved_qty\nS1,PO,1\n"
        result = import_run(actor=analyst, kind="receipts", filename="r.csv", data=data)
        columns = {e.column: e.reason for e in result.errors}
        assert columns["recieved_qty"] == "unknown column"
        assert columns["received_qty"] == "missing column"

    def test_xlsx_with_typed_cells(self, supplier_s1, analyst):
        from datetime import date

        rows = [
            RECEIPT_HEADER.split(","),
            [
                "S1",
                "PO-X",
                1,
                "BOLT-1",
                date(2026, 1, 2),
                date(2026, 1, 20),
                date(2026, 1, 25),
                100,
                98,
                0,
                0,
                10.5,
                None,
            ],
        ]
        result = import_run(actor=analyst, kind="receipts", filename="r.xlsx", data=xlsx(rows))
        assert result.ok, result.errors
        receipt = Receipt.objects.get()
        assert receipt.received_qty == Decimal("98") and receipt.unit_price == Decimal("10.5")

    def test_semicolon_separated_csv(self, supplier_s1, analyst):
        data = (RECEIPT_HEADER.replace(",", ";") + "\n" + good_receipt().replace(",", ";")).encode()
        assert import_run(actor=analyst, kind="receipts", filename="r.csv", data=data).ok

    def test_contract_in_force_on_order_date_is_linked(self, supplier_s1, analyst):
        from datetime import date

        ContractFactory(
            supplier=supplier_s1,
            number="OLD",
            start_date=date(2024, 1, 1),
            end_date=date(2025, 12, 31),
        )
        current = ContractFactory(
            supplier=supplier_s1,
            number="NEW",
            start_date=date(2026, 1, 1),
            end_date=date(2026, 12, 31),
        )
        import_run(
            actor=analyst, kind="receipts", filename="r.csv", data=receipts_csv(good_receipt())
        )
        assert Receipt.objects.get().contract == current

    def test_size_and_row_caps(self, supplier_s1, analyst, settings):
        settings.IMPORT_MAX_ROWS = 2
        data = receipts_csv(*(good_receipt(line=n) for n in range(1, 4)))
        result = import_run(actor=analyst, kind="receipts", filename="r.csv", data=data)
        assert "more than 2 rows" in result.errors[0].reason
        settings.IMPORT_MAX_BYTES = 10
        result = import_run(actor=analyst, kind="receipts", filename="r.csv", data=data)
        assert "larger than" in result.errors[0].reason
        assert Receipt.objects.count() == 0

    def test_not_a_workbook_and_wrong_type(self, analyst):
        assert (
            "XLSX"
            in import_run(actor=analyst, kind="receipts", filename="r.xlsx", data=b"not a zip")
            .errors[0]
            .reason
        )
        assert (
            "unsupported"
            in import_run(actor=analyst, kind="receipts", filename="r.txt", data=b"x")
            .errors[0]
            .reason
        )

    def test_category_manager_may_only_import_for_their_suppliers(self, make_user, category_pair):
        granted, other = category_pair
        SupplierFactory(code="MINE", categories=[granted])
        SupplierFactory(code="THEIRS", categories=[other])
        ItemFactory(code="BOLT-1")
        user = make_user("category_manager", "operations_lead", categories=[granted])
        # As operations lead the user reaches every supplier; the wider role wins.
        assert import_run(
            actor=user, kind="receipts", filename="r.csv", data=receipts_csv(good_receipt("THEIRS"))
        ).ok


class TestSupplierImport:
    def test_creates_updates_and_moves_status(self, analyst):
        Category.objects.create(code="electronics", name="Electronics")
        data = "\n".join(
            [
                SUPPLIER_HEADER,
                "N1,Nordic Parts AB,se,emea,Electronics,1,onboarding,2500000",
                "N2,Kansai Works K.K.,JP,APAC,Electronics;New Category,2,,",
            ]
        ).encode()
        result = import_run(actor=analyst, kind="suppliers", filename="s.csv", data=data)
        assert result.ok, result.errors
        assert result.created == 2
        assert Supplier.objects.get(code="N1").country.code == "SE"
        assert Supplier.objects.get(code="N2").status == "prospect"
        assert set(Supplier.objects.get(code="N2").categories.values_list("name", flat=True)) == {
            "Electronics",
            "New Category",
        }
        again = import_run(actor=analyst, kind="suppliers", filename="s.csv", data=data)
        assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
        # → approved is governed by a decision: the import refuses it and writes nothing.
        governed = data.replace(b"onboarding", b"approved")
        refused = import_run(actor=analyst, kind="suppliers", filename="s.csv", data=governed)
        assert [(e.line, e.column) for e in refused.errors] == [(2, "status")]
        assert "New supplier approval" in refused.errors[0].reason
        assert Supplier.objects.get(code="N1").status == "onboarding"

    def test_illegal_status_move_and_bad_cells(self, analyst):
        SupplierFactory(code="X1", status="exited")
        data = "\n".join(
            [
                SUPPLIER_HEADER,
                "X1,Exited Ltd,GB,EMEA,Packaging,3,approved,0",
                "X2,Bad Country,ZZ,Mars,Packaging,7,approved,-5",
            ]
        ).encode()
        result = import_run(actor=analyst, kind="suppliers", filename="s.csv", data=data)
        found = {(e.line, e.column) for e in result.errors}
        assert {(3, "country"), (3, "region"), (3, "tier"), (3, "expected_annual_spend")} <= found
        assert Supplier.objects.count() == 1
        data = "\n".join([SUPPLIER_HEADER, "X1,Exited Ltd,GB,EMEA,Packaging,3,approved,0"]).encode()
        result = import_run(actor=analyst, kind="suppliers", filename="s.csv", data=data)
        assert [(e.line, e.column) for e in result.errors] == [(2, "status")]
        assert "cannot go from exited to approved" in result.errors[0].reason

    def test_category_manager_limited_to_granted_categories(self, make_user, category_pair):
        granted, _other = category_pair
        user = make_user("category_manager", categories=[granted])
        data = "\n".join(
            [SUPPLIER_HEADER, "C1,Mine,SE,EMEA,Granted,2,,", "C2,Theirs,SE,EMEA,Other,2,,"]
        )
        result = import_run(actor=user, kind="suppliers", filename="s.csv", data=data.encode())
        assert [(e.line, e.column) for e in result.errors] == [(3, "category")]
        assert Supplier.objects.count() == 0


class TestImportCommand:
    def test_success_and_exit_code_2_with_every_bad_row(self, supplier_s1, tmp_path, capsys):
        good = tmp_path / "good.csv"
        good.write_bytes(receipts_csv(good_receipt()))
        call_command("import_data", "receipts", str(good))
        assert "1 created" in capsys.readouterr().out
        bad = tmp_path / "bad.csv"
        bad.write_bytes(
            receipts_csv(good_receipt(line=5, received_qty="abc"), good_receipt("NOPE"))
        )
        with pytest.raises(CommandError) as excinfo:
            call_command("import_data", "receipts", str(bad))
        assert excinfo.value.returncode == 2
        err = capsys.readouterr().err
        assert "received_qty" in err and "'abc' is not a number" in err
        assert Receipt.objects.count() == 1

    def test_unknown_kind_exits_2(self, tmp_path):
        path = tmp_path / "x.csv"
        path.write_text("a\n1\n")
        with pytest.raises(CommandError) as excinfo:
            call_command("import_data", "planets", str(path))
        assert excinfo.value.returncode == 2


class TestImportAPIAndPage:
    def upload(self, data: bytes, name="r.csv"):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return SimpleUploadedFile(name, data, content_type="text/csv")

    def test_api_import(self, api_client, supplier_s1, analyst):
        api_client.force_authenticate(analyst)
        url = reverse("api:importbatch-list")
        response = api_client.post(
            url, {"kind": "receipts", "file": self.upload(receipts_csv(good_receipt()))}
        )
        assert response.status_code == 201 and response.json()["created"] == 1
        response = api_client.post(
            url,
            {
                "kind": "receipts",
                "file": self.upload(receipts_csv(good_receipt(received_qty="-1"))),
            },
        )
        assert response.status_code == 400
        assert response.json()["errors"] == [
            {"line": 2, "column": "received_qty", "reason": "must be at least 0, got -1"}
        ]
        assert api_client.get(url).json()["count"] == 1

    def test_api_import_forbidden_for_readers(self, api_client, make_user, supplier_s1):
        api_client.force_authenticate(make_user("finance_approver"))
        response = api_client.post(
            reverse("api:importbatch-list"),
            {"kind": "receipts", "file": self.upload(receipts_csv(good_receipt()))},
        )
        assert response.status_code == 403

    def test_api_import_kind_beyond_the_users_permissions(self, api_client, make_user):
        api_client.force_authenticate(make_user("operations_lead"))
        data = f"{SUPPLIER_HEADER}\nZ1,Z,SE,EMEA,X,1,,".encode()
        response = api_client.post(
            reverse("api:importbatch-list"), {"kind": "suppliers", "file": self.upload(data)}
        )
        assert response.status_code == 403
        assert Supplier.objects.count() == 0

    def test_page_shows_error_table(self, client, supplier_s1, analyst):
        client.force_login(analyst)
        response = client.post(
            reverse("suppliers:import"),
            {"kind": "receipts", "file": self.upload(receipts_csv(good_receipt(received_qty="x")))},
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert 'id="import-errors"' in html and "&#x27;x&#x27; is not a number" in html
        response = client.post(
            reverse("suppliers:import"),
            {"kind": "receipts", "file": self.upload(receipts_csv(good_receipt()))},
        )
        assert response.status_code == 200 and "1 created" in response.content.decode()


def test_contract_price_in_force_is_resolved_and_follows_price_changes(supplier_s1, analyst):
    from datetime import date

    from srm.core.actors import SYSTEM
    from suppliers.services import contract_price_set

    contract = ContractFactory(
        supplier=supplier_s1, start_date=date(2025, 1, 1), end_date=date(2027, 1, 1)
    )
    bolt = Item.objects.get(code="BOLT-1")
    contract_price_set(
        actor=SYSTEM,
        contract=contract,
        item=bolt,
        unit_price=Decimal("9"),
        effective_from=date(2025, 1, 1),
    )
    early = "S1,PO-1,1,BOLT-1,2026-01-02,2026-01-20,2026-01-21,100,100,0,0,10.00,"
    late = "S1,PO-2,1,BOLT-1,2026-03-02,2026-03-20,2026-03-21,100,100,0,0,10.00,"
    assert import_run(
        actor=analyst, kind="receipts", filename="r.csv", data=receipts_csv(early, late)
    ).ok
    prices = dict(Receipt.objects.values_list("po_number", "contract_unit_price"))
    assert prices == {"PO-1": Decimal("9"), "PO-2": Decimal("9")}
    # A new price from March: receipts ordered from then on are measured against it.
    contract_price_set(
        actor=SYSTEM,
        contract=contract,
        item=bolt,
        unit_price=Decimal("9.5"),
        effective_from=date(2026, 3, 1),
    )
    prices = dict(Receipt.objects.values_list("po_number", "contract_unit_price"))
    assert prices == {"PO-1": Decimal("9"), "PO-2": Decimal("9.5")}
