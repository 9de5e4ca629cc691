"""Reads of the suppliers domain. Each takes the user, so permission filtering happens here."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Max, Q, QuerySet
from django.shortcuts import get_object_or_404

from srm.core import permissions
from srm.core.permissions import can, restrict

from .models import (
    CERTIFICATE_WARNING_DAYS,
    RENEWAL_WARNING_DAYS,
    Certificate,
    Contract,
    ContractPrice,
    ImportBatch,
    Item,
    Receipt,
    RelationshipOwner,
    ServiceLevel,
    Supplier,
    SupplierContact,
    SupplierEvent,
)
from .supplier_list import annotate_supplier_list


def supplier_list(*, user) -> QuerySet[Supplier]:
    suppliers = (
        restrict(Supplier.objects.all(), user)
        .select_related("relationship_owner")
        .prefetch_related("categories")
    )
    # What scorecards and risk add (current standing: two subqueries; risk level, composite
    # and Kraljic segment: one LEFT JOIN), empty for users without access to them.
    return annotate_supplier_list(suppliers, user=user)


def supplier_get(*, user, code: str) -> Supplier:
    """The supplier with this code, or 404 when it does not exist or is outside the user's reach."""
    return get_object_or_404(
        restrict(Supplier.objects.select_related("relationship_owner"), user), code=code
    )


def supplier_contracts(*, user, supplier: Supplier) -> QuerySet[Contract]:
    return restrict(Contract.objects.filter(supplier=supplier), user).select_related("owner")


def supplier_certificates(*, user, supplier: Supplier) -> QuerySet[Certificate]:
    return restrict(Certificate.objects.filter(supplier=supplier), user)


def supplier_events(*, user, supplier: Supplier, limit: int = 25) -> QuerySet[SupplierEvent]:
    return restrict(SupplierEvent.objects.filter(supplier=supplier), user)[:limit]


def supplier_receipt_summary(*, user, supplier: Supplier) -> dict:
    """Count, first and last receipt date of the supplier (one aggregate query)."""
    if not can(user, "view", Receipt):
        return {}
    return restrict(Receipt.objects.filter(supplier=supplier), user).aggregate(
        lines=Count("pk"), last_received=Max("received_date")
    )


def contract_list(*, user) -> QuerySet[Contract]:
    return restrict(Contract.objects.all(), user).select_related("supplier", "owner")


def contract_prices(*, user, contract: Contract) -> QuerySet[ContractPrice]:
    return restrict(ContractPrice.objects.filter(contract=contract), user).select_related("item")


def contract_service_levels(*, user, contract: Contract) -> QuerySet[ServiceLevel]:
    return restrict(ServiceLevel.objects.filter(contract=contract), user)


def receipt_list(*, user) -> QuerySet[Receipt]:
    return restrict(Receipt.objects.all(), user).select_related("supplier", "item")


def certificates_expiring(*, user, today: date, within_days: int = CERTIFICATE_WARNING_DAYS):
    """Certificates expired or expiring within ``within_days`` (SPEC §7), soonest first."""
    return (
        restrict(Certificate.objects.all(), user)
        .filter(expires_on__lte=today + timedelta(days=within_days))
        .select_related("supplier")
        .order_by("expires_on")
    )


def contracts_renewing(*, user, today: date, within_days: int = RENEWAL_WARNING_DAYS):
    """Active contracts whose renewal (or end) date falls within ``within_days`` (SPEC §4)."""
    horizon = today + timedelta(days=within_days)
    return (
        restrict(Contract.objects.filter(status="active"), user)
        .filter(
            Q(renewal_date__range=(today, horizon))
            | Q(renewal_date__isnull=True, end_date__range=(today, horizon))
        )
        .select_related("supplier", "owner")
        .order_by("renewal_date", "end_date")
    )


def import_batch_list(*, user) -> QuerySet[ImportBatch]:
    return restrict(ImportBatch.objects.all(), user).select_related("uploaded_by")


def item_list(*, user) -> QuerySet[Item]:
    return restrict(Item.objects.all(), user).select_related("category")


def item_get(*, user, code: str) -> Item:
    """The item with this code, or 404."""
    return get_object_or_404(item_list(user=user), code=code)


def item_prices(*, user, item: Item) -> QuerySet[ContractPrice]:
    """The item's price lines on the contracts the user may see (none without the right)."""
    return (
        restrict(ContractPrice.objects.filter(item=item), user)
        .select_related("contract__supplier")
        .order_by("contract__number", "-effective_from")
    )


def item_receipt_summary(*, user, item: Item) -> list[dict]:
    """Per supplier in reach: receipt lines of the item and the last received date
    (one grouped query; empty without the right to see receipts)."""
    if not can(user, "view", Receipt):
        return []
    return list(
        restrict(Receipt.objects.filter(item=item), user)
        .values("supplier__code", "supplier__name")
        .annotate(lines=Count("pk"), last_received=Max("received_date"))
        .order_by("supplier__code")
    )


def contact_list(*, user) -> QuerySet[SupplierContact]:
    """The contacts the user reaches: within their suppliers and on their tracks."""
    return restrict(SupplierContact.objects.all(), user).select_related("supplier")


def relationship_map(*, user, supplier: Supplier) -> list[dict]:
    """The supplier's relationship map: per track the user works on, our owners and their
    contacts (a contact of both tracks on each side). Two queries."""
    contacts = list(restrict(SupplierContact.objects.filter(supplier=supplier), user))
    owners = list(
        restrict(RelationshipOwner.objects.filter(supplier=supplier), user).select_related("user")
    )
    seen = {c_track for c in contacts for c_track in c.tracks} | {o.works_on for o in owners}
    lanes = []
    for track, label in RelationshipOwner.OwnerTrack.choices:
        ours = [o for o in owners if o.works_on == track]
        theirs = [c for c in contacts if track in c.tracks]
        if track in seen or permissions.may_take_track(user, SupplierContact, "view", track):
            lanes.append({"track": track, "label": label, "ours": ours, "theirs": theirs})
    return lanes
