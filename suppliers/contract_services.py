"""Writes of contracts, their price lines and service levels (the services room of the
suppliers app, split out by subject). Each validates, writes and audits in one transaction.

A contract lives draft → active → expired | terminated. While it is a draft its price
lines and service levels are edited directly (``price_line_save``, ``service_level_save``);
once active they change only by an applied decision (``contract_price_set``,
``service_level_set``, called by governance) and it ends by a termination decision
(``contract_terminate``) or by running out (``contracts_expire_due``).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext
from django_fsm import can_proceed

from srm.audit.services import audit_record
from srm.core import permissions
from srm.core.services import model_create, model_delete, model_update

from . import freshness
from .contract_terms import clashes
from .models import Contract, ContractPrice, ContractStatus, Item, Receipt, ServiceLevel, Supplier

CONTRACT_FIELDS = (
    "title",
    "start_date",
    "end_date",
    "notice_period_days",
    "renewal_date",
    "auto_renew",
    "currency",
    "owner",
    "negotiation_notes",
)
# What may still change on a contract in force; its terms change only by decision.
ACTIVE_CONTRACT_FIELDS = ("title", "owner", "negotiation_notes")


def _lock(contract: Contract) -> Contract:
    return Contract.objects.select_for_update(of=("self",), no_key=True).get(pk=contract.pk)


def _check_number_free(number: str) -> None:
    if Contract.objects.filter(number=number).exists():
        message = gettext("Contract %(number)s exists.") % {"number": number}
        raise ValidationError({"number": message})


def _check_terms(*, supplier: Supplier, values: dict) -> None:
    """Dates in order and an owner who may see the contract (field errors)."""
    errors = {}
    start, end = values.get("start_date"), values.get("end_date")
    renewal = values.get("renewal_date")
    if start and end and end < start:
        errors["end_date"] = gettext("The end date is before the start date.")
    if renewal and start and end and not start <= renewal <= end:
        errors["renewal_date"] = gettext("The renewal date must fall within the term.")
    owner = values.get("owner")
    if owner is not None and (
        not owner.is_active or not permissions.can_supplier(owner, Contract, "view", supplier.pk)
    ):
        errors["owner"] = gettext("%(user)s cannot see this supplier's contracts.") % {
            "user": owner.get_username()
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def contract_create(*, actor, supplier: Supplier, number: str, **fields) -> Contract:
    """Register a contract as a draft, for a supplier within the actor's reach."""
    unknown = set(fields) - set(CONTRACT_FIELDS) - {"status"}
    if unknown:
        raise ValidationError(f"Unknown contract fields: {', '.join(sorted(unknown))}.")
    if fields.pop("status", ContractStatus.DRAFT) != ContractStatus.DRAFT:
        raise ValidationError({"status": gettext("A new contract starts as a draft.")})
    if not permissions.can_supplier(actor, Contract, "add", supplier.pk):
        raise PermissionDenied(gettext("That supplier is outside your categories."))
    _check_number_free(number)
    _check_terms(supplier=supplier, values=fields)
    return model_create(
        actor=actor, model=Contract, data={"supplier": supplier, "number": number, **fields}
    )


@transaction.atomic
def contract_update(*, actor, contract: Contract, data: dict) -> Contract:
    """Change a contract; once it is in force only its title, owner and notes (terms and
    prices change by decision)."""
    unknown = set(data) - set(CONTRACT_FIELDS)
    if unknown:
        raise ValidationError(f"Cannot change {', '.join(sorted(unknown))} here.")
    contract = _lock(contract)
    if not contract.is_draft:
        frozen = sorted(
            f for f in set(data) - set(ACTIVE_CONTRACT_FIELDS) if getattr(contract, f) != data[f]
        )
        if frozen:
            message = gettext(
                "The contract is %(status)s: its terms change only by a decision request."
            ) % {"status": contract.get_status_display()}
            raise ValidationError(dict.fromkeys(frozen, message))
    values = {f: getattr(contract, f) for f in CONTRACT_FIELDS} | data
    _check_terms(supplier=contract.supplier, values=values)
    contract, _ = model_update(actor=actor, instance=contract, data=data)
    return contract


def _move(*, actor, contract: Contract, method: str, reason: str = "") -> Contract:
    before = contract.status
    transition = getattr(contract, method)
    if not can_proceed(transition):
        raise ValidationError(
            {
                "status": gettext("A %(status)s contract cannot be %(move)s.")
                % {"status": contract.get_status_display(), "move": method}
            }
        )
    transition()
    contract.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=f"transition:{contract.status}",
        instance=contract,
        before={"status": before},
        after={"status": contract.status, "reason": reason},
    )
    return contract


@transaction.atomic
def contract_activate(*, actor, contract: Contract, reason: str = "") -> Contract:
    """Put a draft in force. It needs an owner and at least one price line; from now on
    its prices and service levels change only by decision."""
    contract = _lock(contract)
    errors = {}
    if contract.owner_id is None:
        errors["owner"] = gettext("Name the contract's owner before activating it.")
    if contract.is_draft and not contract.prices.exists():
        errors["prices"] = gettext("Add at least one price line before activating.")
    if errors:
        raise ValidationError(errors)
    return _move(actor=actor, contract=contract, method="activate", reason=reason)


@transaction.atomic
def contract_transition(*, actor, contract: Contract, target: str, reason: str = "") -> Contract:
    """The status control of the contract page: only activation is a free move; a
    contract expires by itself and is terminated by an applied decision."""
    if target != ContractStatus.ACTIVE:
        raise ValidationError(
            {"status": gettext("A contract is terminated by a contract termination decision.")}
        )
    return contract_activate(actor=actor, contract=contract, reason=reason)


@transaction.atomic
def contract_terminate(
    *, actor, contract: Contract, effective_on: date | None = None, reason: str = ""
) -> Contract:
    """End an active contract (the effect of an applied contract termination decision);
    an effective date before its end date becomes its end date."""
    contract = _lock(contract)
    if effective_on and contract.start_date <= effective_on < contract.end_date:
        before = {"end_date": contract.end_date.isoformat()}
        contract.end_date = effective_on
        if contract.renewal_date and contract.renewal_date > effective_on:
            contract.renewal_date = None
        contract.save(update_fields=["end_date", "renewal_date", "updated_at"])
        audit_record(
            actor=actor,
            action="update",
            instance=contract,
            before=before,
            after={"end_date": effective_on.isoformat(), "reason": reason},
        )
    return _move(actor=actor, contract=contract, method="terminate", reason=reason)


@transaction.atomic
def contracts_expire_due(*, today: date | None = None) -> int:
    """Expire active contracts whose end date has passed and that do not renew by
    themselves; the daily run calls it. Returns how many expired."""
    from srm.core.actors import SYSTEM

    today = today or timezone.localdate()
    due = Contract.objects.select_for_update(no_key=True).filter(
        status=ContractStatus.ACTIVE, end_date__lt=today, auto_renew=False
    )
    count = 0
    for contract in due:
        _move(actor=SYSTEM, contract=contract, method="expire", reason="end date passed")
        count += 1
    return count


def _next_number(number: str) -> str:
    match = re.match(r"^(.*)-R(\d+)$", number)
    if match:
        return f"{match.group(1)}-R{int(match.group(2)) + 1}"
    return f"{number}-R2"


@transaction.atomic
def contract_renew(*, actor, contract: Contract, number: str = "") -> Contract:
    """Draft the next term of a contract: the same length starting the day after it ends,
    with the price lines and service levels in force at its end moved to the new start.
    One next term per contract (``previous``)."""
    contract = _lock(contract)
    if contract.status not in (ContractStatus.ACTIVE, ContractStatus.EXPIRED):
        raise ValidationError(
            {"status": gettext("Only an active or expired contract can be renewed.")}
        )
    if Contract.objects.filter(previous=contract).exists():
        raise ValidationError({"status": gettext("This contract already has a next term.")})
    if not permissions.can_supplier(actor, Contract, "add", contract.supplier_id):
        raise PermissionDenied(gettext("That supplier is outside your categories."))
    shift = contract.end_date - contract.start_date + timedelta(days=1)
    start = contract.end_date + timedelta(days=1)
    number = number or _next_number(contract.number)
    _check_number_free(number)
    term = model_create(
        actor=actor,
        model=Contract,
        data={
            "supplier": contract.supplier,
            "number": number,
            "previous": contract,
            "title": contract.title,
            "start_date": start,
            "end_date": contract.end_date + shift,
            "renewal_date": contract.renewal_date + shift if contract.renewal_date else None,
            "notice_period_days": contract.notice_period_days,
            "auto_renew": contract.auto_renew,
            "currency": contract.currency,
            "owner": contract.owner,
            "negotiation_notes": contract.negotiation_notes,
        },
    )
    end = contract.end_date
    in_force = Q(effective_from__lte=end) & (Q(valid_to__isnull=True) | Q(valid_to__gte=end))
    for line in contract.prices.filter(in_force).select_related("item"):
        model_create(
            actor=actor,
            model=ContractPrice,
            data={
                "contract": term,
                "item": line.item,
                "unit_price": line.unit_price,
                "currency": line.currency,
                "effective_from": start,
            },
        )
    for level in contract.service_levels.filter(in_force):
        model_create(
            actor=actor,
            model=ServiceLevel,
            data={
                "contract": term,
                "metric": level.metric,
                "target": level.target,
                "effective_from": start,
            },
        )
    return term


# --- price lines and service levels -------------------------------------------------------


def _require_draft(contract: Contract, what: str) -> None:
    if not contract.is_draft:
        raise ValidationError(
            gettext(
                "Contract %(number)s is %(status)s: its %(what)s change only by a decision request."
            )
            % {"number": contract.number, "status": contract.get_status_display(), "what": what}
        )


def _check_add_reach(actor, model, contract: Contract, existing) -> None:
    """A new line needs the add permission for the contract's supplier (page, API and
    import alike); a changed one was reached by the caller (404 / 403 there)."""
    if existing is None and not permissions.can_supplier(actor, model, "add", contract.supplier_id):
        raise PermissionDenied(gettext("That contract is outside your categories."))


def _check_span(contract: Contract, valid_from: date, valid_to: date | None) -> None:
    errors = {}
    if valid_to is not None and valid_to < valid_from:
        errors["valid_to"] = gettext("Valid to is before valid from.")
    if not contract.start_date <= valid_from <= contract.end_date:
        errors["valid_from"] = gettext("Valid from must fall within the contract's term.")
    elif valid_to is not None and valid_to > contract.end_date:
        errors["valid_to"] = gettext("Valid to must fall within the contract's term.")
    if errors:
        raise ValidationError(errors)


def _refuse_clashes(others, valid_from: date, valid_to: date | None) -> None:
    clashing = clashes(others, valid_from, valid_to)
    if clashing:
        raise ValidationError(
            {
                "valid_from": gettext("Overlaps %(lines)s.")
                % {"lines": "; ".join(line.label() for line in clashing)}
            }
        )


@transaction.atomic
def price_line_save(
    *,
    actor,
    contract: Contract,
    item: Item,
    unit_price: Decimal,
    valid_from: date,
    valid_to: date | None = None,
    currency: str = "",
    line: ContractPrice | None = None,
) -> ContractPrice:
    """Add (or change ``line``) a price line on a draft contract. Lines of one item may not
    overlap: the error names the clashing lines."""
    contract = _lock(contract)
    _require_draft(contract, gettext("prices"))
    _check_add_reach(actor, ContractPrice, contract, line)
    if line is not None and line.contract_id != contract.pk:
        raise ValidationError(gettext("That price line is on another contract."))
    _check_span(contract, valid_from, valid_to)
    others = contract.prices.filter(item=item).select_related("item")
    if line is not None:
        others = others.exclude(pk=line.pk)
    _refuse_clashes(others, valid_from, valid_to)
    data = {
        "item": item,
        "unit_price": unit_price,
        "currency": currency or contract.currency,
        "effective_from": valid_from,
        "valid_to": valid_to,
    }
    if line is None:
        saved = model_create(actor=actor, model=ContractPrice, data={"contract": contract, **data})
    else:
        saved, _ = model_update(actor=actor, instance=line, data=data)
    repriced = Receipt.objects.filter(contract=contract, item=item)
    receipts_reprice(receipts=repriced)
    freshness.scores_stale(freshness.receipt_months(repriced))
    return saved


@transaction.atomic
def price_line_delete(*, actor, line: ContractPrice) -> None:
    contract = _lock(line.contract)
    _require_draft(contract, gettext("prices"))
    if not permissions.can_object(actor, "delete", line):
        raise PermissionDenied(gettext("You may not remove price lines."))
    item_id = line.item_id
    model_delete(actor=actor, instance=line)
    repriced = Receipt.objects.filter(contract=contract, item_id=item_id)
    receipts_reprice(receipts=repriced)
    freshness.scores_stale(freshness.receipt_months(repriced))


@transaction.atomic
def service_level_save(
    *,
    actor,
    contract: Contract,
    metric: str,
    target: Decimal,
    valid_from: date,
    valid_to: date | None = None,
    level: ServiceLevel | None = None,
) -> ServiceLevel:
    """Add (or change ``level``) a service-level target on a draft contract; targets of one
    measure may not overlap."""
    contract = _lock(contract)
    _require_draft(contract, gettext("service levels"))
    _check_add_reach(actor, ServiceLevel, contract, level)
    if level is not None and level.contract_id != contract.pk:
        raise ValidationError(gettext("That service level is on another contract."))
    _check_span(contract, valid_from, valid_to)
    others = contract.service_levels.filter(metric=metric)
    if level is not None:
        others = others.exclude(pk=level.pk)
    _refuse_clashes(others, valid_from, valid_to)
    data = {"metric": metric, "target": target, "effective_from": valid_from, "valid_to": valid_to}
    if level is None:
        return model_create(actor=actor, model=ServiceLevel, data={"contract": contract, **data})
    saved, _ = model_update(actor=actor, instance=level, data=data)
    return saved


@transaction.atomic
def service_level_delete(*, actor, level: ServiceLevel) -> None:
    _require_draft(_lock(level.contract), gettext("service levels"))
    if not permissions.can_object(actor, "delete", level):
        raise PermissionDenied(gettext("You may not remove service levels."))
    model_delete(actor=actor, instance=level)


def _supersede(*, actor, lines, effective_from: date) -> date | None:
    """Make room for a decided line from ``effective_from``: the line in force that day
    ends the day before; returns the day before the next later line starts (the new line's
    end), or ``None``."""
    for line in lines.filter(effective_from__lt=effective_from).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=effective_from)
    ):
        model_update(
            actor=actor, instance=line, data={"valid_to": effective_from - timedelta(days=1)}
        )
    later = lines.filter(effective_from__gt=effective_from).order_by("effective_from").first()
    return later.effective_from - timedelta(days=1) if later else None


@transaction.atomic
def contract_price_set(
    *, actor, contract: Contract, item: Item, unit_price: Decimal, effective_from: date
) -> ContractPrice:
    """Put a decided price on the contract's price list from ``effective_from`` (the effect
    of an applied price/terms change): the line in force that day ends the day before.

    Receipts ordered on or after that date are measured against it (cost
    variance); earlier receipts keep the price that was in force then.
    """
    contract = _lock(contract)
    lines = ContractPrice.objects.filter(contract=contract, item=item)
    existing = lines.filter(effective_from=effective_from).first()
    if existing:
        price, _ = model_update(actor=actor, instance=existing, data={"unit_price": unit_price})
    else:
        valid_to = _supersede(actor=actor, lines=lines, effective_from=effective_from)
        price = model_create(
            actor=actor,
            model=ContractPrice,
            data={
                "contract": contract,
                "item": item,
                "unit_price": unit_price,
                "currency": contract.currency,
                "effective_from": effective_from,
                "valid_to": valid_to,
            },
        )
    repriced = Receipt.objects.filter(contract=contract, item=item, order_date__gte=effective_from)
    receipts_reprice(receipts=repriced)
    freshness.scores_stale(freshness.receipt_months(repriced))
    return price


def receipts_reprice(*, receipts) -> int:
    """Resolve ``contract_unit_price`` of these receipts: the price line of their contract
    and item valid on the order date. One set-based UPDATE."""
    in_force = (
        ContractPrice.objects.filter(
            contract=OuterRef("contract"),
            item=OuterRef("item"),
            effective_from__lte=OuterRef("order_date"),
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=OuterRef("order_date")))
        .order_by("-effective_from")
        .values("unit_price")[:1]
    )
    return receipts.update(contract_unit_price=Subquery(in_force))


@transaction.atomic
def service_level_set(
    *, actor, contract: Contract, metric: str, target: Decimal, effective_from: date
) -> ServiceLevel:
    """Set the contract's service-level target for ``metric`` from ``effective_from`` (the
    effect of an applied service-level change): the target in force that day ends the day
    before."""
    contract = _lock(contract)
    levels = ServiceLevel.objects.filter(contract=contract, metric=metric)
    existing = levels.filter(effective_from=effective_from).first()
    if existing:
        level, _ = model_update(actor=actor, instance=existing, data={"target": target})
        return level
    valid_to = _supersede(actor=actor, lines=levels, effective_from=effective_from)
    return model_create(
        actor=actor,
        model=ServiceLevel,
        data={
            "contract": contract,
            "metric": metric,
            "target": target,
            "effective_from": effective_from,
            "valid_to": valid_to,
        },
    )
