"""Approval applies the change by itself (SPEC §3), once."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from governance import services
from governance.models import ActionItem, DecisionRequest
from srm.audit.models import AuditEvent
from suppliers.models import ContractPrice, Receipt, ServiceLevel, SupplierEvent

from ..factories import ReceiptFactory

pytestmark = pytest.mark.django_db


def _approve_price(price_change, people, **kwargs):
    request = price_change(**kwargs)
    services.decision_request_sign_off(actor=people["catman"], request=request)
    return services.decision_request_sign_off(actor=people["finance"], request=request)


def test_supplier_approval_makes_the_supplier_approved(raise_request, people, prospect):
    request = raise_request("supplier_approval", people["analyst"], prospect)
    request = services.decision_request_sign_off(actor=people["catman"], request=request)
    prospect.refresh_from_db()
    assert request.state == "applied" and request.applied_at is not None
    assert prospect.status == "approved"
    titles = list(SupplierEvent.objects.filter(supplier=prospect).values_list("title", flat=True))
    assert any(t.startswith("Decision applied") for t in titles)
    assert any("prospect → approved" in t for t in titles)


def test_high_impact_approval_needs_both_sponsor_and_steering(raise_request, people, prospect):
    prospect.expected_annual_spend = Decimal("1500000")
    prospect.save()
    request = raise_request("supplier_approval", people["analyst"], prospect)
    request = services.decision_request_sign_off(actor=people["sponsor"], request=request)
    prospect.refresh_from_db()
    assert request.state == "submitted" and prospect.status == "prospect"
    request = services.decision_request_sign_off(actor=people["steering"], request=request)
    prospect.refresh_from_db()
    assert request.state == "applied" and prospect.status == "approved"


def test_price_change_reprices_later_receipts_only(price_change, people, priced_contract):
    contract, item = priced_contract
    before = ReceiptFactory(
        supplier=contract.supplier,
        contract=contract,
        item=item,
        order_date=date(2026, 2, 20),
        agreed_unit_price=None,
        contract_unit_price=Decimal("10.00"),
    )
    after = ReceiptFactory(
        supplier=contract.supplier,
        contract=contract,
        item=item,
        order_date=date(2026, 3, 2),
        agreed_unit_price=None,
        contract_unit_price=Decimal("10.00"),
    )
    request = _approve_price(price_change, people, price="10.50", effective=date(2026, 3, 1))
    assert request.state == "applied"
    assert ContractPrice.objects.get(
        contract=contract, effective_from=date(2026, 3, 1)
    ).unit_price == Decimal("10.50")
    assert Receipt.objects.get(pk=before.pk).contract_unit_price == Decimal("10.00")
    assert Receipt.objects.get(pk=after.pk).contract_unit_price == Decimal("10.50")
    assert Decimal(request.applied_effect["unit_price"]) == Decimal("10.50")


def test_price_change_moves_the_cost_variance_after_recompute(
    price_change, people, priced_contract
):
    """SPEC §3/§5: later receipts are measured against the new price once the nightly
    recompute has run."""
    from scorecards.models import Scorecard
    from scorecards.recompute import scorecards_recompute as recompute

    contract, item = priced_contract
    # Paid 10.50 against an agreed 10.00: +5 % cost variance in March.
    ReceiptFactory(
        supplier=contract.supplier,
        contract=contract,
        item=item,
        order_date=date(2026, 3, 2),
        promised_date=date(2026, 3, 20),
        received_date=date(2026, 3, 20),
        unit_price=Decimal("10.50"),
        agreed_unit_price=None,
        contract_unit_price=Decimal("10.00"),
    )
    today = date(2026, 4, 10)
    recompute(scope="full", today=today)

    def variance():
        card = Scorecard.objects.get(supplier=contract.supplier, period=date(2026, 3, 1))
        return Decimal(str(card.kpis["cost_variance"]["value"]))

    assert variance() == Decimal("5")
    _approve_price(price_change, people, price="10.50", effective=date(2026, 3, 1))
    assert variance() == Decimal("5"), "stored figures change only with the recompute"
    recompute(scope="full", today=today)
    assert variance() == Decimal("0")


def test_sla_change_sets_the_target_from_its_date(raise_request, people, priced_contract):
    contract, _ = priced_contract
    request = raise_request(
        "sla_change",
        people["catman"],
        contract.supplier,
        contract=contract,
        sla_metric="otif",
        sla_target=Decimal("97"),
        effective_from=date(2026, 5, 1),
    )
    services.decision_request_sign_off(actor=people["contracts"], request=request)
    request = services.decision_request_sign_off(actor=people["ops"], request=request)
    level = ServiceLevel.objects.get(
        contract=contract, metric="otif", effective_from=date(2026, 5, 1)
    )
    assert request.state == "applied" and level.target == Decimal("97")
    assert not ActionItem.objects.exists(), "the standard path owes no follow-up"


def test_urgent_sla_change_quick_path_creates_the_follow_up(raise_request, people, priced_contract):
    contract, _ = priced_contract
    request = raise_request(
        "sla_change",
        people["ops"],
        contract.supplier,
        urgent=True,
        contract=contract,
        sla_metric="otif",
        sla_target=Decimal("90"),
        effective_from=date(2026, 5, 1),
    )
    request = services.decision_request_sign_off(actor=people["contracts"], request=request)
    assert request.state == "applied" and request.path == "urgent"
    follow_up = ActionItem.objects.get(decision_request=request)
    assert follow_up.owner == people["ops"]
    assert follow_up.due_date == timezone.localdate() + timedelta(days=5)
    assert follow_up.supplier == contract.supplier
    assert request.applied_effect["follow_up_action"] == follow_up.pk


def test_apply_is_idempotent(price_change, people, priced_contract):
    request = _approve_price(price_change, people)
    audit_rows = AuditEvent.objects.count()
    prices = ContractPrice.objects.count()
    again = services.decision_request_apply(actor=people["analyst"], request=request)
    assert again.state == "applied"
    assert AuditEvent.objects.count() == audit_rows
    assert ContractPrice.objects.count() == prices


def test_a_failed_apply_leaves_the_request_approved_and_can_be_retried(
    raise_request, people, prospect
):
    from django.core.exceptions import ValidationError

    request = raise_request("supplier_approval", people["analyst"], prospect)
    # The supplier exits before the sign-off lands: approving it cannot be applied.
    type(prospect).objects.filter(pk=prospect.pk).update(status="exited")
    request = services.decision_request_sign_off(actor=people["catman"], request=request)
    assert request.state == "approved"
    assert "exited" in request.apply_error
    assert AuditEvent.objects.filter(action="apply_failed", object_id=str(request.pk)).exists()
    with pytest.raises(ValidationError):
        services.decision_request_apply(actor=people["analyst"], request=request)
    # Brought back (suspended suppliers may be approved), the retry applies it.
    type(prospect).objects.filter(pk=prospect.pk).update(status="suspended")
    request = services.decision_request_apply(actor=people["analyst"], request=request)
    assert request.state == "applied" and request.apply_error == ""
    assert DecisionRequest.objects.get(pk=request.pk).state == "applied"
