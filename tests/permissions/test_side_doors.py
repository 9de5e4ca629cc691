"""Side doors (issue 12, finding 3): a field the user may not read cannot be sorted,
filtered or searched by, on a page or the API, and every table and filter set goes through
the choke point's one rule, so a new one cannot forget it."""

from __future__ import annotations

import importlib
from decimal import Decimal

import django_filters
import django_tables2 as tables
import pytest
from django.apps import apps
from rest_framework.test import APIClient

from srm.core import permissions
from srm.core.filtersets import GovernedFilterSet
from srm.core.tables import GovernedTable
from suppliers.models import Contract, Supplier

from ..factories import CategoryFactory, SupplierFactory, UserFactory

pytestmark = pytest.mark.django_db

PROJECT_APPS = ("suppliers", "scorecards", "governance", "risk", "collaboration", "srm")


@pytest.fixture
def spend_world():
    category = CategoryFactory()
    for code, spend in (("LOW", "10"), ("HIGH", "900000"), ("MID", "5000")):
        SupplierFactory(
            code=code,
            name=f"Supplier {code}",
            categories=[category],
            expected_annual_spend=Decimal(spend),
        )
    return category


def _codes_on_page(response) -> list[str]:
    table = response.context["table"]
    return [row.record.code for row in table.paginated_rows]


def test_collaboration_member_cannot_sort_suppliers_by_expected_spend(client, spend_world):
    member = UserFactory(roles=["collaboration_member"])
    assert not permissions.can(member, "view", Contract)
    client.force_login(member)
    response = client.get("/suppliers/", {"sort": "-expected_annual_spend"})
    assert response.status_code == 200
    # The sort by the hidden figure is dropped: the list keeps its own order (by name).
    assert _codes_on_page(response) == ["HIGH", "LOW", "MID"]
    assert b"900,000" not in response.content


def test_who_may_see_contracts_sorts_suppliers_by_expected_spend(client, spend_world):
    analyst = UserFactory(roles=["procurement_analyst"])
    client.force_login(analyst)
    response = client.get("/suppliers/", {"sort": "-expected_annual_spend"})
    assert _codes_on_page(response) == ["HIGH", "MID", "LOW"]


def test_api_ordering_by_a_guarded_field_is_ignored(spend_world):
    api = APIClient()
    api.force_authenticate(UserFactory(roles=["collaboration_member"]))
    response = api.get("/api/suppliers/", {"ordering": "-expected_annual_spend"})
    assert response.status_code == 200
    assert [row["code"] for row in response.json()["results"]] == ["HIGH", "LOW", "MID"]
    assert all("expected_annual_spend" not in row for row in response.json()["results"])


def test_a_path_through_a_relation_is_guarded_too():
    member = UserFactory(roles=["collaboration_member"])
    analyst = UserFactory(roles=["procurement_analyst"])
    for path in ("expected_annual_spend", "-expected_annual_spend", "expected_annual_spend__gte"):
        assert not permissions.may_read_path(member, Supplier, path)
        assert permissions.may_read_path(analyst, Supplier, path)
    assert not permissions.may_read_path(member, Contract, "-supplier__expected_annual_spend")
    assert permissions.may_read_path(member, Contract, "supplier__name")


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _import_rooms(room: str) -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith(PROJECT_APPS):
            continue
        try:
            importlib.import_module(f"{config.name}.{room}")
        except ModuleNotFoundError as exc:
            if not f"{config.name}.{room}".startswith(exc.name):
                raise


def _ours(cls) -> bool:
    return cls.__module__.startswith(PROJECT_APPS)


def test_every_table_sorts_through_the_choke_point():
    """A new table must derive from ``GovernedTable``: its columns are then hidden, and
    its sorts dropped, for a user who may not read their fields."""
    for room in ("tables", "views"):
        _import_rooms(room)
    strays = [
        f"{cls.__module__}.{cls.__name__}"
        for cls in _subclasses(tables.Table)
        if _ours(cls) and not issubclass(cls, GovernedTable)
    ]
    assert not strays, f"tables sorting past the choke point: {strays}"


def test_every_filter_set_filters_through_the_choke_point():
    for room in ("filtersets", "views", "api.views"):
        _import_rooms(room)
    strays = [
        f"{cls.__module__}.{cls.__name__}"
        for cls in _subclasses(django_filters.FilterSet)
        if _ours(cls) and not issubclass(cls, GovernedFilterSet)
    ]
    assert not strays, f"filter sets past the choke point: {strays}"


def test_api_sorts_and_searches_through_the_choke_point(settings):
    backends = settings.REST_FRAMEWORK["DEFAULT_FILTER_BACKENDS"]
    assert "srm.core.api.filters.ReadableOrderingFilter" in backends
    assert "srm.core.api.filters.ReadableSearchFilter" in backends
    assert "rest_framework.filters.OrderingFilter" not in backends
    _import_rooms("api.views")
    from rest_framework.filters import OrderingFilter, SearchFilter
    from rest_framework.generics import GenericAPIView

    from srm.core.api.filters import ReadableOrderingFilter, ReadableSearchFilter

    def unguarded(backends) -> list:
        # A view may set its own backends (the token list drops them all), but a sort or a
        # search among them must be the readable kind.
        return [
            b
            for b in backends
            if (issubclass(b, OrderingFilter) and not issubclass(b, ReadableOrderingFilter))
            or (issubclass(b, SearchFilter) and not issubclass(b, ReadableSearchFilter))
        ]

    overriding = [
        f"{cls.__module__}.{cls.__name__}"
        for cls in _subclasses(GenericAPIView)
        if _ours(cls) and "filter_backends" in vars(cls) and unguarded(cls.filter_backends)
    ]
    assert not overriding, f"API views sorting or searching past the choke point: {overriding}"
