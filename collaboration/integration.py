"""Where the portal meets governance: requests to the supplier and disputes.

Governance owns the supplier-request model (``SupplierRequest``, data set
``requests`` of the sharing policy) and the services ``supplier_request_answer`` and
``dispute_open``. They are looked up here, once, so the collaboration app neither
imports governance at load time nor breaks while governance is absent.
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps


def supplier_request_model():
    """Governance's model of requests to a supplier, or ``None`` when there is none."""
    try:
        return apps.get_model("governance", "SupplierRequest")
    except LookupError:
        return None


def governance_service(name: str):
    """A service function of ``governance.services`` by name, or ``None``."""
    try:
        module = import_module("governance.services")
    except ImportError:
        return None
    return getattr(module, name, None)
