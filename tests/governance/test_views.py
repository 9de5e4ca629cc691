"""Pages of governance: generated permission tests, the forms, and query counts."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance import services
from governance.models import ActionItem, DecisionRequest, DecisionType, Dispute, SupplierRequest

from ..factories import SupplierFactory, UserFactory
from ..mixins import PageTests

pytestmark = pytest.mark.django_db


def _approval(supplier):
    supplier.status = "prospect"
    supplier.save()
    return services.decision_request_create(
        actor=UserFactory(roles=["procurement_analyst"]),
        decision_type=DecisionType.objects.get(code="supplier_approval"),
        supplier=supplier,
        title=f"Approve {supplier.code}",
        justification="Second source.",
        risk_impact="Low.",
    )


def _dispute(supplier):
    return services.dispute_open(
        actor=UserFactory(roles=["operations_lead"]),
        supplier=supplier,
        subject="Penalty",
        description="Contested.",
    )


def _request(supplier):
    owner = UserFactory(roles=["operations_lead"])
    return services.supplier_request_send(
        actor=owner,
        supplier=supplier,
        subject="Dates?",
        body="PO 9",
        owner=owner,
        due_at=timezone.now() + timedelta(days=1),
    )


def _action(supplier):
    return services.action_item_create(
        actor=UserFactory(roles=["steering_committee"]),
        title="Chase",
        owner=UserFactory(roles=["operations_lead"]),
        due_date=date(2026, 1, 1),
        supplier=supplier,
    )


class TestDecisionPages(PageTests):
    model = DecisionRequest
    list_url_name = "governance:decision_list"
    detail_url_name = "governance:decision_detail"
    denied_roles = ("collaboration_member",)

    def create_object(self, supplier):
        return _approval(supplier)


class TestDisputePages(PageTests):
    model = Dispute
    list_url_name = "governance:dispute_list"
    detail_url_name = "governance:dispute_detail"
    denied_roles = ("collaboration_member",)

    def create_object(self, supplier):
        return _dispute(supplier)


class TestSupplierRequestPages(PageTests):
    model = SupplierRequest
    list_url_name = "governance:request_list"
    detail_url_name = "governance:request_detail"
    denied_roles = ("collaboration_member",)

    def create_object(self, supplier):
        return _request(supplier)


class TestActionPages(PageTests):
    model = ActionItem
    list_url_name = "governance:action_list"
    detail_url_name = "governance:action_detail"
    denied_roles = ("collaboration_member",)

    def create_object(self, supplier):
        return _action(supplier)


def _populate(n: int) -> None:
    for _ in range(n):
        supplier = SupplierFactory()
        decision = _approval(supplier)
        services.decision_request_submit(actor=decision.requester, request=decision)
        _dispute(supplier)
        _request(supplier)
        _action(supplier)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("name", "model"),
    [
        ("governance:decision_list", None),
        ("governance:decision_detail", DecisionRequest),
        ("governance:dispute_list", None),
        ("governance:dispute_detail", Dispute),
        ("governance:request_list", None),
        ("governance:request_detail", SupplierRequest),
        ("governance:action_list", None),
        ("governance:action_detail", ActionItem),
        ("governance:my_actions", None),
        ("governance:meeting_list", None),
        ("governance:decision_rights", None),
        ("governance:notifications", None),
    ],
)
def test_query_count_does_not_grow_with_rows(
    client, make_user, name, model, django_assert_max_num_queries
):
    client.force_login(make_user("executive_sponsor"))

    def url():
        if model is None:
            return reverse(name)
        return reverse(name, args=[model.objects.order_by("pk").first().pk])

    _populate(1)
    few = _count(client, url())
    _populate(4)
    target = url()
    with django_assert_max_num_queries(few):
        assert client.get(target).status_code == 200
    assert few <= 25, f"{few} queries"


def test_decision_rights_map_is_generated_from_the_data(client, people):
    client.force_login(people["auditor"])
    html = client.get(reverse("governance:decision_rights")).content.decode()
    assert "New supplier approval" in html and "Executive sponsor" in html
    assert "signs off: high impact" in html and "signs off: urgent quick path" in html
    assert "escalation step 2 (10 days)" in html and "escalation step 3 (next meeting)" in html
    assert "High impact: risk level high or critical, or expected annual spend ≥ 1,000,000" in html
    assert 'class="table-container table-responsive"' in html  # wide maps scroll in their card
    client.force_login(people["engineer"])
    assert client.get(reverse("governance:decision_rights")).status_code == 403


def test_raise_and_submit_from_the_page(client, people, prospect):
    client.force_login(people["analyst"])
    url = reverse("governance:decision_create")
    assert client.get(url).status_code == 200
    data = {
        "decision_type": DecisionType.objects.get(code="supplier_approval").pk,
        "supplier": prospect.pk,
        "title": "Approve the prospect",
        "justification": "",
        "risk_impact": "",
        "submit": "1",
    }
    response = client.post(url, data)
    assert response.status_code == 400 and not DecisionRequest.objects.exists()
    response = client.post(url, data | {"justification": "Samples ok.", "risk_impact": "Low."})
    decision = DecisionRequest.objects.get()
    assert response.status_code == 302 and decision.state == "submitted"


def test_sign_off_from_the_page_and_self_approval_refused(client, people, price_change):
    request = price_change(actor=people["catman"])
    url = reverse("governance:decision_sign_off", args=[request.pk])
    client.force_login(people["catman"])
    detail = client.get(reverse("governance:decision_detail", args=[request.pk]))
    assert 'id="sign-off-card"' not in detail.content.decode()
    assert client.post(url, {"decision": "approve"}).status_code == 403
    client.force_login(people["finance"])
    detail = client.get(reverse("governance:decision_detail", args=[request.pk]))
    assert 'id="sign-off-card"' in detail.content.decode()
    assert 'data-testid="proposed-price">10.5 EUR</dd>' in detail.content.decode()
    assert 'name="comment" rows="2" aria-label="Comment"' in detail.content.decode()
    assert client.post(url, {"decision": "approve"}).status_code == 302
    client.force_login(people["catman2"])
    client.post(url, {"decision": "approve"})
    request.refresh_from_db()
    assert request.state == "applied"
    assert request.contract.prices.filter(unit_price=Decimal("10.50")).exists()


def test_supplier_page_has_a_governance_tab(client, people, supplier, price_change):
    request = price_change()
    client.force_login(people["analyst"])
    page = client.get(reverse("suppliers:supplier_detail", args=[supplier.code])).content.decode()
    assert reverse("governance:supplier_governance", args=[supplier.code]) in page
    tab = client.get(reverse("governance:supplier_governance", args=[supplier.code]))
    assert tab.status_code == 200 and f"#{request.pk}" in tab.content.decode()
    client.force_login(people["other_catman"])
    assert (
        client.get(reverse("governance:supplier_governance", args=[supplier.code])).status_code
        == 404
    )


def test_menu_lists_the_governance_pages(client, people):
    client.force_login(people["steering"])
    html = client.get(reverse("home")).content.decode()
    for name in (
        "review_latest",
        "decision_list",
        "dispute_list",
        "meeting_list",
        "my_actions",
        "delegation_list",
    ):
        assert f'data-nav="governance:{name}"' in html
    client.force_login(people["engineer"])
    assert 'data-nav="governance:decision_list"' not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize(
    ("url_name", "role"),
    [
        ("governance:decision_create", "procurement_analyst"),
        ("governance:dispute_create", "operations_lead"),
        ("governance:request_create", "operations_lead"),
        ("governance:meeting_create", "steering_committee"),
    ],
)
def test_create_pages_render_and_refuse_readers(client, make_user, url_name, role):
    client.force_login(make_user(role))
    page = client.get(reverse(url_name))
    assert page.status_code == 200 and "<form" in page.content.decode()
    client.force_login(make_user("auditor"))
    assert client.get(reverse(url_name)).status_code == 403


def test_open_a_dispute_and_send_a_request_from_the_pages(client, people, supplier):
    client.force_login(people["ops"])
    response = client.post(
        reverse("governance:dispute_create"),
        {"supplier": supplier.pk, "subject": "Penalty", "description": "Contested."},
    )
    dispute = Dispute.objects.get()
    assert response.status_code == 302 and dispute.level == 1
    due = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("governance:request_create"),
        {
            "supplier": supplier.pk,
            "subject": "Dates",
            "body": "PO 7",
            "owner": people["ops"].pk,
            "due_at": due,
        },
    )
    assert response.status_code == 302 and SupplierRequest.objects.get().owner == people["ops"]
    request = SupplierRequest.objects.get()
    client.post(reverse("governance:request_answer", args=[request.pk]), {"answer": "Friday."})
    request.refresh_from_db()
    assert request.status == "answered"
    client.post(reverse("governance:dispute_resolve", args=[dispute.pk]), {"resolution": "Ok."})
    assert Dispute.objects.get().status == "resolved"


def test_hold_a_meeting_and_add_an_action_from_its_page(client, people):
    group = services.steering_group_create(actor=people["steering"], name="SG")
    meeting = services.meeting_create(
        actor=people["steering"], group=group, kind="monthly", scheduled_for=timezone.now()
    )
    client.force_login(people["steering"])
    url = reverse("governance:meeting_action_create", args=[meeting.pk])
    response = client.post(url, {"title": "Chase", "owner": people["ops"].pk}, follow=True)
    # The message names the field by its label (it was "* due_date * This field is required.").
    assert [str(m) for m in response.context["messages"]] == ["Due date: This field is required."]
    client.post(url, {"title": "Chase", "owner": people["ops"].pk, "due_date": "2026-12-01"})
    assert ActionItem.objects.get().meeting == meeting
    client.post(reverse("governance:meeting_hold", args=[meeting.pk]), {"minutes": "Agreed."})
    meeting.refresh_from_db()
    assert meeting.status == "held" and meeting.agenda
    page = client.get(reverse("governance:meeting_detail", args=[meeting.pk])).content.decode()
    assert "as it stood when the meeting was held" in page and "Agreed." in page


def test_free_text_answers_have_accessible_names(client, people):
    from governance.forms import AnswerForm, MinutesForm

    assert 'aria-label="Answer"' in str(AnswerForm()["answer"])
    assert 'aria-label="Minutes"' in str(MinutesForm()["minutes"])


def test_menu_leads_to_delegations_for_who_may_lend_rights(client, people):
    """Out of office: the delegations page is one click from the menu for every role that
    signs (and the auditor, who reads them), not for a collaboration member."""
    client.force_login(people["catman"])
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("governance:delegation_list")}"' in html
    assert 'data-nav="governance:delegation_list"' in html
    client.force_login(people["engineer"])
    html = client.get(reverse("home")).content.decode()
    assert 'data-nav="governance:delegation_list"' not in html


class TestNamedSignersOnTheCreateForm:
    """Before submitting, the create form names who can sign each step (refreshed by htmx
    when the type or the supplier changes); submitting is refused, writing nothing, when a
    step has nobody (issue 11 point 3)."""

    def _fragment(self, client, **params):
        return client.get(
            reverse("governance:decision_create"),
            {"signers": "1", **params},
            HTTP_HX_REQUEST="true",
        )

    def test_fragment_names_the_signers_never_the_requester(self, client, people, types, supplier):
        client.force_login(people["catman"])
        response = self._fragment(
            client, decision_type=types["price_change"].pk, supplier=supplier.pk
        )
        html = response.content.decode()
        assert response.status_code == 200 and "<html" not in html
        category_step = html.split('data-step="category_manager"')[1].split("</li>")[0]
        assert "catman2" in category_step and "catman<" not in category_step
        assert "catman," not in category_step
        finance_step = html.split('data-step="finance_approver"')[1].split("</li>")[0]
        assert "finance" in finance_step and "finance2" in finance_step

    def test_fragment_asks_for_type_and_supplier_first(self, client, people, types):
        client.force_login(people["catman"])
        html = self._fragment(client, decision_type=types["price_change"].pk).content.decode()
        assert "Choose the decision type and the supplier" in html

    def test_page_opened_prefilled_shows_the_names(self, client, people, supplier):
        client.force_login(people["catman"])
        url = reverse("governance:decision_create")
        html = client.get(url, {"type": "price_change", "supplier": supplier.pk}).content.decode()
        assert 'id="named-signers"' in html and 'hx-get="' in html
        signers = html.split('id="named-signers"')[1].split('data-step="finance_approver"')[0]
        assert "catman2" in signers

    def test_submit_refused_when_a_step_has_nobody(self, client, people, types, priced_contract):
        from governance.models import DecisionRequest, DecisionRight

        contract, item = priced_contract
        DecisionRight.objects.filter(
            decision_type=types["price_change"], role__code="finance_approver"
        ).update(fallback_role=None)
        for key in ("finance", "finance2"):
            people[key].is_active = False
            people[key].save()
        client.force_login(people["catman"])
        fragment = self._fragment(
            client, decision_type=types["price_change"].pk, supplier=contract.supplier.pk
        ).content.decode()
        assert 'data-testid="nobody-signs"' in fragment.split('data-step="finance_approver"')[1]
        data = {
            "decision_type": types["price_change"].pk,
            "supplier": contract.supplier.pk,
            "title": "New bolt price",
            "justification": "Steel.",
            "risk_impact": "Low.",
            "contract": contract.pk,
            "item": item.pk,
            "proposed_unit_price": "10.50",
            "effective_from": "2026-03-01",
            "submit": "1",
        }
        response = client.post(reverse("governance:decision_create"), data)
        assert response.status_code == 400
        assert "Nobody but you could sign" in response.content.decode()
        assert not DecisionRequest.objects.exists()  # not even the draft
        # Saved as a draft it is kept (to submit once someone holds the role).
        del data["submit"]
        assert client.post(reverse("governance:decision_create"), data).status_code == 302
        assert DecisionRequest.objects.get().state == "draft"
