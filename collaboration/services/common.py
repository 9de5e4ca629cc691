"""The checks every collaboration service makes before it writes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm import can_proceed

from srm.core import permissions
from suppliers.models import Supplier


def check_supplier(*, actor, model, action: str, supplier: Supplier) -> None:
    if not permissions.can_supplier(actor, model, action, supplier.pk):
        raise PermissionDenied(f"{supplier.code} is outside your reach.")


def check_object(*, actor, action: str, obj) -> None:
    if not permissions.can_object(actor, action, obj):
        raise PermissionDenied("You may not do that here.")


def fsm_transition(*, instance, field: str, method_name: str | None, target: str, **kwargs):
    """Run an FSM transition on ``instance`` in memory and return the field's value
    before it (for the audit); an illegal move is a validation error naming both ends.

    It neither saves nor audits: the caller saves the fields it changed and writes
    the audit record, with whatever else the transition touched."""
    method = getattr(instance, method_name) if method_name else None
    current = getattr(instance, field)
    if method is None or not can_proceed(method):
        raise ValidationError({field: f"Cannot go from {current} to {target}."})
    before = {field: current}
    method(**kwargs)
    return before
