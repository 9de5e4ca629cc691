"""Fixtures of the governance tests: one person per role, a supplier in the category
the category manager is granted and one outside it, and a contract with a price."""

from datetime import date
from decimal import Decimal

import pytest

from governance import services
from governance.models import DecisionType

from ..factories import ContractFactory, ContractPriceFactory, ItemFactory, SupplierFactory


@pytest.fixture
def types(db):
    return {t.code: t for t in DecisionType.objects.all()}


@pytest.fixture
def people(make_user, category_pair):
    """One user per role; the category manager manages the ``granted`` category."""
    granted = category_pair[0]
    return {
        "sponsor": make_user("executive_sponsor", username="sponsor", first_name="Eva"),
        "steering": make_user("steering_committee", username="steering", first_name="Jonas"),
        "catman": make_user("category_manager", username="catman", categories=[granted]),
        "catman2": make_user("category_manager", username="catman2", categories=[granted]),
        "other_catman": make_user(
            "category_manager", username="othercat", categories=[category_pair[1]]
        ),
        "contracts": make_user("contract_owner", username="contracts"),
        "ops": make_user("operations_lead", username="ops", first_name="Priya"),
        "analyst": make_user("procurement_analyst", username="analyst"),
        "finance": make_user("finance_approver", username="finance"),
        "finance2": make_user("finance_approver", username="finance2"),
        "legal": make_user("legal_reviewer", username="legal"),
        "auditor": make_user("auditor", username="auditor"),
        "engineer": make_user("collaboration_member", username="engineer"),
    }


@pytest.fixture
def supplier(scoped_suppliers):
    """A supplier in the category manager's category, below the high-impact spend."""
    inside = scoped_suppliers[0]
    inside.expected_annual_spend = Decimal("250000")
    inside.save()
    return inside


@pytest.fixture
def prospect(category_pair):
    return SupplierFactory(
        categories=[category_pair[0]], status="prospect", expected_annual_spend=Decimal("400000")
    )


@pytest.fixture
def priced_contract(supplier):
    contract = ContractFactory(supplier=supplier)
    item = ItemFactory(code="BOLT-M8")
    ContractPriceFactory(
        contract=contract, item=item, unit_price=Decimal("10.00"), effective_from=date(2024, 1, 1)
    )
    return contract, item


@pytest.fixture
def raise_request(types):
    """``raise_request(kind, actor, supplier, **fields)``: a submitted decision request."""

    def make(kind, actor, supplier, submit=True, **fields):
        fields.setdefault("title", f"{kind} for {supplier.code}")
        fields.setdefault("justification", "Because the numbers say so.")
        fields.setdefault("risk_impact", "Low.")
        request = services.decision_request_create(
            actor=actor, decision_type=types[kind], supplier=supplier, **fields
        )
        if submit:
            request = services.decision_request_submit(actor=actor, request=request)
        return request

    return make


@pytest.fixture
def price_change(raise_request, people, priced_contract):
    contract, item = priced_contract

    def make(price="10.50", effective=date(2026, 3, 1), actor=None):
        return raise_request(
            "price_change",
            actor or people["analyst"],
            contract.supplier,
            contract=contract,
            item=item,
            proposed_unit_price=Decimal(price),
            effective_from=effective,
        )

    return make


@pytest.fixture
def other_supplier(scoped_suppliers):
    """The supplier outside the category manager's categories."""
    return scoped_suppliers[1]
