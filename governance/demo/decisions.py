"""Demo decisions in every state, taken through the real services and then dated back."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from srm.accounts.roles import RoleCode
from srm.core.demo import DemoContext
from srm.core.permissions import granted_category_ids
from suppliers import services as supplier_services
from suppliers.lifecycle import lifecycle_bypass
from suppliers.models import ContractStatus, ServiceLevelMetric, SupplierEvent, SupplierStatus

from .. import services
from ..models import (
    ActionItem,
    DecisionRequest,
    DecisionType,
    SignOff,
)
from .common import aware, month_start

# (months back, what happens) for the price changes, oldest first.
PRICE_PLAN = [
    (22, "apply"),
    (20, "apply"),
    (18, "apply"),
    (16, "reject"),
    (14, "apply"),
    (12, "apply"),
    (10, "apply"),
    (8, "apply"),
    (6, "reject"),
    (4, "apply"),
    (3, "apply"),
    (1, "reject"),
    (1, "apply"),
    (1, "half"),
    (0, "wait"),
]


def _backdate_decision(decision: DecisionRequest, submitted: datetime, decided: datetime | None):
    """Move a decision (and its sign-offs and timeline entries) to the story's dates."""
    DecisionRequest.objects.filter(pk=decision.pk).update(
        created_at=submitted - timedelta(hours=3),
        submitted_at=submitted if decision.state != DecisionRequest.State.DRAFT else None,
        decided_at=decided if decision.decided_at else None,
        applied_at=decided + timedelta(minutes=1) if decision.applied_at and decided else None,
    )
    signed = list(decision.sign_offs.order_by("signed_at", "pk"))
    for index, sign_off in enumerate(signed):
        when = (
            decided
            if decided and index == len(signed) - 1
            else submitted + timedelta(hours=20 * (index + 1))
        )
        SignOff.objects.filter(pk=sign_off.pk).update(signed_at=when)
    if decided:
        SupplierEvent.objects.filter(link=decision.get_absolute_url()).update(occurred_at=decided)


def _raise(actor, decision_type, supplier, title, **fields) -> DecisionRequest:
    return services.decision_request_create(
        actor=actor,
        decision_type=decision_type,
        supplier=supplier,
        title=title,
        justification=fields.pop("justification"),
        risk_impact=fields.pop("risk_impact"),
        **fields,
    )


def _sign(decision, signers, *, reject_with: str = ""):
    for index, signer in enumerate(signers):
        last = index == len(signers) - 1
        decision = services.decision_request_sign_off(
            actor=signer,
            request=decision,
            approve=not (reject_with and last),
            comment=reject_with if reject_with and last else "Agreed.",
        )
    return decision


def seed_decisions(ctx: DemoContext, users, suppliers) -> int:
    rng, today = ctx.rng, ctx.today
    types = {t.code: t for t in DecisionType.objects.all()}
    catman = users[RoleCode.CATEGORY_MANAGER]
    contracts_owner = users[RoleCode.CONTRACT_OWNER]
    finance = users[RoleCode.FINANCE_APPROVER]
    ops = users[RoleCode.OPERATIONS_LEAD]
    analyst = users[RoleCode.PROCUREMENT_ANALYST]
    sponsor = users[RoleCode.EXECUTIVE_SPONSOR]
    steering = users[RoleCode.STEERING_COMMITTEE]
    items = ctx.shared.get("supplier_items", {})
    catman_categories = set(granted_category_ids(catman).values_list("pk", flat=True))

    def in_catman_reach(supplier) -> bool:
        return any(c.pk in catman_categories for c in getattr(supplier, "demo_categories", []))

    # ``contracts`` is {supplier id: [contracts]} from the suppliers seeder.
    all_contracts = [c for cs in ctx.shared.get("contracts", {}).values() for c in cs]
    active_contracts = [
        c
        for c in all_contracts
        if c.status == ContractStatus.ACTIVE
        and c.supplier.status == SupplierStatus.APPROVED
        and items.get(c.supplier_id)
    ]
    # Price changes need the category manager of the supplier: only the demo category
    # manager's categories have one, as in a real organisation with one manager per area.
    priced = [c for c in active_contracts if in_catman_reach(c.supplier)]
    rng.shuffle(priced)
    # With one contract owner and one operations lead in the demo, a standard
    # service-level change is raised by the category manager, so both can sign it.
    sla_contracts = priced[len(PRICE_PLAN) :] or priced[:]
    rng.shuffle(sla_contracts)
    count = 0

    # Price changes across the two years: most applied, a few rejected, two waiting.
    # Newest first, so a small demo (few contracts) still has requests waiting.
    plan = list(zip(priced, reversed(PRICE_PLAN), strict=False))
    for index, (contract, (back, story)) in reversed(list(enumerate(plan))):
        item, base = rng.choice(items[contract.supplier_id])
        month = month_start(today, min(back, ctx.months - 1))
        day = rng.randint(18, 22) if story == "half" else rng.randint(2, 12)
        submitted = min(aware(month + timedelta(days=day), 10), timezone.now() - timedelta(days=2))
        decided = submitted + timedelta(days=rng.randint(2, 8))
        change = rng.choice([-0.06, -0.03, 0.02, 0.04, 0.07])
        decision = _raise(
            analyst if index % 3 else contracts_owner,
            types["price_change"],
            contract.supplier,
            f"{'Reduce' if change < 0 else 'Raise'} {item.code} price {abs(change):.0%} "
            f"({contract.number})",
            justification="Annual price review against index and volume; "
            + ("volume rebate agreed." if change < 0 else "raw material surcharge accepted."),
            risk_impact="Low: no change of source; cost variance baseline moves.",
            contract=contract,
            item=item,
            proposed_unit_price=Decimal(str(round(base * (1 + change), 2))),
            effective_from=(month + timedelta(days=32)).replace(day=1),
        )
        services.decision_request_submit(actor=decision.requester, request=decision)
        if story == "apply":
            _sign(decision, [catman, finance])
        elif story == "reject":
            _sign(decision, [catman, finance], reject_with="The index does not support it.")
        elif story == "half":
            # Waiting for finance: the category manager has signed.
            _sign(decision, [catman])
        decision.refresh_from_db()
        _backdate_decision(decision, submitted, decided if decision.decided_at else None)
        count += 1

    # Service-level changes: standard and urgent (quick path with the follow-up action).
    for index, contract in enumerate(sla_contracts[:6]):
        back = min(ctx.months - 1, 1 + index * 3)
        month = month_start(today, back)
        submitted = aware(month + timedelta(days=rng.randint(3, 20)), 11)
        urgent = index % 3 == 0
        decision = _raise(
            ops if urgent else catman,
            types["sla_change"],
            contract.supplier,
            f"{'Urgent: ' if urgent else ''}OTIF target for {contract.number}",
            justification="Align the OTIF target with the new replenishment cycle.",
            risk_impact="Medium: a looser target for two quarters while the line moves.",
            urgent=urgent,
            contract=contract,
            sla_metric=ServiceLevelMetric.OTIF,
            sla_target=Decimal(rng.choice(["92", "94", "96", "97"])),
            effective_from=month + timedelta(days=27),
        )
        services.decision_request_submit(actor=decision.requester, request=decision)
        if urgent:
            _sign(decision, [contracts_owner])
        elif index % 3 == 2:
            _sign(
                decision,
                [contracts_owner, ops],
                reject_with="Operations cannot hold that target through the line move.",
            )
        else:
            _sign(decision, [contracts_owner, ops])
        decision.refresh_from_db()
        decided = submitted + timedelta(days=1 if urgent else 4)
        _backdate_decision(decision, submitted, decided if decision.decided_at else None)
        if urgent:
            follow_up = ActionItem.objects.filter(decision_request=decision)
            due = (decided + timedelta(days=5)).date()
            follow_up.update(due_date=due, created_at=decided)
            if due < today - timedelta(days=30):
                # The operations lead did the review long ago.
                follow_up.update(
                    status=ActionItem.Status.DONE, completed_at=decided + timedelta(days=4)
                )
        count += 1

    # Supplier approvals: standard and high impact; one still waiting; one whose apply
    # failed because the supplier exited in the meantime.
    threshold = types["supplier_approval"].high_impact_spend or Decimal("1000000")
    waiting = [
        s for s in suppliers if s.status in (SupplierStatus.PROSPECT, SupplierStatus.ONBOARDING)
    ]
    standard = [s for s in waiting if in_catman_reach(s) and s.expected_annual_spend < threshold]
    high = [s for s in waiting if s.expected_annual_spend >= threshold]
    # Each story takes its own supplier; the first ones matter most for a small demo
    # (approvals that apply come from the high-impact story and the price changes).
    stories = list(zip(["exited", "approve", "wait"], standard, strict=False))
    if high:
        stories.append(("high_impact", high[0]))
    for index, (story, supplier) in enumerate(stories):
        month = month_start(today, 1 if story != "approve" else 2)
        submitted = aware(month + timedelta(days=5 + index * 3), 9)
        decision = _raise(
            analyst,
            types["supplier_approval"],
            supplier,
            f"Approve {supplier.name}",
            justification="Second source for the category; audit passed, samples accepted.",
            risk_impact="Onboarding risk only; dual sourcing lowers supply risk.",
        )
        services.decision_request_submit(actor=analyst, request=decision)
        decided = submitted + timedelta(days=6)
        if story == "approve":
            _sign(decision, [catman])
        elif story == "high_impact":
            _sign(decision, [sponsor, steering])
        elif story == "wait":
            decided = None
        elif story == "exited":
            # The supplier walked away itself: history, recorded past the lifecycle gate.
            with lifecycle_bypass("Supplier withdrew from the tender (demo history)"):
                supplier_services.supplier_transition(
                    actor=analyst,
                    supplier=type(supplier).objects.get(pk=supplier.pk),
                    target=SupplierStatus.EXITED,
                    reason="Withdrew from the tender.",
                )
            _sign(decision, [catman])
        decision.refresh_from_db()
        _backdate_decision(decision, submitted, decided if decision.decided_at else None)
        count += 1

    # Two drafts still being written.
    for contract in (sla_contracts[6:8] or priced)[:2]:
        _raise(
            contracts_owner,
            types["sla_change"],
            contract.supplier,
            f"Response-time target for {contract.number}",
            justification="Draft: the supplier asks for 72 hours.",
            risk_impact="To be assessed.",
            contract=contract,
            sla_metric=ServiceLevelMetric.RESPONSE_HOURS,
            sla_target=Decimal("72"),
            effective_from=today + timedelta(days=30),
        )
        count += 1

    # Own requests of the only holder of a role (issue 11): the category manager's own
    # price change (its category-manager step goes to the executive sponsor, the fallback)
    # and the operations lead's own service-level change (its operations-lead step goes
    # to the supplier's category manager). Both wait, and both can be signed.
    own = [
        (catman, types["price_change"], contract)
        for contract in priced[len(PRICE_PLAN) + 8 : len(PRICE_PLAN) + 9] or priced[-1:]
    ] + [(ops, types["sla_change"], contract) for contract in sla_contracts[8:9] or priced[:1]]
    for actor, decision_type, contract in own:
        item, base = rng.choice(items[contract.supplier_id])
        fields = (
            {"item": item, "proposed_unit_price": Decimal(str(round(base * 1.03, 2)))}
            if decision_type.code == "price_change"
            else {"sla_metric": ServiceLevelMetric.OTIF, "sla_target": Decimal("93")}
        )
        decision = _raise(
            actor,
            decision_type,
            contract.supplier,
            f"{decision_type.name}: {contract.number} (own request)",
            justification="Negotiated by the requester, who holds the only such role.",
            risk_impact="Low.",
            contract=contract,
            effective_from=today + timedelta(days=20),
            **fields,
        )
        services.decision_request_submit(actor=actor, request=decision)
        decision.refresh_from_db()
        _backdate_decision(decision, aware(today - timedelta(days=3), 9), None)
        count += 1
    return count
