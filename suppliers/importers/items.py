"""Items import (SPEC §9): ``code, name, category, unit, critical?``. An existing code is
updated (name, category, unit, criticality); importing the same file twice changes
nothing. This is how item codes get into the register: every other import refuses a
code that is not in it (``base.unknown_item_errors``)."""

from __future__ import annotations

from django.db.models.functions import Upper
from django.utils.text import slugify

from srm.audit.services import audit_record, diff, snapshot
from srm.core import permissions

from ..models import Category, ImportBatch, Item
from .base import Applied, Column, Importer, Row, RowError, boolean, code, text


class ItemImporter(Importer):
    kind = "items"
    label = "Items (the item register every other import names)"
    columns = (
        Column("code", code(64)),
        Column("name", text(200)),
        Column("category", text(120)),
        Column("unit", text(20)),
        Column("critical", boolean, required=False, default=False),
    )
    required_permissions = ((Item, "add"), (Item, "change"))

    def check(self, rows: list[Row], user) -> list[RowError]:
        errors: list[RowError] = []
        seen: dict[str, int] = {}
        for row in rows:
            key = row.values["code"].upper()
            if key in seen:
                errors.append(RowError(row.line, "code", f"same code as line {seen[key]}"))
            else:
                seen[key] = row.line
        categories = _categories_by_key()
        existing = _existing(rows)
        scoped = permissions.supplier_scope(user, Item, "add") is not None
        granted = (
            set(permissions.granted_category_ids(user).values_list("pk", flat=True))
            if scoped
            else None
        )
        for row in rows:
            v = row.values
            category = _category(categories, v["category"])
            if category is None:
                errors.append(RowError(row.line, "category", f"no category '{v['category']}'"))
            elif granted is not None and category.pk not in granted:
                errors.append(
                    RowError(row.line, "category", f"you do not manage category '{v['category']}'")
                )
            current = existing.get(v["code"].upper())
            if current is not None and current.code != v["code"]:
                errors.append(
                    RowError(row.line, "code", f"item '{current.code}' is registered in this case")
                )
            elif (
                granted is not None
                and current is not None
                and current.category_id is not None
                and current.category_id not in granted
            ):
                errors.append(
                    RowError(row.line, "code", f"item '{current.code}' is outside your categories")
                )
        return errors

    def apply(self, rows: list[Row], user, batch: ImportBatch) -> Applied:
        categories = _categories_by_key()
        existing = _existing(rows)
        created = updated = unchanged = 0
        for row in rows:
            v = row.values
            data = {
                "name": v["name"],
                "category": _category(categories, v["category"]),
                "unit": v["unit"],
                "is_critical": bool(v["critical"]),
            }
            current = existing.get(v["code"].upper())
            if current is None:
                item = Item(code=v["code"], **data)
                item.full_clean()
                item.save(force_insert=True)
                audit_record(actor=user, action="create", instance=item, after=snapshot(item))
                created += 1
                continue
            before = snapshot(current)
            for field, value in data.items():
                setattr(current, field, value)
            old, new = diff(before, snapshot(current))
            if not old:
                unchanged += 1
                continue
            current.full_clean()
            current.save()
            audit_record(
                actor=user, action="import:update", instance=current, before=old, after=new
            )
            updated += 1
        return Applied(created, updated, unchanged)


def _existing(rows: list[Row]) -> dict[str, Item]:
    """The stored items named by the rows, by upper-case code (codes are unique whatever
    the case, so "bolt-1" in a file does not register a second BOLT-1)."""
    wanted = sorted({r.values["code"].upper() for r in rows})
    found = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for item in Item.objects.annotate(upper_code=Upper("code")).filter(upper_code__in=chunk):
            found[item.code.upper()] = item
    return found


def _categories_by_key() -> dict[str, Category]:
    found = {}
    for category in Category.objects.all():
        found[category.name.lower()] = category
        found[category.code] = category
    return found


def _category(categories: dict[str, Category], name: str) -> Category | None:
    return categories.get(name.lower()) or categories.get(slugify(name))
