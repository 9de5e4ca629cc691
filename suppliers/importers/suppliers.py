"""Suppliers import (SPEC §9): ``code, name, country, region, category, tier, status,
expected_annual_spend``. An existing code is updated; a status change must be a
legal lifecycle move."""

from __future__ import annotations

from decimal import Decimal

from django.utils.text import slugify
from django_countries import countries
from django_fsm import can_proceed

from srm.audit.services import audit_record, diff, snapshot
from srm.core import permissions

from ..lifecycle import lifecycle_check
from ..models import (
    STATUS_TRANSITIONS,
    Category,
    ImportBatch,
    Region,
    Supplier,
    SupplierEvent,
    SupplierStatus,
    Tier,
)
from ..services import supplier_event_record
from .base import Applied, Column, Importer, Row, RowError, choice, code, decimal, text

CATEGORY_SEPARATORS = (";", "|")
PROFILE_FIELDS = ("name", "country", "region", "tier", "expected_annual_spend")


def country(raw) -> str:
    value = str(raw).strip().upper()
    alpha2 = countries.alpha2(value)
    if not alpha2:
        raise ValueError(f"'{raw}' is not an ISO 3166 country code")
    return alpha2


def category_list(raw) -> list[str]:
    value = str(raw)
    for sep in CATEGORY_SEPARATORS:
        value = value.replace(sep, ",")
    names = [part.strip() for part in value.split(",") if part.strip()]
    if not names:
        raise ValueError("is required")
    return names


def tier(raw) -> int:
    value = str(raw).strip().lower().removeprefix("tier").strip()
    if isinstance(raw, float) and raw.is_integer():
        value = str(int(raw))
    if value not in {"1", "2", "3"}:
        raise ValueError(f"'{raw}' is not a tier (1, 2 or 3)")
    return int(value)


class SupplierImporter(Importer):
    kind = "suppliers"
    label = "Suppliers"
    columns = (
        Column("code", code(32)),
        Column("name", text(200)),
        Column("country", country),
        Column("region", choice({r.value: r.value for r in Region})),
        Column("category", category_list),
        Column("tier", tier, required=False, default=Tier.TRANSACTIONAL),
        Column(
            "status",
            choice({s.value: s.value for s in SupplierStatus}),
            required=False,
            default=None,
        ),
        Column(
            "expected_annual_spend",
            decimal(minimum=Decimal(0), maximum=Decimal("99999999999999"), places=2),
            required=False,
            default=Decimal(0),
        ),
    )
    required_permissions = ((Supplier, "add"), (Supplier, "change"))

    def check(self, rows: list[Row], user) -> list[RowError]:
        errors: list[RowError] = []
        seen: dict[str, int] = {}
        for row in rows:
            key = row.values["code"].upper()
            if key in seen:
                errors.append(RowError(row.line, "code", f"same code as line {seen[key]}"))
            seen[key] = row.line
        existing = {
            s.code: s for s in Supplier.objects.filter(code__in=[r.values["code"] for r in rows])
        }
        categories = _categories_by_key()
        reach = permissions.supplier_scope(user, Supplier, "add")
        granted = None
        if reach is not None:
            granted = set(permissions.granted_category_ids(user).values_list("pk", flat=True))
        for row in rows:
            v = row.values
            current = existing.get(v["code"])
            if current is not None and v["status"] and v["status"] != current.status:
                method = getattr(current, STATUS_TRANSITIONS.get(v["status"], ""), None)
                if method is None or not can_proceed(method):
                    errors.append(
                        RowError(
                            row.line, "status", f"cannot go from {current.status} to {v['status']}"
                        )
                    )
                else:
                    errors.extend(_gate_errors(row, user, current, current.status, v["status"]))
            elif current is None and v["status"] and v["status"] != SupplierStatus.PROSPECT:
                # A new supplier starts as a prospect: any other status is a move from there.
                errors.extend(_gate_errors(row, user, None, SupplierStatus.PROSPECT, v["status"]))
            if granted is not None:
                for name in v["category"]:
                    category = categories.get(name.lower()) or categories.get(slugify(name))
                    if category is None or category.pk not in granted:
                        errors.append(
                            RowError(row.line, "category", f"you do not manage category '{name}'")
                        )
                if current is not None and not permissions.can_object(user, "change", current):
                    errors.append(
                        RowError(
                            row.line,
                            "code",
                            f"supplier '{current.code}' is outside your categories",
                        )
                    )
        return errors

    def apply(self, rows: list[Row], user, batch: ImportBatch) -> Applied:
        categories = _categories_by_key()
        new_categories = []
        existing = {
            s.code: s
            for s in Supplier.objects.filter(
                code__in=[r.values["code"] for r in rows]
            ).prefetch_related("categories")
        }
        created = updated = unchanged = 0
        for row in rows:
            v = row.values
            wanted = []
            for name in v["category"]:
                category = categories.get(name.lower()) or categories.get(slugify(name))
                if category is None:
                    category = Category.objects.create(
                        code=slugify(name)[:40] or name[:40], name=name
                    )
                    audit_record(
                        actor=user, action="create", instance=category, after=snapshot(category)
                    )
                    categories[name.lower()] = categories[category.code] = category
                    new_categories.append(name)
                wanted.append(category)
            current = existing.get(v["code"])
            if current is None:
                supplier = Supplier(
                    code=v["code"],
                    status=v["status"] or SupplierStatus.PROSPECT,
                    **{f: v[f] for f in PROFILE_FIELDS},
                )
                supplier.full_clean(exclude=["categories"])
                supplier.save(force_insert=True)
                supplier.categories.set(wanted)
                audit_record(
                    actor=user, action="create", instance=supplier, after=snapshot(supplier)
                )
                created += 1
                continue
            before = snapshot(current)
            old_status = current.status
            for f in PROFILE_FIELDS:
                setattr(current, f, v[f])
            if v["status"] and v["status"] != current.status:
                getattr(current, STATUS_TRANSITIONS[v["status"]])()
            after = {**snapshot(current), "categories": sorted(c.pk for c in wanted)}
            old, new = diff(before, after)
            if not old:
                unchanged += 1
                continue
            current.full_clean(exclude=["categories"])
            current.save()
            current.categories.set(wanted)
            audit_record(
                actor=user, action="import:update", instance=current, before=old, after=new
            )
            if current.status != old_status:
                supplier_event_record(
                    supplier=current,
                    kind=SupplierEvent.Kind.STATUS,
                    title=f"Status {old_status} → {current.status} (import)",
                )
            updated += 1
        notes = [f"new categories: {', '.join(new_categories)}"] if new_categories else []
        return Applied(created, updated, unchanged, tuple(notes))


def _gate_errors(row: Row, user, supplier, source: str, target: str) -> list[RowError]:
    """The lifecycle gate's refusal of a row's status move (a governed move needs a
    decision request; the import never makes it)."""
    verdict = lifecycle_check(actor=user, supplier=supplier, source=source, target=target)
    return [] if verdict.allowed else [RowError(row.line, "status", verdict.message)]


def _categories_by_key() -> dict[str, Category]:
    """Categories looked up by lower-case name or by code."""
    found = {}
    for category in Category.objects.all():
        found[category.name.lower()] = category
        found[category.code] = category
    return found
