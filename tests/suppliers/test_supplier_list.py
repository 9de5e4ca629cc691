"""The supplier list's extension point: scorecards and risk add their columns and filters
through it, in order, and a part registered too late fails loudly."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from scorecards.models import Scorecard
from suppliers import supplier_list
from suppliers.filtersets import SupplierFilterSet
from suppliers.models import Supplier
from suppliers.tables import SupplierTable


def test_scorecards_and_risk_add_their_filters_and_columns_after_the_suppliers_own():
    assert list(SupplierFilterSet.base_filters)[-4:] == [
        "blocked",
        "standing",
        "risk_level",
        "kraljic",
    ]
    table = SupplierTable(Supplier.objects.none())
    assert list(table.columns.names())[-3:] == [
        "relationship_owner",
        "current_standing",
        "risk_level",
    ]


def test_a_part_registered_after_the_filter_set_was_built_is_an_error():
    late = supplier_list.SupplierListPart(
        key="late", permission=("view", Scorecard), annotate=lambda qs, *, user: qs
    )
    with pytest.raises(ImproperlyConfigured):
        supplier_list.register_supplier_list_parts(late)
    assert "late" not in {p.key for p in supplier_list.supplier_list_parts()}
