"""Writes of the suppliers domain: each validates, writes and audits in one transaction."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django_fsm import can_proceed

from srm.audit.services import audit_record, diff, snapshot
from srm.core import permissions
from srm.core.notifications import notification_send
from srm.core.services import model_create, model_delete, model_update
from srm.core.tracks import Track

from .contract_services import (  # noqa: F401  (callers name the contract writes here too)
    contract_create,
    contract_price_set,
    contract_update,
    receipts_reprice,
    service_level_set,
)
from .files import check_upload
from .lifecycle import MoveVerdict, bypass_reason, lifecycle_check, lifecycle_moved
from .models import (
    STATUS_TRANSITIONS,
    Category,
    Certificate,
    Contract,
    ContractNoticeReminder,
    ContractStatus,
    Document,
    DocumentKind,
    Item,
    RelationshipOwner,
    Supplier,
    SupplierContact,
    SupplierEvent,
    SupplierStatus,
)


def _check_categories_in_reach(*, actor, action: str, categories) -> None:
    """A category manager may only file suppliers under categories granted to them."""
    reach = permissions.supplier_scope(actor, Supplier, action)
    if reach is None:
        return
    granted = set(permissions.granted_category_ids(actor).values_list("pk", flat=True))
    outside = [c for c in categories if c.pk not in granted]
    if outside or not categories:
        names = ", ".join(c.name for c in outside) or "none given"
        raise PermissionDenied(f"You do not manage these categories: {names}.")


@transaction.atomic
def supplier_create(
    *,
    actor,
    code: str,
    name: str,
    country: str,
    region: str,
    categories: list[Category],
    tier: int = 3,
    expected_annual_spend: Decimal = Decimal("0"),
    currency: str = "EUR",
    relationship_owner=None,
    description: str = "",
    status: str = SupplierStatus.PROSPECT,
) -> Supplier:
    """Register a supplier; it starts as a prospect unless an import says otherwise."""
    _check_categories_in_reach(actor=actor, action="add", categories=categories)
    if status != SupplierStatus.PROSPECT:
        lifecycle_enforce(
            lifecycle_check(
                actor=actor, supplier=None, source=SupplierStatus.PROSPECT, target=status
            )
        )
    supplier = model_create(
        actor=actor,
        model=Supplier,
        data={
            "code": code,
            "name": name,
            "country": country,
            "region": region,
            "tier": tier,
            "expected_annual_spend": expected_annual_spend,
            "currency": currency,
            "relationship_owner": relationship_owner,
            "description": description,
            "status": status,
        },
        m2m={"categories": categories},
    )
    supplier_event_record(
        supplier=supplier, kind=SupplierEvent.Kind.STATUS, title=f"Registered as {status}"
    )
    return supplier


@transaction.atomic
def supplier_update(*, actor, supplier: Supplier, data: dict, categories=None) -> Supplier:
    """Change a supplier's profile. The status changes only through ``supplier_transition``."""
    unknown = set(data) - set(Supplier.EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Cannot change {', '.join(sorted(unknown))} here.")
    if categories is not None:
        _check_categories_in_reach(actor=actor, action="change", categories=categories)
    supplier, _ = model_update(
        actor=actor,
        instance=supplier,
        data=data,
        m2m={"categories": categories} if categories is not None else None,
    )
    return supplier


@transaction.atomic
def supplier_transition(*, actor, supplier: Supplier, target: str, reason: str = "") -> Supplier:
    """Move a supplier along its lifecycle; an illegal move is a validation error
    naming both ends, and the lifecycle gate (``suppliers.lifecycle``) refuses a governed
    move or one the actor's roles may not make, before anything is written."""
    method_name = STATUS_TRANSITIONS.get(target)
    method = getattr(supplier, method_name) if method_name else None
    if method is None or not can_proceed(method):
        raise ValidationError(
            {"status": f"A supplier cannot go from {supplier.status} to {target}."}
        )
    lifecycle_enforce(lifecycle_check(actor=actor, supplier=supplier, target=target))
    before = {"status": supplier.status}
    method()
    supplier.save(update_fields=["status", "updated_at"])
    after = {"status": supplier.status, "reason": reason}
    if bypass_reason():
        after["decision"] = bypass_reason()
    audit_record(
        actor=actor, action=f"transition:{target}", instance=supplier, before=before, after=after
    )
    supplier_event_record(
        supplier=supplier,
        kind=SupplierEvent.Kind.STATUS,
        title=f"Status {before['status']} → {supplier.status}",
        detail={"reason": reason, "by": actor.get_username() if actor else "system"},
    )
    lifecycle_moved(
        actor=actor, supplier=supplier, source=before["status"], target=target, reason=reason
    )
    return supplier


def lifecycle_enforce(verdict: MoveVerdict) -> None:
    """Refuse a move the gate does not allow: a governed move is a validation error (it
    needs a decision, not another person), a move the actor's roles may not make is a
    permission error."""
    if verdict.allowed:
        return
    if verdict.governed_by:
        raise ValidationError({"status": verdict.message})
    raise PermissionDenied(verdict.message)


def supplier_event_record(
    *,
    supplier: Supplier,
    kind: str,
    title: str,
    detail: dict | None = None,
    link: str = "",
    occurred_at=None,
) -> SupplierEvent:
    """Add an entry to the supplier's timeline (the cause is audited by the caller)."""
    return SupplierEvent.objects.create(
        supplier=supplier,
        kind=kind,
        title=title[:200],
        detail=detail or {},
        link=link,
        occurred_at=occurred_at or timezone.now(),
    )


# --- contract notice deadlines (SPEC §3) ---------------------------------------------------

NOTICE_REMINDER_DAYS = (60, 30, 7)


@transaction.atomic
def contract_notice_reminders_send(*, today: date | None = None) -> int:
    """Remind each active contract's owner 60, 30 and 7 days before its notice deadline.

    Idempotent: every reminder sent is remembered (``ContractNoticeReminder``), so running
    twice a day, or again after a missed day, sends nothing twice. A contract first seen
    inside a window gets only the tightest reminder due (not the 60-day one at day 20).
    Returns the number of reminders sent."""
    today = today or timezone.localdate()
    widest = max(NOTICE_REMINDER_DAYS)
    contracts = (
        Contract.objects.filter(status=ContractStatus.ACTIVE, owner__isnull=False)
        .filter(Q(renewal_date__gte=today) | Q(renewal_date__isnull=True, end_date__gte=today))
        .select_related("owner", "supplier")
    )
    sent_keys = set(
        ContractNoticeReminder.objects.filter(deadline__gte=today).values_list(
            "contract_id", "deadline", "days_before"
        )
    )
    sent = 0
    for contract in contracts.iterator(chunk_size=500):
        deadline = contract.notice_deadline
        if deadline is None or not today <= deadline <= today + timedelta(days=widest):
            continue
        left = (deadline - today).days
        due = [d for d in NOTICE_REMINDER_DAYS if left <= d]
        if not due or all((contract.pk, deadline, d) in sent_keys for d in due):
            continue
        now = timezone.now()
        ContractNoticeReminder.objects.bulk_create(
            [
                ContractNoticeReminder(
                    contract=contract, deadline=deadline, days_before=d, sent_at=now
                )
                for d in due
                if (contract.pk, deadline, d) not in sent_keys
            ],
            ignore_conflicts=True,
        )
        notification_send(
            recipients=[contract.owner],
            subject=gettext("Notice deadline in %(days)s days: %(number)s")
            % {"days": left, "number": contract.number},
            body=gettext(
                "Give notice on %(number)s (%(supplier)s) by %(deadline)s, or it %(what)s on "
                "%(anchor)s."
            )
            % {
                "number": contract.number,
                "supplier": contract.supplier.code,
                "deadline": deadline.isoformat(),
                "what": gettext("renews") if contract.auto_renew else gettext("ends"),
                "anchor": (contract.renewal_date or contract.end_date).isoformat(),
            },
            link=contract.get_absolute_url(),
        )
        sent += 1
    return sent


# --- certificates and documents (issue 18) ---------------------------------------------

CERTIFICATE_FIELDS = ("kind", "reference", "issuer", "scope", "issued_on", "expires_on")


def _document_owner_check(*, actor, owner) -> Supplier:
    """The owner's supplier if ``actor`` may file a document for ``owner``; a supplier,
    contract or certificate out of sight reads as one that does not exist."""
    supplier = owner if isinstance(owner, Supplier) else owner.supplier
    if not permissions.can_object(actor, "view", owner):
        raise ValidationError({"owner": gettext("No such record.")})
    if not permissions.can_supplier(actor, Document, "add", supplier.pk):
        raise PermissionDenied(gettext("You may not file documents for this supplier."))
    return supplier


def document_series(*, owner, kind: str, title: str) -> str:
    """What makes two uploads versions of the same document: owner, kind and title."""
    label = type(owner)._meta.model_name
    return f"{label}:{owner.pk}:{kind}:{' '.join(title.lower().split())}"[:300]


@transaction.atomic
def document_upload(*, actor, owner, kind: str, title: str, upload) -> Document:
    """Keep an uploaded file for a supplier, a contract or a certificate.

    The content is checked first (``suppliers.files.check_upload``: type by content, size,
    name), so a refused file writes nothing. Uploading the same document again (same owner,
    kind and title) is its next version; the older versions stay. The file is written to
    the private ``documents`` storage and removed again if the row cannot be written, so no
    orphan is left. The audit row carries the SHA-256."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": gettext("Give the document a title.")})
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": gettext("Choose a kind of document.")})
    supplier = _document_owner_check(actor=actor, owner=owner)
    checked = check_upload(upload)
    # One writer per supplier at a time, so two uploads never take the same version.
    Supplier.objects.select_for_update(no_key=True).filter(pk=supplier.pk).first()
    series = document_series(owner=owner, kind=kind, title=title)
    latest = Document.objects.filter(series=series).order_by("-version").first()
    document = Document(
        supplier=supplier,
        contract=owner if isinstance(owner, Contract) else None,
        certificate=owner if isinstance(owner, Certificate) else None,
        kind=kind,
        title=title[:200],
        series=series,
        version=latest.version + 1 if latest else 1,
        filename=checked.name,
        sha256=checked.sha256,
        size=checked.size,
        content_type=checked.content_type,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    document.file.save(checked.name, upload, save=False)
    try:
        document.full_clean()
        document.save(force_insert=True)
        audit_record(actor=actor, action="create", instance=document, after=snapshot(document))
    except Exception:
        document.file.storage.delete(document.file.name)
        raise
    return document


def _certificate_data(data: dict) -> dict:
    unknown = set(data) - set(CERTIFICATE_FIELDS)
    if unknown:
        raise ValidationError(
            gettext("Unknown certificate fields: %s.") % ", ".join(sorted(unknown))
        )
    return data


def _certificate_file(*, actor, certificate: Certificate, upload) -> None:
    if upload is None:
        return
    # Every file of a certificate is a version of one document, whatever its number became.
    first = certificate.documents.filter(kind=DocumentKind.CERTIFICATE).order_by("version").first()
    document_upload(
        actor=actor,
        owner=certificate,
        kind=DocumentKind.CERTIFICATE,
        title=first.title if first else str(certificate),
        upload=upload,
    )


@transaction.atomic
def certificate_create(
    *, actor, supplier: Supplier, data: dict, upload=None, verified: bool = False
) -> Certificate:
    """Record a certificate for a supplier in the actor's reach, with its file (a first
    document version) when one is given; ``verified`` notes who checked it and when."""
    if not permissions.can_supplier(actor, Certificate, "add", supplier.pk):
        raise ValidationError({"supplier": gettext("No such supplier.")})
    if upload is not None:
        check_upload(upload)  # a refused file refuses the certificate too, before any write
    fields = _certificate_data(dict(data))
    if verified:
        fields.update(verified_by=actor, verified_at=timezone.now())
    certificate = model_create(
        actor=actor, model=Certificate, data={"supplier": supplier, **fields}
    )
    _certificate_file(actor=actor, certificate=certificate, upload=upload)
    return certificate


@transaction.atomic
def certificate_update(
    *, actor, certificate: Certificate, data: dict, upload=None, verified: bool | None = None
) -> Certificate:
    """Change a certificate; a new file is the next version of its document."""
    if upload is not None:
        check_upload(upload)
    fields = _certificate_data(dict(data))
    if verified and certificate.verified_at is None:
        fields.update(verified_by=actor, verified_at=timezone.now())
    elif verified is False and certificate.verified_at is not None:
        fields.update(verified_by=None, verified_at=None)
    certificate, _ = model_update(actor=actor, instance=certificate, data=fields)
    _certificate_file(actor=actor, certificate=certificate, upload=upload)
    return certificate


# --- items -----------------------------------------------------------------------------


def _check_item_category_in_reach(*, actor, action: str, category) -> None:
    """A category manager files items only under the categories granted to them (the
    same rule as for suppliers); an item of no category is anyone's with the permission."""
    if category is None or permissions.supplier_scope(actor, Item, action) is None:
        return
    if not permissions.granted_category_ids(actor).filter(pk=category.pk).exists():
        raise ValidationError(
            {"category": gettext("You do not manage the category %(name)s.") % {"name": category}}
        )


@transaction.atomic
def item_create(
    *,
    actor,
    code: str,
    name: str,
    category: Category | None = None,
    unit: str = "pcs",
    is_critical: bool = False,
) -> Item:
    """Register an item. Its code is how every import names it (receipts, forecasts,
    price lists), and an import that names an unknown code is refused."""
    if not permissions.can(actor, "add", Item):
        raise PermissionDenied(gettext("You may not register items."))
    _check_item_category_in_reach(actor=actor, action="add", category=category)
    if Item.objects.filter(code__iexact=code).exists():
        raise ValidationError(
            {"code": gettext("An item with code %(code)s exists.") % {"code": code}}
        )
    return model_create(
        actor=actor,
        model=Item,
        data={
            "code": code,
            "name": name,
            "category": category,
            "unit": unit or "pcs",
            "is_critical": is_critical,
        },
    )


@transaction.atomic
def item_update(*, actor, item: Item, data: dict) -> Item:
    """Change an item's name, category, unit or criticality; the code is set once."""
    unknown = set(data) - set(Item.EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            gettext("Cannot change %(f)s here.") % {"f": ", ".join(sorted(unknown))}
        )
    if not permissions.can(actor, "change", Item):
        raise PermissionDenied(gettext("You may not change items."))
    _check_item_category_in_reach(actor=actor, action="change", category=item.category)
    if "category" in data:
        _check_item_category_in_reach(actor=actor, action="change", category=data["category"])
    item, _ = model_update(actor=actor, instance=item, data=data)
    return item


# --- contacts and relationship owners -----------------------------------------------------

PERSONAL_MARK = "[personal data]"


def _contact_audit_view(values: dict) -> dict:
    """A contact's audit view: its personal fields named, their values not kept, so an
    anonymised contact leaves no name, e-mail or phone behind in the immutable trail."""
    return {
        k: (PERSONAL_MARK if k in SupplierContact.PERSONAL_FIELDS and v else v)
        for k, v in values.items()
    }


def _check_contact_track(*, actor, action: str, works_on: str) -> None:
    if not permissions.may_take_track(actor, SupplierContact, action, works_on):
        raise ValidationError(
            {
                "works_on": gettext("Your roles do not work on the %(track)s.")
                % {"track": Track(works_on).label.lower()}
            }
        )


def _primary_hand_over(*, actor, contact: SupplierContact) -> None:
    """Make room for ``contact`` as the primary contact of its tracks: an earlier primary
    of the supplier on any of them stops being primary (audited)."""
    others = SupplierContact.objects.filter(supplier_id=contact.supplier_id, is_primary=True)
    if contact.pk:
        others = others.exclude(pk=contact.pk)
    for other in others.select_for_update(no_key=True):
        if other.tracks & contact.tracks:
            before = _contact_audit_view(snapshot(other))
            other.is_primary = False
            other.save(update_fields=["is_primary", "updated_at"])
            old, new = diff(before, _contact_audit_view(snapshot(other)))
            audit_record(actor=actor, action="update", instance=other, before=old, after=new)


def _check_contact_email(*, supplier, email: str, exclude_pk=None) -> None:
    if email and (
        SupplierContact.objects.filter(supplier=supplier, email__iexact=email)
        .exclude(pk=exclude_pk)
        .exists()
    ):
        raise ValidationError(
            {
                "email": gettext("%(supplier)s already has a contact with this e-mail.")
                % {"supplier": supplier.code}
            }
        )


@transaction.atomic
def contact_create(
    *,
    actor,
    supplier: Supplier,
    name: str,
    works_on: str,
    function: str = "",
    email: str = "",
    phone: str = "",
    is_primary: bool = False,
) -> SupplierContact:
    """Record a person at the supplier; as primary, they replace the earlier primary
    contact of their tracks."""
    if not permissions.can_supplier(actor, SupplierContact, "add", supplier.pk):
        raise PermissionDenied(gettext("You may not add contacts to this supplier."))
    _check_contact_track(actor=actor, action="add", works_on=works_on)
    email = (email or "").strip().lower()
    _check_contact_email(supplier=supplier, email=email)
    contact = SupplierContact(
        supplier=supplier,
        name=name,
        function=function,
        email=email,
        phone=phone,
        works_on=works_on,
        is_primary=is_primary,
    )
    contact.full_clean(validate_constraints=False)
    if is_primary:
        _primary_hand_over(actor=actor, contact=contact)
    contact.save(force_insert=True)
    audit_record(
        actor=actor,
        action="create",
        instance=contact,
        after=_contact_audit_view(snapshot(contact)),
    )
    return contact


@transaction.atomic
def contact_update(*, actor, contact: SupplierContact, data: dict) -> SupplierContact:
    """Change a contact (not an anonymised one: it has no person left to describe)."""
    unknown = set(data) - set(SupplierContact.EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            gettext("Cannot change %(f)s here.") % {"f": ", ".join(sorted(unknown))}
        )
    if not permissions.can_object(actor, "change", contact):
        raise PermissionDenied(gettext("You may not change this contact."))
    if contact.anonymised_at:
        raise ValidationError(gettext("This contact was anonymised; record a new one."))
    if "works_on" in data:
        _check_contact_track(actor=actor, action="change", works_on=data["works_on"])
    if "email" in data:
        data = {**data, "email": (data["email"] or "").strip().lower()}
        _check_contact_email(supplier=contact.supplier, email=data["email"], exclude_pk=contact.pk)
    before = _contact_audit_view(snapshot(contact))
    changed = [f for f, v in data.items() if getattr(contact, f) != v]
    if not changed:
        return contact
    for field in changed:
        setattr(contact, field, data[field])
    contact.full_clean(validate_constraints=False)
    if contact.is_primary:
        _primary_hand_over(actor=actor, contact=contact)
    contact.save(update_fields=[*changed, "updated_at"])
    old, new = diff(before, _contact_audit_view(snapshot(contact)))
    # A personal field that changed is named even though its value is not kept.
    for field in set(changed) & set(SupplierContact.PERSONAL_FIELDS):
        old = {**(old or {}), field: PERSONAL_MARK}
        new = {**(new or {}), field: PERSONAL_MARK}
    audit_record(actor=actor, action="update", instance=contact, before=old, after=new)
    return contact


@transaction.atomic
def contact_anonymise(*, actor, contact: SupplierContact, reason: str = "") -> SupplierContact:
    """Anonymise a contact on request (personal data): the name, e-mail and phone are
    replaced, the row stays (so whatever refers to it stays whole), and the audit trail
    records who anonymised it, when and why."""
    if not permissions.can_object(actor, "anonymise", contact):
        raise PermissionDenied(gettext("You may not anonymise this contact."))
    contact = SupplierContact.objects.select_for_update(no_key=True).get(pk=contact.pk)
    if contact.anonymised_at:
        raise ValidationError(gettext("This contact is already anonymised."))
    contact.name = gettext("Anonymised contact %(id)s") % {"id": contact.pk}
    contact.email = contact.phone = ""
    contact.is_primary = False
    contact.anonymised_at = timezone.now()
    contact.save(
        update_fields=["name", "email", "phone", "is_primary", "anonymised_at", "updated_at"]
    )
    audit_record(
        actor=actor,
        action="anonymise",
        instance=contact,
        before=dict.fromkeys(SupplierContact.PERSONAL_FIELDS, PERSONAL_MARK),
        after={
            "name": contact.name,
            "email": "",
            "phone": "",
            "is_primary": False,
            "anonymised_at": contact.anonymised_at.isoformat(),
            "reason": reason,
        },
    )
    return contact


@transaction.atomic
def relationship_owner_add(*, actor, supplier: Supplier, user, works_on: str) -> RelationshipOwner:
    """Name one of our people as an owner of the relationship on a track."""
    if not permissions.can_supplier(actor, RelationshipOwner, "add", supplier.pk):
        raise PermissionDenied(gettext("You may not name owners for this supplier."))
    if not permissions.may_take_track(actor, RelationshipOwner, "add", works_on):
        raise ValidationError({"works_on": gettext("Your roles do not work on this track.")})
    if getattr(user, "supplier_id", None):
        raise ValidationError({"user": gettext("An owner is one of our people, not a supplier's.")})
    if RelationshipOwner.objects.filter(supplier=supplier, user=user, works_on=works_on).exists():
        raise ValidationError(
            {"user": gettext("%(user)s already owns this track.") % {"user": user}}
        )
    return model_create(
        actor=actor,
        model=RelationshipOwner,
        data={"supplier": supplier, "user": user, "works_on": works_on},
    )


@transaction.atomic
def relationship_owner_remove(*, actor, owner: RelationshipOwner) -> None:
    if not permissions.can_object(actor, "delete", owner):
        raise PermissionDenied(gettext("You may not remove this owner."))
    model_delete(actor=actor, instance=owner)
