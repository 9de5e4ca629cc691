"""The contract page's decisions card (a ``suppliers.contract_terms`` panel): the decision
requests on the contract, and for a contract in force the requests that change it (price /
terms, service level, termination) pre-filled, since its terms change only by decision."""

from srm.core import permissions
from suppliers.contract_terms import ContractPanel

from .models import DecisionEffect, DecisionRequest, DecisionType

CHANGE_EFFECTS = (
    DecisionEffect.CONTRACT_PRICE,
    DecisionEffect.SERVICE_LEVEL,
    DecisionEffect.CONTRACT_TERMINATION,
)


def contract_decisions_context(user, contract) -> dict | None:
    if not permissions.can(user, "view", DecisionRequest):
        return None
    decisions = list(
        permissions.restrict(DecisionRequest.objects.filter(contract=contract), user)
        .select_related("decision_type", "requester")
        .order_by("-created_at")[:20]
    )
    raise_types = []
    if contract.status == "active" and permissions.can_supplier(
        user, DecisionRequest, "add", contract.supplier_id
    ):
        raise_types = list(
            DecisionType.objects.filter(effect__in=CHANGE_EFFECTS, is_active=True).values(
                "code", "name"
            )
        )
    return {"decisions": decisions, "raise_types": raise_types, "contract": contract}


PANEL = ContractPanel(
    key="decisions",
    template="governance/_contract_decisions.html",
    context=contract_decisions_context,
    order=20,
)
