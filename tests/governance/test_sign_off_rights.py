"""Separation of duties without deadlock (SPEC §3, issue 11 point 2): eligible signers,
fallback roles, delegations, withdraw and return, overdue steps."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from governance import selectors, services
from governance.models import DecisionRight, Delegation, SignOff
from governance.signers import sign_off_steps
from srm.accounts.models import Role
from srm.audit.models import AuditEvent
from srm.core.models import Notification

from ..factories import ContractFactory, ContractPriceFactory, ItemFactory, SupplierFactory

TZ = ZoneInfo("Europe/Berlin")


@pytest.fixture
def lone_price_change(raise_request, people, category_pair):
    """A price change raised by the only category manager of the supplier's category: the
    category-manager step can only go to the fallback (the executive sponsor)."""

    def make(submit=True):
        supplier = SupplierFactory(categories=[category_pair[1]])
        contract = ContractFactory(supplier=supplier)
        item = ItemFactory()
        ContractPriceFactory(contract=contract, item=item, unit_price=Decimal("10"))
        return raise_request(
            "price_change",
            people["other_catman"],
            supplier,
            submit=submit,
            contract=contract,
            item=item,
            proposed_unit_price=Decimal("11"),
            effective_from=date(2026, 6, 1),
        )

    return make


def _eligible(request):
    return {s.role.code: s.eligible_usernames for s in sign_off_steps(request)}


def test_own_request_of_the_only_holder_goes_to_the_fallback(lone_price_change, people):
    request = lone_price_change()
    assert _eligible(request) == {
        "category_manager": ["sponsor"],
        "finance_approver": ["finance", "finance2"],
    }
    with pytest.raises(PermissionDenied):
        services.decision_request_sign_off(actor=people["other_catman"], request=request)
    services.decision_request_sign_off(actor=people["sponsor"], request=request)
    request = services.decision_request_sign_off(actor=people["finance"], request=request)
    assert request.state == "applied"
    assert set(request.sign_offs.values_list("signer__username", flat=True)) == {
        "sponsor",
        "finance",
    }


def test_any_other_holder_signs_never_the_requester(price_change, people):
    request = price_change(actor=people["catman"])
    eligible = _eligible(request)
    assert eligible["category_manager"] == ["catman2"]
    assert all("catman" not in names for names in eligible.values())


def test_a_step_with_nobody_cannot_be_submitted(lone_price_change, people):
    DecisionRight.objects.filter(role__code="category_manager").update(fallback_role=None)
    request = lone_price_change(submit=False)
    with pytest.raises(ValidationError, match="Category manager"):
        services.decision_request_submit(actor=people["other_catman"], request=request)
    request.refresh_from_db()
    assert request.state == "draft"


def test_the_draft_page_names_who_can_sign_each_step(client, lone_price_change, people):
    request = lone_price_change(submit=False)
    client.force_login(people["other_catman"])
    html = client.get(reverse("governance:decision_detail", args=[request.pk])).content.decode()
    assert "Eva" in html  # the sponsor, by name, as the fallback of the category manager
    assert 'data-testid="eligible-signers"' in html


def test_api_sign_offs_shape(lone_price_change, people):
    request = lone_price_change()
    services.decision_request_sign_off(actor=people["sponsor"], request=request)
    api = APIClient()
    api.force_authenticate(people["auditor"])
    body = api.get(reverse("api:decisionrequest-detail", args=[request.pk])).json()
    steps = {s["role"]: s for s in body["sign_offs"]}
    assert steps["category_manager"]["status"] == "signed"
    assert steps["category_manager"]["signed_by"] == "sponsor"
    assert steps["category_manager"]["on_behalf_of"] is None
    assert steps["finance_approver"]["status"] == "waiting"
    assert steps["finance_approver"]["eligible_signers"] == ["finance", "finance2"]
    assert all("othercat" not in s["eligible_signers"] for s in body["sign_offs"])


# --- delegation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "may_sign"),
    [
        (date(2026, 3, 9), False),  # the day before it starts
        (date(2026, 3, 10), True),  # the first day
        (date(2026, 3, 13), True),  # the last day (inclusive)
        (date(2026, 3, 14), False),  # the day after
    ],
)
def test_delegation_date_boundaries(lone_price_change, people, day, may_sign):
    """The sponsor (the step's fallback) is away; the steering committee member, who holds
    no role of this request, signs on the sponsor's behalf within the dates."""
    request = lone_price_change()
    services.delegation_create(
        actor=people["sponsor"],
        delegate=people["steering"],
        starts=date(2026, 3, 10),
        ends=date(2026, 3, 13),
    )
    with time_machine.travel(datetime(day.year, day.month, day.day, 10, tzinfo=TZ), tick=False):
        if not may_sign:
            with pytest.raises(PermissionDenied):
                services.decision_request_sign_off(actor=people["steering"], request=request)
            return
        waiting = selectors.decisions_waiting_for(user=people["steering"])
        assert list(waiting) == [request]
        services.decision_request_sign_off(actor=people["steering"], request=request)
    sign_off = SignOff.objects.get(request=request)
    assert (sign_off.signer, sign_off.on_behalf_of) == (people["steering"], people["sponsor"])
    event = AuditEvent.objects.filter(action="sign_off", object_id=str(request.pk)).get()
    assert event.after["on_behalf_of"] == "sponsor"


def test_delegation_api_and_end(people):
    api = APIClient()
    api.force_authenticate(people["sponsor"])
    response = api.post(
        reverse("api:delegation-list"),
        {"delegate": "steering", "starts": "2026-03-10", "ends": "2026-03-20"},
        format="json",
    )
    assert response.status_code == 201, response.content
    delegation = Delegation.objects.get(pk=response.json()["id"])
    assert delegation.delegator == people["sponsor"]
    assert AuditEvent.objects.filter(action="create", object_id=str(delegation.pk)).exists()
    assert Notification.objects.filter(recipient=people["steering"]).exists()
    bad = api.post(
        reverse("api:delegation-list"),
        {"delegate": "steering", "starts": "2026-03-20", "ends": "2026-03-10"},
        format="json",
    )
    assert bad.status_code == 400
    with time_machine.travel(datetime(2026, 3, 15, 10, tzinfo=TZ), tick=False):
        api.post(reverse("api:delegation-end", args=[delegation.pk]))
    delegation.refresh_from_db()
    assert delegation.ends == date(2026, 3, 14)


def test_delegation_pages(client, people):
    client.force_login(people["sponsor"])
    response = client.post(
        reverse("governance:delegation_create"),
        {"delegate": "steering", "starts": "2026-03-10", "ends": "2026-03-20"},
    )
    assert response.status_code == 302
    html = client.get(reverse("governance:delegation_list")).content.decode()
    assert "steering" in html and "2026" in html


# --- withdraw and return -------------------------------------------------------------------


def test_withdraw_back_to_draft(price_change, people):
    request = price_change()
    services.decision_request_sign_off(actor=people["catman"], request=request)
    with pytest.raises(PermissionDenied):
        services.decision_request_withdraw(actor=people["catman"], request=request)
    request = services.decision_request_withdraw(actor=people["analyst"], request=request)
    assert request.state == "draft" and not request.sign_offs.exists()
    event = AuditEvent.objects.get(action="transition:withdrawn", object_id=str(request.pk))
    assert event.before["sign_offs"][0]["signer"] == "catman"
    # Changed and submitted again, it is signed afresh.
    request = services.decision_request_submit(actor=people["analyst"], request=request)
    assert request.state == "submitted"


def test_return_for_changes(price_change, people):
    request = price_change()
    with pytest.raises(PermissionDenied):
        services.decision_request_return(actor=people["ops"], request=request, comment="No")
    with pytest.raises(ValidationError):
        services.decision_request_return(actor=people["finance"], request=request, comment=" ")
    request = services.decision_request_return(
        actor=people["finance"], request=request, comment="Attach the index."
    )
    assert request.state == "draft" and request.outcome_note == "Attach the index."
    assert Notification.objects.filter(
        recipient=people["analyst"], subject__startswith="Returned"
    ).exists()


def test_withdraw_and_return_through_the_api(price_change, people):
    api = APIClient()
    request = price_change()
    api.force_authenticate(people["finance"])
    url = reverse("api:decisionrequest-return", args=[request.pk])
    assert api.post(url, {"comment": "Why?"}, format="json").json()["state"] == "draft"
    request = services.decision_request_submit(actor=people["analyst"], request=request)
    api.force_authenticate(people["finance"])
    url = reverse("api:decisionrequest-withdraw", args=[request.pk])
    assert api.post(url, {}, format="json").status_code == 403
    api.force_authenticate(people["analyst"])
    assert api.post(url, {}, format="json").json()["state"] == "draft"


# --- overdue ---------------------------------------------------------------------------------


def test_an_overdue_step_reminds_then_moves_to_the_fallback(price_change, people):
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=TZ), tick=False):  # a Monday
        request = price_change()
    assert _eligible(request)["category_manager"] == ["catman", "catman2"]
    # Five working days later: not yet overdue.
    with time_machine.travel(datetime(2026, 3, 9, 9, tzinfo=TZ), tick=False):
        assert services.decision_steps_overdue_process() == 0
    with time_machine.travel(datetime(2026, 3, 10, 9, tzinfo=TZ), tick=False):
        assert services.decision_steps_overdue_process() == 2
        assert services.decision_steps_overdue_process() == 0  # once
        request.refresh_from_db()
        steps = {s.role.code: s for s in sign_off_steps(request)}
        assert steps["category_manager"].overdue
        assert steps["category_manager"].eligible_usernames == ["catman", "catman2", "sponsor"]
        assert Notification.objects.filter(
            recipient=people["catman"], subject__startswith="Overdue"
        ).exists()
        assert Notification.objects.filter(
            recipient=people["sponsor"], subject__contains="overdue"
        ).exists()
        services.decision_request_sign_off(actor=people["sponsor"], request=request)
        body = _api_steps(people["auditor"], request)
        assert body["finance_approver"]["overdue"] is True


def _api_steps(user, request):
    api = APIClient()
    api.force_authenticate(user)
    body = api.get(reverse("api:decisionrequest-detail", args=[request.pk])).json()
    return {s["role"]: s for s in body["sign_offs"]}


# --- no deadlock, over random role assignments --------------------------------------------

SIGNING_ROLES = [
    "category_manager",
    "finance_approver",
    "executive_sponsor",
    "contract_owner",
    "operations_lead",
    "legal_reviewer",
    "steering_committee",
    "procurement_analyst",
]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    kind=st.sampled_from(["price_change", "sla_change", "supplier_exit", "scoring_policy_change"]),
    others=st.lists(st.sets(st.sampled_from(SIGNING_ROLES), max_size=3), max_size=4),
)
def test_every_submitted_request_can_be_signed_through(
    make_user, category_pair, types, kind, others
):
    """Whatever the roles held: either submission is refused, or every step has an
    eligible signer who is not the requester, and signing by the plan gets it approved."""
    from governance.signers import fill_plan

    with transaction.atomic():
        granted = category_pair[0]
        supplier = SupplierFactory(categories=[granted])
        contract = ContractFactory(supplier=supplier)
        item = ItemFactory()
        ContractPriceFactory(contract=contract, item=item, unit_price=Decimal("10"))
        # A scoring policy change is proposed by an analyst, for no one supplier.
        proposer = "procurement_analyst" if kind == "scoring_policy_change" else "category_manager"
        requester = make_user(proposer, categories=[granted])
        for roles in others:
            if roles:
                make_user(*sorted(roles), categories=[granted])
        fields = {
            "price_change": {
                "contract": contract,
                "item": item,
                "proposed_unit_price": Decimal("11"),
                "effective_from": date(2026, 6, 1),
            },
            "sla_change": {
                "contract": contract,
                "sla_metric": "otif",
                "sla_target": Decimal("95"),
                "effective_from": date(2026, 6, 1),
            },
            "supplier_exit": {},
            "scoring_policy_change": {"payload": {"thresholds": {"b_min": "71"}}},
        }[kind]
        request = services.decision_request_create(
            actor=requester,
            decision_type=types[kind],
            supplier=None if kind == "scoring_policy_change" else supplier,
            title="t",
            justification="j",
            risk_impact="r",
            **fields,
        )
        try:
            request = services.decision_request_submit(actor=requester, request=request)
        except ValidationError:
            transaction.set_rollback(True)
            return
        steps = sign_off_steps(request)
        assert steps and all(step.signers for step in steps)
        assert all(p.pk != requester.pk for step in steps for p, _ in step.signers)
        plan = fill_plan(steps)
        assert plan is not None
        for index in sorted(plan):
            request = services.decision_request_sign_off(actor=plan[index], request=request)
        assert request.state in ("approved", "applied")
        transaction.set_rollback(True)


def test_fallbacks_are_data(db):
    assert Role.objects.filter(code="legal_reviewer").exists()
    right = DecisionRight.objects.get(
        decision_type__code="sla_change", role__code="contract_owner", path="standard"
    )
    assert right.fallback_role.code == "legal_reviewer"
