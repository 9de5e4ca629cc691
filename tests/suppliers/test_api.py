from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from srm.audit.models import AuditEvent
from suppliers.models import Contract, Receipt, Supplier

from ..factories import ContractFactory, ItemFactory, ReceiptFactory, SupplierFactory
from ..mixins import APICreateTests, APIModelTests, APIUpdateTests

pytestmark = pytest.mark.django_db


class TestSupplierAPI(APIModelTests, APICreateTests, APIUpdateTests):
    model = Supplier
    basename = "supplier"
    lookup_field = "code"
    update_data = {"name": "Renamed AB", "tier": 1}

    def create_object(self, supplier):
        return supplier

    def create_data(self, supplier):
        return {
            "code": "NEW-1",
            "name": "New AB",
            "country": "se",
            "region": "EMEA",
            "categories": [c.code for c in supplier.categories.all()],
            "tier": 2,
            "expected_annual_spend": "50000.00",
        }

    def test_create_in_foreign_category_is_forbidden(self, api_client, make_user, category_pair):
        granted, other = category_pair
        api_client.force_authenticate(make_user("category_manager", categories=[granted]))
        data = {
            "code": "X1",
            "name": "X",
            "country": "SE",
            "region": "EMEA",
            "categories": [other.code],
        }
        response = api_client.post(self.list_url(), data, format="json")
        assert response.status_code == 403
        assert not Supplier.objects.filter(code="X1").exists()

    def test_bad_input_says_which_field_and_writes_nothing(self, api_client, make_user):
        api_client.force_authenticate(make_user("procurement_analyst"))
        response = api_client.post(
            self.list_url(),
            {"code": "bad code!", "name": "", "country": "XX", "region": "Mars", "categories": []},
            format="json",
        )
        assert response.status_code == 400
        assert {"code", "name", "country", "region", "categories"} <= set(response.json())
        assert Supplier.objects.count() == 0

    def test_filters_ordering_and_pagination(self, api_client, make_user):
        SupplierFactory(code="A1", region="APAC", tier=1, expected_annual_spend=5)
        SupplierFactory(code="A2", region="APAC", tier=3, expected_annual_spend=9)
        SupplierFactory(code="E1", region="EMEA", tier=1)
        api_client.force_authenticate(make_user("procurement_analyst"))
        response = api_client.get(
            self.list_url(), {"region": "APAC", "ordering": "-expected_annual_spend"}
        )
        assert [r["code"] for r in response.json()["results"]] == ["A2", "A1"]
        response = api_client.get(self.list_url(), {"tier": 1, "page_size": 1})
        body = response.json()
        assert body["count"] == 2 and len(body["results"]) == 1 and body["next"]

    def test_token_authentication(self, api_client, make_user, scoped_suppliers):
        user = make_user("procurement_analyst")
        out = StringIO()
        call_command("drf_create_token", user.username, stdout=out)
        key = out.getvalue().split()[2]
        response = api_client.get(self.list_url(), HTTP_AUTHORIZATION=f"Token {key}")
        assert response.status_code == 200
        assert response.json()["count"] == 2
        assert api_client.get(self.list_url(), HTTP_AUTHORIZATION="Token wrong").status_code == 401


class TestContractAPI(APIModelTests, APICreateTests, APIUpdateTests):
    model = Contract
    basename = "contract"
    update_data = {"title": "Renegotiated framework", "notice_period_days": 60}
    lookup_field = "number"

    def create_object(self, supplier):
        # A draft: an active contract's terms change only by decision (tests/suppliers/
        # test_contracts.py).
        return ContractFactory(supplier=supplier, status="draft")

    def create_data(self, supplier):
        return {
            "number": "C-NEW",
            "supplier": supplier.code,
            "title": "New",
            "status": "draft",
            "start_date": "2026-01-01",
            "end_date": "2026-12-31",
        }

    def test_collaboration_roles_cannot_read_contracts(self, api_client, make_user, objects):
        for role in ("collaboration_member", "supplier_collaborator"):
            api_client.force_authenticate(make_user(role))
            assert api_client.get(self.list_url()).status_code == 403

    def test_end_before_start_is_a_field_error(self, api_client, make_user, scoped_suppliers):
        api_client.force_authenticate(make_user("contract_owner"))
        data = self.create_data(scoped_suppliers[0]) | {"end_date": "2025-01-01"}
        response = api_client.post(self.list_url(), data, format="json")
        assert response.status_code == 400
        assert "end_date" in response.json()


class TestReceiptAPI(APIModelTests):
    model = Receipt
    basename = "receipt"

    def create_object(self, supplier):
        return ReceiptFactory(supplier=supplier)

    @pytest.fixture(autouse=True)
    def bolt(self, db):
        # The pushed receipts name BOLT-1; an unknown item code is refused (see test_imports).
        return ItemFactory(code="BOLT-1")

    def push(self, supplier, **overrides):
        row = {
            "supplier_code": supplier.code,
            "po_number": "PO-9",
            "po_line": 1,
            "item_code": "BOLT-1",
            "order_date": "2026-03-01",
            "promised_date": "2026-03-10",
            "received_date": "2026-03-11",
            "ordered_qty": 10,
            "received_qty": 10,
            "unit_price": "2.50",
        }
        return row | overrides

    def test_push_creates_then_replaces(self, api_client, make_user, scoped_suppliers):
        api_client.force_authenticate(make_user("operations_lead"))
        url = self.list_url()
        response = api_client.post(url, [self.push(scoped_suppliers[0])], format="json")
        assert response.status_code == 201, response.json()
        assert response.json()["created"] == 1
        response = api_client.post(
            url, self.push(scoped_suppliers[0], received_qty=8), format="json"
        )
        assert response.json()["updated"] == 1
        receipt = Receipt.objects.get(po_number="PO-9")
        assert receipt.received_qty == 8 and receipt.received_date == date(2026, 3, 11)

    def test_push_with_a_bad_row_writes_nothing(self, api_client, make_user, scoped_suppliers):
        api_client.force_authenticate(make_user("operations_lead"))
        rows = [
            self.push(scoped_suppliers[0]),
            self.push(scoped_suppliers[0], po_line=2, received_qty="lots", extra=1),
        ]
        response = api_client.post(self.list_url(), rows, format="json")
        assert response.status_code == 400
        assert {"line": 2, "column": "extra", "reason": "unknown field"} in response.json()[
            "errors"
        ]
        assert Receipt.objects.count() == 0

    def test_push_forbidden_for_readers(self, api_client, make_user, scoped_suppliers):
        api_client.force_authenticate(make_user("finance_approver"))
        response = api_client.post(self.list_url(), [self.push(scoped_suppliers[0])], format="json")
        assert response.status_code == 403

    def test_late_filter(self, api_client, make_user, scoped_suppliers):
        ReceiptFactory(supplier=scoped_suppliers[0], received_date=date(2026, 2, 3))
        ReceiptFactory(supplier=scoped_suppliers[0])
        api_client.force_authenticate(make_user("procurement_analyst"))
        response = api_client.get(self.list_url(), {"late": "true"})
        assert response.json()["count"] == 1


def test_schema_validates_without_warnings(db):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_docs_page_is_served_offline(client, make_user):
    client.force_login(make_user("auditor"))
    html = client.get(reverse("api:docs")).content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower()


def test_audit_rows_name_the_api_user(api_client, make_user):
    user = make_user("procurement_analyst")
    supplier = SupplierFactory()
    api_client.force_authenticate(user)
    api_client.patch(
        reverse("api:supplier-detail", args=[supplier.code]), {"name": "N"}, format="json"
    )
    assert AuditEvent.objects.order_by("-seq").first().actor_repr == user.username


def test_expected_spend_only_for_those_who_may_see_contracts(api_client, make_user):
    supplier = SupplierFactory(expected_annual_spend=777000)
    url = reverse("api:supplier-detail", args=[supplier.code])
    api_client.force_authenticate(make_user("procurement_analyst"))
    assert api_client.get(url).json()["expected_annual_spend"] == "777000.00"
    for user in (
        make_user("collaboration_member"),
        make_user("supplier_collaborator", supplier=supplier),
    ):
        api_client.force_authenticate(user)
        body = api_client.get(url).json()
        assert body["code"] == supplier.code and "expected_annual_spend" not in body


def test_standing_filter_of_the_api(api_client, make_user):
    from scorecards.models import Scorecard

    good, poor = SupplierFactory(code="GOOD"), SupplierFactory(code="POOR")
    for supplier, standing in ((good, "A"), (poor, "D")):
        Scorecard.objects.create(
            supplier=supplier, period=date(2026, 2, 1), score=50, standing=standing, kpis={}
        )
    api_client.force_authenticate(make_user("procurement_analyst"))
    response = api_client.get(reverse("api:supplier-list"), {"standing": "D"})
    assert response.status_code == 200  # was a 500: the API list had no standing annotation
    assert [row["code"] for row in response.json()["results"]] == ["POOR"]


def test_no_sorting_by_expected_spend_for_those_it_is_hidden_from(api_client, make_user):
    SupplierFactory(code="BIG", name="A big one", expected_annual_spend=9_000_000)
    SupplierFactory(code="SMALL", name="B small one", expected_annual_spend=1_000)
    url = reverse("api:supplier-list")

    def codes():
        rows = api_client.get(url, {"ordering": "expected_annual_spend"}).json()["results"]
        return [row["code"] for row in rows]

    api_client.force_authenticate(make_user("procurement_analyst"))
    assert codes() == ["SMALL", "BIG"]
    api_client.force_authenticate(make_user("collaboration_member"))
    assert codes() == ["BIG", "SMALL"]  # the ordering is ignored: by name, as by default
