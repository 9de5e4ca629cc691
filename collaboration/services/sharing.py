"""The data-sharing policy per supplier."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from srm.core.services import model_create, model_update
from suppliers.models import Supplier

from ..models import (
    SharingDataset,
    SharingPolicy,
)
from .common import check_supplier


@transaction.atomic
def sharing_policy_set(
    *, actor, supplier: Supplier, datasets: Iterable[str], note: str = ""
) -> SharingPolicy:
    """Publish exactly ``datasets`` to the supplier's collaborators (the rest is withheld)."""
    datasets = set(datasets)
    unknown = datasets - set(SharingDataset.values)
    if unknown:
        raise ValidationError({"datasets": f"Unknown data sets: {', '.join(sorted(unknown))}."})
    flags = {d: d in datasets for d in SharingDataset.values}
    existing = SharingPolicy.objects.filter(supplier=supplier).first()
    if existing is None:
        check_supplier(actor=actor, model=SharingPolicy, action="add", supplier=supplier)
        return model_create(
            actor=actor,
            model=SharingPolicy,
            data={"supplier": supplier, "note": note, **flags},
        )
    check_supplier(actor=actor, model=SharingPolicy, action="change", supplier=supplier)
    policy, _ = model_update(actor=actor, instance=existing, data={"note": note, **flags})
    return policy
