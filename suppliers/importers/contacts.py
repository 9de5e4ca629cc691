"""Contacts import (SPEC §9): ``supplier_code, name, function, email, phone?, track
(collaboration | management | both), primary?``. A contact is known by its supplier and
e-mail: a re-imported one is updated, the same file twice changes nothing. Written
through the contact services, so the tracks, the primary hand-over and the audit trail
(which keeps no personal values) are the page's and the API's."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from srm.core import permissions
from srm.core.tracks import Track

from ..models import ImportBatch, Supplier, SupplierContact
from ..services import contact_create, contact_update
from .base import Applied, Column, Importer, Row, RowError, boolean, choice, code, text

TRACKS = {
    "collaboration": Track.COLLABORATION.value,
    "management": Track.MANAGEMENT.value,
    "both": Track.SHARED.value,
}


def email(raw) -> str:
    value = str(raw).strip()
    try:
        validate_email(value)
    except ValidationError:
        raise ValueError(f"'{value[:80]}' is not an e-mail address") from None
    return value.lower()


class ContactImporter(Importer):
    kind = "contacts"
    label = "Supplier contacts (people on the collaboration and management tracks)"
    columns = (
        Column("supplier_code", code(32)),
        Column("name", text(200)),
        Column("function", text(120)),
        Column("email", email),
        Column("phone", text(40), required=False, default=""),
        Column("track", choice(TRACKS)),
        Column("primary", boolean, required=False, default=False),
    )
    required_permissions = ((SupplierContact, "add"), (SupplierContact, "change"))

    def check(self, rows: list[Row], user) -> list[RowError]:
        errors: list[RowError] = []
        seen: dict[tuple, int] = {}
        primaries: dict[tuple, int] = {}
        for row in rows:
            v = row.values
            key = (v["supplier_code"], v["email"])
            if key in seen:
                errors.append(RowError(row.line, "email", f"same contact as line {seen[key]}"))
            else:
                seen[key] = row.line
            if v["primary"]:
                tracks = (
                    (Track.COLLABORATION, Track.MANAGEMENT)
                    if v["track"] == Track.SHARED
                    else (v["track"],)
                )
                for track in tracks:
                    earlier = primaries.setdefault((v["supplier_code"], track), row.line)
                    if earlier != row.line:
                        errors.append(
                            RowError(
                                row.line,
                                "primary",
                                f"line {earlier} names the primary contact of this track",
                            )
                        )
                        break
            if not permissions.may_take_track(user, SupplierContact, "add", v["track"]):
                errors.append(RowError(row.line, "track", "your roles do not work on this track"))
        codes = {r.values["supplier_code"] for r in rows}
        known = set(Supplier.objects.filter(code__in=codes).values_list("code", flat=True))
        reach = permissions.supplier_scope(user, SupplierContact, "add")
        allowed = (
            None
            if reach is None
            else set(
                Supplier.objects.filter(pk__in=reach, code__in=codes).values_list("code", flat=True)
            )
        )
        stored = _stored(rows)
        for row in rows:
            supplier_code = row.values["supplier_code"]
            if supplier_code not in known:
                errors.append(
                    RowError(row.line, "supplier_code", f"no supplier with code '{supplier_code}'")
                )
            elif allowed is not None and supplier_code not in allowed:
                errors.append(
                    RowError(
                        row.line,
                        "supplier_code",
                        f"supplier '{supplier_code}' is outside your reach",
                    )
                )
            current = stored.get((supplier_code, row.values["email"]))
            if current is not None and not permissions.can_object(user, "change", current):
                errors.append(RowError(row.line, "email", "this contact is outside your tracks"))
        return errors

    def apply(self, rows: list[Row], user, batch: ImportBatch) -> Applied:
        suppliers = {
            s.code: s
            for s in Supplier.objects.filter(code__in={r.values["supplier_code"] for r in rows})
        }
        stored = _stored(rows)
        created = updated = unchanged = 0
        # Non-primary rows first: a primary named later in the file is the one that stays.
        for row in sorted(rows, key=lambda r: r.values["primary"]):
            v = row.values
            data = {
                "name": v["name"],
                "function": v["function"],
                "email": v["email"],
                "phone": v["phone"] or "",
                "works_on": v["track"],
                "is_primary": bool(v["primary"]),
            }
            current = stored.get((v["supplier_code"], v["email"]))
            if current is None:
                contact_create(actor=user, supplier=suppliers[v["supplier_code"]], **data)
                created += 1
                continue
            current.refresh_from_db()
            if all(getattr(current, f) == value for f, value in data.items()):
                unchanged += 1
                continue
            contact_update(actor=user, contact=current, data=data)
            updated += 1
        return Applied(created, updated, unchanged)


def _stored(rows: list[Row]) -> dict[tuple, SupplierContact]:
    """The stored contacts named by the rows, by (supplier code, lower-case e-mail)."""
    emails = {r.values["email"] for r in rows}
    codes = {r.values["supplier_code"] for r in rows}
    found = {}
    for contact in SupplierContact.objects.filter(
        supplier__code__in=codes, email__in=emails
    ).select_related("supplier"):
        found[(contact.supplier.code, contact.email.lower())] = contact
    return found
