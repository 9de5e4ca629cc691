"""The supplier's latest risk level, read tolerantly.

The high-impact rule of SPEC §3 needs the risk level (high/critical), which the
``risk`` app owns. Governance must keep working when that app has no data yet, is
mid-migration, or is not installed, so this is the one place that asks it, and it
answers ``None`` ("unknown") rather than failing.
"""

from __future__ import annotations

import logging

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, FieldError
from django.db import DatabaseError, transaction

logger = logging.getLogger(__name__)

# Where the risk app keeps a supplier's level, newest first: ``RiskScore`` is the
# current level (one row per supplier, written by the recompute); the history is the
# fallback for a supplier whose current row is missing.
CANDIDATES = (
    ("RiskScore", "level", ("-as_of", "-pk")),
    ("RiskScoreHistory", "level", ("-as_of", "-pk")),
)


def _ordering(model, fields: tuple[str, ...]) -> list[str]:
    names = {f.name for f in model._meta.get_fields()}
    return [f for f in fields if f.lstrip("-") in names] or ["-pk"]


def supplier_risk_level(supplier) -> str | None:
    """``"low" | "medium" | "high" | "critical"`` or ``None`` when there is no risk data."""
    if supplier is None or not apps.is_installed("risk"):
        return None
    for model_name, field, order in CANDIDATES:
        try:
            model = apps.get_model("risk", model_name)
            model._meta.get_field(field)
            model._meta.get_field("supplier")
        except (LookupError, FieldDoesNotExist):
            continue
        try:
            # A savepoint, so a missing table does not poison the caller's transaction.
            with transaction.atomic():
                value = (
                    model._default_manager.filter(supplier=supplier)
                    .exclude(**{f"{field}__isnull": True})
                    .order_by(*_ordering(model, order))
                    .values_list(field, flat=True)
                    .first()
                )
        except (DatabaseError, FieldError) as exc:
            logger.info("risk level unavailable from risk.%s: %s", model_name, exc)
            continue
        if value:
            return str(value).lower()
    return None
