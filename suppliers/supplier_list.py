"""What other apps add to the supplier list: columns, filters, sorts and the annotations
they read.

The supplier list (the page, its filters and sorts, ``/api/suppliers/``) belongs to
suppliers, but some of what it shows belongs to higher apps: the current standing to
scorecards, the risk level and Kraljic segment to risk. Suppliers never imports them.
Each registers a ``SupplierListPart`` in its ``AppConfig.ready()``, as supplier-page
tabs are registered with ``srm.core.navigation.register_supplier_tabs``.

The filters are read once, when ``suppliers.filtersets.SupplierFilterSet`` is built
(the API schema reads them from the class), so registering after that is an error
rather than a filter that silently never appears.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

import django_filters
import django_tables2 as tables
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet

from srm.core.permissions import can


@dataclass(frozen=True)
class SupplierListPart:
    """One app's contribution to the supplier list.

    * ``permission``: ``(action, model)``; a user without it gets none of the part's
      filters (its columns say the same with their own ``permission`` attribute, which
      ``SupplierTable`` asks).
    * ``annotate``: ``fn(queryset, *, user) -> queryset`` adds the values the columns,
      filters and sorts read, inside the one list query (no query per row), and empty
      values for a user without ``permission``, so sorting by them reveals nothing.
    * ``columns`` and ``filters``: ``(name, instance)`` pairs, shown after the
      supplier's own, parts in ``order``.
    * ``sorts``: annotations ``/api/suppliers/?ordering=`` may sort by (with ``permission``).
    """

    key: str
    permission: tuple[str, type[Model]]
    annotate: Callable[..., QuerySet]
    columns: tuple[tuple[str, tables.Column], ...] = ()
    filters: tuple[tuple[str, django_filters.Filter], ...] = ()
    order: int = 100
    sorts: tuple[str, ...] = ()


_PARTS: dict[str, SupplierListPart] = {}
_filters_read = False


def register_supplier_list_parts(*parts: SupplierListPart) -> None:
    if _filters_read:
        raise ImproperlyConfigured(
            "Supplier-list parts must be registered in AppConfig.ready(), before the "
            "supplier filter set is built."
        )
    for part in parts:
        _PARTS[part.key] = part


def supplier_list_parts() -> list[SupplierListPart]:
    return sorted(_PARTS.values(), key=lambda p: (p.order, p.key))


def annotate_supplier_list(queryset: QuerySet, *, user) -> QuerySet:
    """Every part's annotations on the supplier list query."""
    for part in supplier_list_parts():
        queryset = part.annotate(queryset, user=user)
    return queryset


def supplier_list_filters() -> dict[str, django_filters.Filter]:
    """The filters the parts add, in order (read once, by the filter set class)."""
    global _filters_read
    _filters_read = True
    return {name: f for part in supplier_list_parts() for name, f in part.filters}


def hidden_filters(user) -> list[str]:
    """Names of the parts' filters ``user`` may not use."""
    return [
        name
        for part in supplier_list_parts()
        if not can(user, *part.permission)
        for name, _ in part.filters
    ]


def supplier_list_columns() -> list[tuple[str, tables.Column]]:
    """The columns the parts add, in order, as fresh copies for one table."""
    return [
        (name, copy.deepcopy(column))
        for part in supplier_list_parts()
        for name, column in part.columns
    ]


def supplier_list_sorts(user) -> list[str]:
    """The annotations the parts let ``user`` sort the supplier list by."""
    return [
        name for part in supplier_list_parts() if can(user, *part.permission) for name in part.sorts
    ]
