"""The permission matrix's column for choices and sorts (issue 12, finding 3): every
sortable column of every list page and list endpoint, and every row choice of every form,
is declared in ``matrix.CHOICES_AND_SORTS`` with the rule that guards it. A new sortable
column or form choice fails here until it is declared, so whoever adds one says, in review,
who may sort by it or pick from it; a guard that changes (a field rule added or dropped)
fails too."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver
from django_tables2.utils import OrderBy

from srm.core import permissions

from .matrix import CHOICES_AND_SORTS
from .test_side_doors import _import_rooms, _ours, _subclasses


def guard_of(model, path: str) -> str:
    """The field rule along ``path`` from ``model`` (``view suppliers.Contract``), or ``-``:
    the walk of ``permissions.may_read_path``, without a user."""
    current = model
    for name in path.lstrip("-").split("__"):
        if current is None:
            break
        rule = permissions.field_permission(current, name)
        if rule is not None:
            action, target = rule
            return f"{action}:{target._meta.label}"
        try:
            field = current._meta.get_field(name)
        except Exception:  # an annotation or a lookup ends the walk, as in may_read_path
            break
        current = field.related_model if field.is_relation else None
    return "-"


def _list_routes():
    """(url name, view callback) of every named route, outside the admin."""

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                inner = pattern.namespace
                full = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
                yield from walk(pattern.url_patterns, full)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern

    yield from walk(get_resolver().url_patterns, None)


def _page_sorts(name, view_class):
    table_class = getattr(view_class, "table_class", None)
    if table_class is None:
        return
    table = table_class([])
    model = table._meta.model
    for bound in table.columns.iterall():
        if not bound.orderable:
            continue
        action, target = getattr(bound.column, "permission", (None, None))
        if target is not None:
            guard = f"{action}:{target._meta.label}"
        else:
            paths = [OrderBy(o).bare for o in bound.order_by] or [str(bound.accessor)]
            guards = {guard_of(model, p.replace(".", "__")) for p in paths} - {"-"}
            guard = ",".join(sorted(guards)) or "-"
        yield (name, "sort", bound.name, guard)


def _api_sorts(name, viewset):
    fields = getattr(viewset(), "ordering_fields", None) or ()
    if fields == "__all__":
        fields = ["__all__"]
    model = viewset.queryset.model if getattr(viewset, "queryset", None) is not None else None
    for field in fields:
        yield (name, "sort", field, guard_of(model, field) if model else "-")


def _choice_guard(field: forms.ModelChoiceField) -> str:
    model = field.queryset.model
    if issubclass(model, get_user_model()):
        return "people"
    return "reach" if getattr(model, "supplier_path", None) is not None else "open"


def _form_choices():
    for room in ("forms", "views", "filtersets"):
        _import_rooms(room)
    for cls in _subclasses(forms.BaseForm):
        if not _ours(cls):
            continue
        for field_name, field in cls.base_fields.items():
            if isinstance(field, forms.ModelChoiceField):
                yield (
                    f"{cls.__module__}.{cls.__name__}",
                    "choice",
                    field_name,
                    _choice_guard(field),
                )


def _entry(name: str, guard: str) -> str:
    return name if guard == "-" else f"{name}={guard}"


def actual() -> dict[str, set[str]]:
    """Per list route (and per form), its sortable columns (choice fields), each with its
    guard: ``name`` when whoever sees the list may sort by it, ``name=action:app.Model``
    for a field rule, and for a choice ``reach`` (rows within the user's reach), ``people``
    (people the user may pick) or ``open`` (rows bound to no supplier)."""
    rows = set()
    for name, pattern in _list_routes():
        callback = pattern.callback
        view_class = getattr(callback, "view_class", None)
        viewset = getattr(callback, "cls", None)
        if view_class is not None:
            rows |= set(_page_sorts(name, view_class))
        elif viewset is not None and name.endswith("-list"):
            rows |= set(_api_sorts(name, viewset))
    rows |= set(_form_choices())
    found: dict[str, set[str]] = {}
    for route, _kind, name, guard in rows:
        found.setdefault(route, set()).add(_entry(name, guard))
    return found


def declared() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    route = None
    for line in CHOICES_AND_SORTS.strip("\n").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line[0].isspace():  # goes on with the route above
            found[route] |= set(line.split())
            continue
        route, *entries = line.split()
        assert route not in found, f"{route} is declared twice"
        found[route] = set(entries)
    return found


def differences(found: dict[str, set[str]], listed: dict[str, set[str]]) -> list[str]:
    wrong = []
    for route in sorted(found.keys() | listed.keys()):
        have, said = found.get(route, set()), listed.get(route, set())
        if have != said:
            wrong.append(
                f"{route}: undeclared {sorted(have - said)}, "
                f"declared but gone {sorted(said - have)}\n"
                f"  as the code stands: {route}  {' '.join(sorted(have))}"
            )
    return wrong


@pytest.mark.django_db
def test_every_sort_and_choice_is_declared_with_its_guard():
    wrong = differences(actual(), declared())
    assert not wrong, (
        "matrix.CHOICES_AND_SORTS differs from the code (a new sortable column or form "
        "choice must be declared with its guard):\n" + "\n".join(wrong)
    )


@pytest.mark.django_db
def test_a_new_sort_or_a_lost_guard_is_caught(monkeypatch):
    import django_tables2 as tables

    from suppliers.tables import SupplierTable

    # A new sortable column on the supplier list, not declared:
    monkeypatch.setitem(SupplierTable.base_columns, "currency", tables.Column())
    # ... and expected spend no longer guarded:
    monkeypatch.setattr("suppliers.models.Supplier.field_permissions", {})
    wrong = "\n".join(differences(actual(), declared()))
    assert "suppliers:supplier_list: undeclared ['currency', 'expected_annual_spend']" in wrong
    assert "api:supplier-list: undeclared ['expected_annual_spend']" in wrong
