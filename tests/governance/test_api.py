"""REST API of governance: the generated permission tests per model, and the transitions."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from governance import services
from governance.models import ActionItem, DecisionRequest, Dispute, Meeting, SupplierRequest
from srm.audit.models import AuditEvent

from ..factories import ContractFactory, ContractPriceFactory, ItemFactory, UserFactory
from ..mixins import APICreateTests, APIModelTests, APIUpdateTests

pytestmark = pytest.mark.django_db


def _requester():
    return UserFactory(roles=["procurement_analyst"])


class TestDecisionRequestAPI(APIModelTests, APICreateTests, APIUpdateTests):
    model = DecisionRequest
    basename = "decisionrequest"
    update_data = {"title": "Reprice the bolts", "justification": "New index."}

    def create_object(self, supplier):
        supplier.status = "prospect"
        supplier.save()
        return services.decision_request_create(
            actor=_requester(),
            decision_type=services.decisions.DecisionType.objects.get(code="supplier_approval"),
            supplier=supplier,
            title=f"Approve {supplier.code}",
            justification="Second source.",
            risk_impact="Low.",
        )

    def create_data(self, supplier):
        contract = ContractFactory(supplier=supplier)
        item = ItemFactory()
        ContractPriceFactory(contract=contract, item=item)
        return {
            "decision_type": "price_change",
            "supplier": supplier.code,
            "title": "Lower price",
            "justification": "Volume up 30 %.",
            "risk_impact": "None.",
            "contract": contract.number,
            "item": item.code,
            "proposed_unit_price": "9.50",
            "effective_from": "2026-06-01",
        }

    def test_missing_justification_is_a_field_error(self, api_client, make_user, scoped_suppliers):
        api_client.force_authenticate(make_user("procurement_analyst"))
        data = self.create_data(scoped_suppliers[0]) | {"justification": "", "risk_impact": ""}
        response = api_client.post(self.list_url(), data, format="json")
        assert response.status_code == 400
        assert {"justification", "risk_impact"} <= set(response.json())
        assert not DecisionRequest.objects.exists()

    def test_supplier_cannot_be_changed_after_creation(self, api_client, objects, scoped_user):
        api_client.force_authenticate(scoped_user)
        other = objects[1].supplier.code
        response = api_client.patch(self.detail_url(objects[0]), {"supplier": other}, format="json")
        assert response.status_code in (400, 404)
        assert DecisionRequest.objects.get(pk=objects[0].pk).supplier == objects[0].supplier


class TestTransitionsAPI:
    def url(self, request, action=""):
        base = f"/api/decision-requests/{request.pk}/"
        return base + (f"{action}/" if action else "")

    def test_submit_sign_off_and_apply_over_the_api(self, api_client, people, price_change):
        contract_price = price_change(price="12.00")
        api_client.force_authenticate(people["catman"])
        response = api_client.post(
            self.url(contract_price, "sign-off"), {"comment": "ok"}, format="json"
        )
        assert response.status_code == 200, response.json()
        assert response.json()["state"] == "submitted"
        api_client.force_authenticate(people["finance"])
        body = api_client.post(self.url(contract_price, "sign-off"), {}, format="json").json()
        assert body["state"] == "applied"
        assert [s["role"] for s in body["sign_offs"]] == ["category_manager", "finance_approver"]
        assert Decimal(body["applied_effect"]["unit_price"]) == Decimal("12")

    def test_self_approval_is_403_over_the_api(self, api_client, people, price_change):
        request = price_change(actor=people["catman"])
        api_client.force_authenticate(people["catman"])
        response = api_client.post(self.url(request, "sign-off"), {}, format="json")
        assert response.status_code == 403
        assert "someone else" in response.json()["detail"]

    def test_sign_off_needs_the_permission_and_reach(self, api_client, people, price_change):
        request = price_change()
        api_client.force_authenticate(people["auditor"])
        assert api_client.post(self.url(request, "sign-off"), {}, format="json").status_code == 403
        api_client.force_authenticate(people["other_catman"])
        assert api_client.post(self.url(request, "sign-off"), {}, format="json").status_code == 404

    def test_reject_needs_a_comment(self, api_client, people, price_change):
        request = price_change()
        api_client.force_authenticate(people["finance"])
        assert api_client.post(self.url(request, "reject"), {}, format="json").status_code == 400
        response = api_client.post(self.url(request, "reject"), {"comment": "No."}, format="json")
        assert response.json()["state"] == "rejected"

    def test_submit_twice_is_a_400(self, api_client, people, raise_request, prospect):
        draft = raise_request("supplier_approval", people["analyst"], prospect, submit=False)
        api_client.force_authenticate(people["analyst"])
        assert api_client.post(self.url(draft, "submit")).json()["state"] == "submitted"
        assert api_client.post(self.url(draft, "submit")).status_code == 400

    def test_decision_types_carry_their_rights(self, api_client, people):
        api_client.force_authenticate(people["auditor"])
        body = api_client.get("/api/decision-types/supplier_approval/").json()
        assert body["high_impact_spend"] == "1000000.00"
        assert body["high_impact_risk_levels"] == ["critical", "high"]
        signs = {(r["role"], r["path"]) for r in body["rights"] if r["kind"] == "signs_off"}
        assert signs == {
            ("category_manager", "standard"),
            ("executive_sponsor", "high_impact"),
            ("steering_committee", "high_impact"),
        }


class TestDisputeAPI(APIModelTests, APICreateTests):
    model = Dispute
    basename = "dispute"

    def create_object(self, supplier):
        return services.dispute_open(
            actor=UserFactory(roles=["operations_lead"]),
            supplier=supplier,
            subject="Late penalty",
            description="Contested.",
        )

    def create_data(self, supplier):
        return {"supplier": supplier.code, "subject": "Invoice", "description": "Above price."}

    def test_resolve_over_the_api(self, api_client, objects, scoped_user):
        api_client.force_authenticate(scoped_user)
        url = f"/api/disputes/{objects[0].pk}/resolve/"
        response = api_client.post(url, {"resolution": "Credit note."}, format="json")
        assert response.status_code == 200, response.json()
        assert response.json()["status"] == "resolved"
        assert response.json()["steps"][0]["outcome"] == "resolved"
        outside = f"/api/disputes/{objects[1].pk}/resolve/"
        assert api_client.post(outside, {"resolution": "x"}, format="json").status_code == 404


class TestSupplierRequestAPI(APIModelTests, APICreateTests):
    model = SupplierRequest
    basename = "supplierrequest"

    def create_object(self, supplier):
        owner = UserFactory(roles=["operations_lead"])
        return services.supplier_request_send(
            actor=owner,
            supplier=supplier,
            subject="Delivery date?",
            body="PO 1",
            owner=owner,
            due_at=timezone.now() + timedelta(days=2),
        )

    def create_data(self, supplier):
        owner = UserFactory(roles=["operations_lead"])
        return {
            "supplier": supplier.code,
            "subject": "Certificate",
            "body": "Please send the renewed ISO 9001.",
            "owner": owner.username,
            "due_at": (timezone.now() + timedelta(days=3)).isoformat(),
        }

    def test_answer_over_the_api_counts_the_first_answer(self, api_client, objects, scoped_user):
        api_client.force_authenticate(scoped_user)
        url = f"/api/supplier-requests/{objects[0].pk}/answer/"
        first = api_client.post(url, {"answer": "Friday."}, format="json").json()
        second = api_client.post(url, {"answer": "Monday."}, format="json").json()
        assert first["status"] == "answered" and first["response_hours"] is not None
        assert second["first_answered_at"] == first["first_answered_at"]
        assert len(second["answers"]) == 2


class TestActionItemAPI(APIModelTests, APICreateTests, APIUpdateTests):
    model = ActionItem
    basename = "actionitem"
    # Finance approvers may move the actions they own, so the pure reader is the auditor.
    reader_role = "auditor"
    update_data = {"status": "in_progress", "title": "Chase it harder"}

    def create_object(self, supplier):
        return services.action_item_create(
            actor=UserFactory(roles=["steering_committee"]),
            title="Chase the certificate",
            owner=UserFactory(roles=["operations_lead"]),
            due_date=date(2026, 6, 1),
            supplier=supplier,
        )

    def create_data(self, supplier):
        return {
            "title": "Qualify a second source",
            "owner": UserFactory(roles=["operations_lead"]).username,
            "due_date": "2026-07-01",
            "supplier": supplier.code,
        }


class TestMeetingAPI:
    def test_plan_and_update_a_meeting(self, api_client, people):
        group = services.steering_group_create(actor=people["steering"], name="SG")
        api_client.force_authenticate(people["finance"])
        data = {"group": group.pk, "kind": "monthly", "scheduled_for": "2026-06-09T10:00:00Z"}
        assert api_client.post("/api/meetings/", data, format="json").status_code == 403
        api_client.force_authenticate(people["steering"])
        response = api_client.post("/api/meetings/", data, format="json")
        assert response.status_code == 201, response.json()
        assert response.json()["title"] == "Governance meeting June 2026"
        meeting = Meeting.objects.get()
        response = api_client.patch(
            f"/api/meetings/{meeting.pk}/", {"minutes": "Draft."}, format="json"
        )
        assert response.status_code == 200
        assert AuditEvent.objects.filter(object_id=str(meeting.pk), action="update").exists()
        api_client.force_authenticate(people["engineer"])
        assert api_client.get("/api/meetings/").status_code == 403


@pytest.mark.parametrize("url", ["/api/decision-types/", "/api/steering-groups/"])
def test_reference_data_is_for_the_management_track(api_client, people, url):
    api_client.force_authenticate(people["engineer"])
    assert api_client.get(url).status_code == 403
    api_client.force_authenticate(people["auditor"])
    assert api_client.get(url).status_code == 200
    assert api_client.post(url, {}, format="json").status_code in (403, 405)


def test_the_openapi_schema_lists_the_transition_endpoints(api_client, people):
    api_client.force_authenticate(people["auditor"])
    paths = api_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    for path in (
        "/api/decision-requests/{id}/submit/",
        "/api/decision-requests/{id}/sign-off/",
        "/api/decision-requests/{id}/reject/",
        "/api/disputes/{id}/resolve/",
        "/api/supplier-requests/{id}/answer/",
        "/api/reviews/{period}/",
        "/api/meetings/",
        "/api/action-items/",
    ):
        assert path in paths, path
