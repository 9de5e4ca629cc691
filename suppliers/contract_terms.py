"""Reads about a contract's terms that more than one room needs: whether its notice
deadline is handled (a successor term, or a termination asked for), and which price lines
or service levels clash with a new one.

Termination is a governance decision, a layer above: governance registers the expression
that tells whether one is pending (``register_termination_pending``) in its ``ready()``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, Expression, OuterRef, Value
from django.db.models.fields import BooleanField

_termination_pending: list[Callable[[], Expression]] = []


def register_termination_pending(fn: Callable[[], Expression]) -> None:
    """``fn()`` returns a boolean expression over ``OuterRef("pk")`` of a contract: true
    when a termination decision on it is submitted, approved or applied."""
    _termination_pending[:] = [fn]


def notice_annotations() -> dict[str, Expression]:
    """``has_successor`` and ``termination_pending`` for a contract queryset: two
    subqueries in the list's one query, whatever the number of rows."""
    from .models import Contract

    pending = (
        _termination_pending[0]()
        if _termination_pending
        else Value(False, output_field=BooleanField())
    )
    return {
        "has_successor": Exists(Contract.objects.filter(previous=OuterRef("pk"))),
        "termination_pending": pending,
    }


def contract_notice_handled(contract) -> bool:
    """One row's answer, for a page that shows one contract."""
    from .models import Contract

    row = (
        Contract.objects.filter(pk=contract.pk)
        .annotate(**notice_annotations())
        .values("has_successor", "termination_pending")
        .first()
    )
    return bool(row and (row["has_successor"] or row["termination_pending"]))


def overlaps(a_from: date, a_to: date | None, b_from: date, b_to: date | None) -> bool:
    """Whether two validity spans share a day (an empty end is open-ended)."""
    return (b_to is None or a_from <= b_to) and (a_to is None or b_from <= a_to)


def clashes(lines: Iterable, valid_from: date, valid_to: date | None) -> list:
    """The lines (price lines or service levels) whose validity overlaps the span."""
    return [
        line for line in lines if overlaps(valid_from, valid_to, line.effective_from, line.valid_to)
    ]


# --- panels other apps add to the contract page (governance: its decisions) --------------


@dataclass(frozen=True)
class ContractPanel:
    """A card on the contract page: ``context(user, contract)`` asks the choke point and
    returns the template's context, or ``None`` to decline; at most a query or two."""

    key: str
    template: str
    context: Callable
    order: int = 50


CONTRACT_PANELS: list[ContractPanel] = []


def register_contract_panels(*panels: ContractPanel) -> None:
    for panel in panels:
        if all(p.key != panel.key for p in CONTRACT_PANELS):
            CONTRACT_PANELS.append(panel)
    CONTRACT_PANELS.sort(key=lambda p: p.order)


def contract_panels_for(user, contract) -> list[dict]:
    shown = []
    for panel in CONTRACT_PANELS:
        context = panel.context(user, contract)
        if context is not None:
            shown.append({"key": panel.key, "template": panel.template, "context": context})
    return shown
