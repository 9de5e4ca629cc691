"""Who may move a supplier along its lifecycle: the gate every path consults (SPEC §3).

A move is either *free* for the roles that may make it or *governed* by a decision type
(only applying an approved decision of that type makes it). The rights are governance's
data, and governance sits above suppliers, so governance registers the gate here in its
``AppConfig.ready``; with no gate registered every legal move is free (suppliers alone).

The status control on the supplier page, the REST API and the suppliers import all go
through ``supplier_transition`` or ``lifecycle_check``; the one way around a governed move
is ``lifecycle_bypass``, which applying an approved decision uses.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class MoveVerdict:
    """The gate's answer for one move. ``governed_by`` is the decision type's name when
    the move needs a decision (then ``allowed`` is false, ``message`` says which and
    ``raise_url`` opens a decision request for it, pre-filled)."""

    allowed: bool
    message: str = ""
    governed_by: str = ""
    raise_url: str = ""


FREE = MoveVerdict(allowed=True)


class LifecycleGate(Protocol):
    def check(self, *, actor, supplier, source: str, target: str) -> MoveVerdict: ...

    def moved(self, *, actor, supplier, source: str, target: str, reason: str) -> None: ...


_gate: LifecycleGate | None = None
_bypass: ContextVar[str] = ContextVar("lifecycle_bypass", default="")


def register_lifecycle_gate(gate: LifecycleGate | None) -> None:
    global _gate
    _gate = gate


@contextmanager
def lifecycle_bypass(reason: str) -> Iterator[None]:
    """Let the moves inside pass the gate: an approved decision being applied (``reason``
    names it and goes into the audit trail)."""
    token = _bypass.set(reason)
    try:
        yield
    finally:
        _bypass.reset(token)


def bypass_reason() -> str:
    return _bypass.get()


def lifecycle_check(*, actor, supplier, target: str, source: str | None = None) -> MoveVerdict:
    """May ``actor`` move ``supplier`` (from ``source``, default its status) to ``target``?"""
    if _gate is None or _bypass.get():
        return FREE
    return _gate.check(
        actor=actor, supplier=supplier, source=source or supplier.status, target=target
    )


def lifecycle_moved(*, actor, supplier, source: str, target: str, reason: str = "") -> None:
    """Tell the gate a move happened (a suspension informs the sponsor and the agenda)."""
    if _gate is not None:
        _gate.moved(actor=actor, supplier=supplier, source=source, target=target, reason=reason)
