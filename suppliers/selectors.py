"""Reads of the suppliers domain. Each takes the user, so permission filtering happens here."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Max, Q, QuerySet
from django.shortcuts import get_object_or_404

from srm.core import permissions
from srm.core.permissions import can, restrict

from .contract_terms import notice_annotations
from .models import (
    CERTIFICATE_WARNING_DAYS,
    RENEWAL_WARNING_DAYS,
    Certificate,
    Contract,
    ContractPrice,
    Document,
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
    """Contracts within reach, with what the notice flag needs (a successor term, a
    termination asked for) in the same query."""
    return (
        restrict(Contract.objects.all(), user)
        .select_related("supplier", "owner")
        .annotate(**notice_annotations())
    )


def contract_next_term(*, user, contract: Contract) -> Contract | None:
    return restrict(Contract.objects.filter(previous=contract), user).first()


def contract_receipts(*, user, contract: Contract) -> QuerySet[Receipt]:
    """The receipts measured against the contract, newest first."""
    if not can(user, "view", Receipt):
        return Receipt.objects.none()
    return (
        restrict(Receipt.objects.filter(contract=contract), user)
        .select_related("item")
        .order_by("-received_date", "po_number", "po_line")
    )


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
        .annotate(**notice_annotations())  # the notice flag, in the same query
        .order_by("renewal_date", "end_date")
    )


def import_batch_list(*, user) -> QuerySet[ImportBatch]:
    return restrict(ImportBatch.objects.all(), user).select_related("uploaded_by")


def documents_visible(*, user) -> QuerySet[Document]:
    """The documents ``user`` may see: a document in reach whose owner (supplier, contract
    or certificate) the user may see too. One query, whatever the owner."""
    owned = Q(contract__isnull=True, certificate__isnull=True) & Q(
        supplier__in=restrict(Supplier.objects.all(), user).values("pk")
    )
    if can(user, "view", Contract):
        owned |= Q(contract__in=restrict(Contract.objects.all(), user).values("pk"))
    if can(user, "view", Certificate):
        owned |= Q(certificate__in=restrict(Certificate.objects.all(), user).values("pk"))
    return restrict(Document.objects.all(), user).filter(owned).select_related("uploaded_by")


def document_get(*, user, pk: int) -> Document:
    """One document, or 404 to whoever may not see it or its owner."""
    return get_object_or_404(documents_visible(user=user), pk=pk)


def owner_documents(*, user, owner, latest_only: bool = False) -> list[Document]:
    """The documents of one supplier (its own, not its contracts'), contract or
    certificate, newest version first within each document; ``latest_only`` keeps the
    newest version of each."""
    documents = documents_visible(user=user)
    if isinstance(owner, Supplier):
        documents = documents.filter(supplier=owner, contract=None, certificate=None)
    elif isinstance(owner, Contract):
        documents = documents.filter(contract=owner)
    else:
        documents = documents.filter(certificate=owner)
    rows = list(documents.order_by("series", "-version"))
    if latest_only:
        seen: set[str] = set()
        rows = [d for d in rows if not (d.series in seen or seen.add(d.series))]
    return rows


def certificate_get(*, user, pk: int) -> Certificate:
    return get_object_or_404(
        restrict(Certificate.objects.select_related("supplier", "verified_by"), user), pk=pk
    )


def supplier_owners(supplier_ids) -> dict[int, str]:
    """Who answers for each supplier on an agenda: its relationship owner, else a
    category manager of one of its categories (by name order), else nobody. A few queries
    whatever the number of suppliers."""
    from django.contrib.auth import get_user_model

    from srm.core.permissions import category_managers

    ids = set(supplier_ids)
    if not ids:
        return {}
    owners: dict[int, str] = {}
    rows = Supplier.objects.filter(pk__in=ids).values_list(
        "pk",
        "relationship_owner__first_name",
        "relationship_owner__last_name",
        "relationship_owner__username",
    )
    missing = set()
    for pk, first, last, username in rows:
        if username:
            owners[pk] = f"{first} {last}".strip() or username
        else:
            missing.add(pk)
    if missing:
        links = list(
            Supplier.categories.through.objects.filter(supplier_id__in=missing).values_list(
                "supplier_id", "category_id"
            )
        )
        managers = category_managers({c for _, c in links})
        user_ids = {u for users in managers.values() for u in users}
        users = {
            u.pk: u
            for u in get_user_model()
            .objects.filter(pk__in=user_ids, is_active=True)
            .order_by("first_name", "username")
        }
        for supplier_id, category_id in sorted(links):
            if supplier_id in owners:
                continue
            named = sorted(
                (users[u] for u in managers.get(category_id, ()) if u in users),
                key=lambda u: (u.first_name, u.username),
            )
            if named:
                owners[supplier_id] = named[0].get_full_name() or named[0].get_username()
    return owners


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
