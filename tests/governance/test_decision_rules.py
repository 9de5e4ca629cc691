"""Decision rights as data (SPEC §3) and the sign-off rules the server enforces."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from governance import services
from governance.models import DecisionRequest, DecisionRight, RightKind, SignOff
from srm.audit.models import AuditEvent
from srm.audit.services import audit_chain_verify
from suppliers.risk_level import supplier_risk_level

from ..factories import SupplierFactory

pytestmark = pytest.mark.django_db


def _rights(code, kind, path):
    return {
        r.role.code
        for r in DecisionRight.objects.filter(decision_type__code=code, kind=kind, path=path)
    }


def test_spec_defaults_are_seeded_as_data():
    assert _rights("supplier_approval", "signs_off", "standard") == {"category_manager"}
    assert _rights("supplier_approval", "signs_off", "high_impact") == {
        "executive_sponsor",
        "steering_committee",
    }
    assert _rights("price_change", "signs_off", "standard") == {
        "category_manager",
        "finance_approver",
    }
    assert _rights("sla_change", "signs_off", "standard") == {"contract_owner", "operations_lead"}
    assert _rights("sla_change", "signs_off", "urgent") == {"contract_owner"}
    ladder = DecisionRight.objects.filter(
        decision_type__code="dispute", path="escalation"
    ).order_by("step")
    assert [(r.role.code, r.days) for r in ladder] == [
        ("operations_lead", 5),
        ("category_manager", 10),
        ("steering_committee", None),
    ]


def _needed(request) -> set[str]:
    return {r.role.code for r in services.required_rights(request)}


@pytest.mark.parametrize(
    ("spend", "risk", "path", "signers"),
    [
        ("999999.99", None, "standard", {"category_manager"}),
        ("1000000", None, "high_impact", {"executive_sponsor", "steering_committee"}),
        ("2500000", "low", "high_impact", {"executive_sponsor", "steering_committee"}),
        ("100", "medium", "standard", {"category_manager"}),
        ("100", "high", "high_impact", {"executive_sponsor", "steering_committee"}),
        ("100", "critical", "high_impact", {"executive_sponsor", "steering_committee"}),
    ],
    ids=["below-spend", "at-spend", "above-spend", "medium-risk", "high-risk", "critical-risk"],
)
def test_supplier_approval_threshold(
    monkeypatch, raise_request, people, prospect, spend, risk, path, signers
):
    prospect.expected_annual_spend = Decimal(spend)
    prospect.save()
    monkeypatch.setattr("governance.rules.supplier_risk_level", lambda supplier: risk)
    request = raise_request("supplier_approval", people["analyst"], prospect)
    assert request.path == path
    assert _needed(request) == signers


def test_sign_off_matrix_of_the_other_types(raise_request, people, priced_contract, price_change):
    contract, _ = priced_contract
    assert _needed(price_change()) == {"category_manager", "finance_approver"}
    sla = {
        "contract": contract,
        "sla_metric": "otif",
        "sla_target": Decimal("93"),
        "effective_from": date(2026, 4, 1),
    }
    standard = raise_request("sla_change", people["ops"], contract.supplier, **sla)
    urgent = raise_request("sla_change", people["ops"], contract.supplier, urgent=True, **sla)
    assert (standard.path, _needed(standard)) == ("standard", {"contract_owner", "operations_lead"})
    assert (urgent.path, _needed(urgent)) == ("urgent", {"contract_owner"})


def test_the_risk_level_is_read_from_the_risk_app_when_it_has_data(prospect):
    from risk.models import RiskScore, RiskScoreHistory

    assert supplier_risk_level(prospect) is None
    RiskScoreHistory.objects.create(supplier=prospect, as_of=date(2025, 12, 1), level="high")
    # No current row yet: the latest level of the history.
    assert supplier_risk_level(prospect) == "high"
    RiskScore.objects.create(supplier=prospect, as_of=date(2026, 1, 1), level="critical")
    assert supplier_risk_level(prospect) == "critical"


def test_the_risk_level_is_unknown_without_a_provider(monkeypatch, prospect):
    from risk.models import RiskScore

    RiskScore.objects.create(supplier=prospect, as_of=date(2026, 1, 1), level="critical")
    monkeypatch.setattr("suppliers.risk_level._provider", None)
    assert supplier_risk_level(prospect) is None


def test_full_approval_path_is_audited_step_by_step(raise_request, people, prospect):
    request = raise_request("supplier_approval", people["analyst"], prospect)
    request = services.decision_request_sign_off(actor=people["catman"], request=request)
    assert request.state == DecisionRequest.State.APPLIED
    actions = list(
        AuditEvent.objects.filter(
            object_type="governance.decisionrequest", object_id=str(request.pk)
        )
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "create",
        "transition:submitted",
        "sign_off",
        "transition:approved",
        "transition:applied",
    ]
    assert audit_chain_verify().ok


def test_the_requester_never_signs_off_their_own_request(price_change, people):
    # The category manager raises it and also holds the role that must sign: refused.
    request = price_change(actor=people["catman"])
    with pytest.raises(PermissionDenied, match="someone else"):
        services.decision_request_sign_off(actor=people["catman"], request=request)
    with pytest.raises(PermissionDenied, match="someone else"):
        services.decision_request_sign_off(
            actor=people["catman"], request=request, approve=False, comment="no"
        )
    assert not SignOff.objects.exists()
    assert DecisionRequest.objects.get(pk=request.pk).state == "submitted"
    # Another category manager of that category may.
    services.decision_request_sign_off(actor=people["catman2"], request=request)
    assert SignOff.objects.get().signer == people["catman2"]


def test_a_sign_off_needs_one_of_the_open_roles(price_change, people):
    request = price_change()
    for who in ("legal", "ops", "sponsor"):
        with pytest.raises(PermissionDenied):
            services.decision_request_sign_off(actor=people[who], request=request)
    assert not SignOff.objects.exists()


def test_a_category_manager_signs_only_for_their_categories(price_change, people):
    request = price_change()
    with pytest.raises(PermissionDenied):
        services.decision_request_sign_off(actor=people["other_catman"], request=request)
    assert not SignOff.objects.exists()


def test_a_category_manager_who_is_also_finance_borrows_no_reach(
    price_change, make_user, category_pair
):
    # Holds finance (reach: all) and category manager for the *other* category: may fill
    # the finance slot, never the category manager's.
    both = make_user("category_manager", "finance_approver", categories=[category_pair[1]])
    request = price_change()
    services.decision_request_sign_off(actor=both, request=request)
    assert SignOff.objects.get().role.code == "finance_approver"
    with pytest.raises(ValidationError, match="already signed"):
        services.decision_request_sign_off(actor=both, request=request)


def test_one_person_fills_one_slot_even_with_both_roles(price_change, make_user, category_pair):
    both = make_user("category_manager", "finance_approver", categories=[category_pair[0]])
    request = price_change()
    services.decision_request_sign_off(actor=both, request=request)
    with pytest.raises(ValidationError, match="already signed"):
        services.decision_request_sign_off(actor=both, request=request)
    assert DecisionRequest.objects.get(pk=request.pk).state == "submitted"


def test_rejection_needs_a_reason_and_ends_the_request(price_change, people):
    request = price_change()
    with pytest.raises(ValidationError):
        services.decision_request_sign_off(actor=people["finance"], request=request, approve=False)
    request = services.decision_request_sign_off(
        actor=people["finance"], request=request, approve=False, comment="Not in budget."
    )
    assert request.state == "rejected" and request.outcome_note == "Not in budget."
    with pytest.raises(ValidationError, match="rejected"):
        services.decision_request_sign_off(actor=people["catman"], request=request)


def test_justification_and_risk_impact_are_required(raise_request, people, prospect):
    with pytest.raises(ValidationError) as exc:
        raise_request(
            "supplier_approval", people["analyst"], prospect, justification="", risk_impact=""
        )
    assert {"justification", "risk_impact"} <= set(exc.value.message_dict)
    assert not DecisionRequest.objects.exists()


def test_a_price_change_names_contract_item_price_and_date(raise_request, people, supplier):
    with pytest.raises(ValidationError) as exc:
        raise_request("price_change", people["analyst"], supplier)
    assert {"contract", "item", "proposed_unit_price", "effective_from"} <= set(
        exc.value.message_dict
    )


def test_a_contract_of_another_supplier_is_refused(raise_request, people, priced_contract):
    contract, item = priced_contract
    with pytest.raises(ValidationError) as exc:
        raise_request(
            "price_change",
            people["analyst"],
            SupplierFactory(),
            contract=contract,
            item=item,
            proposed_unit_price=Decimal("1"),
            effective_from=date(2026, 1, 1),
        )
    assert "contract" in exc.value.message_dict


def test_only_proposing_roles_raise_a_type(raise_request, people, prospect, supplier):
    with pytest.raises(PermissionDenied):
        raise_request("supplier_approval", people["finance"], prospect)
    # A category manager raises nothing for a supplier outside their categories.
    with pytest.raises(PermissionDenied):
        raise_request("supplier_approval", people["other_catman"], prospect)


def test_urgent_is_only_for_types_with_a_quick_path(raise_request, people, prospect):
    with pytest.raises(ValidationError) as exc:
        raise_request("supplier_approval", people["analyst"], prospect, urgent=True)
    assert "urgent" in exc.value.message_dict


def test_a_submitted_request_is_frozen(price_change, people):
    request = price_change()
    with pytest.raises(ValidationError, match="draft"):
        services.decision_request_update(
            actor=people["analyst"], request=request, data={"title": "Changed"}
        )
    with pytest.raises(ValidationError):
        services.decision_request_submit(actor=people["analyst"], request=request)


def test_a_supplier_that_cannot_be_approved_cannot_be_submitted(raise_request, people, supplier):
    # ``supplier`` is already approved.
    with pytest.raises(ValidationError, match="cannot be approved"):
        raise_request("supplier_approval", people["analyst"], supplier)


def test_signers_are_notified_on_submit(price_change, people):
    from srm.core.models import Notification

    price_change()
    notified = set(
        Notification.objects.filter(subject__startswith="Sign-off needed").values_list(
            "recipient__username", flat=True
        )
    )
    # Category managers of the supplier's category and every finance approver; never the
    # category manager of another category.
    assert notified == {"catman", "catman2", "finance", "finance2"}


def test_kinds_of_rights_are_the_three_of_the_map():
    assert set(DecisionRight.objects.values_list("kind", flat=True)) == set(RightKind.values)
