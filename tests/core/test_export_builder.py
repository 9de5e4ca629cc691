"""The one export builder (issue 12 finding 3, issue 18 point 9): an export carries only
the columns the user may read, keeps the page's order and columns, writes human headers,
typed XLSX cells under a frozen, filterable header, and never a formula."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from srm.core.exports import Column, Table, attribute, build_table, to_csv, to_xlsx
from suppliers.models import Supplier

from ..factories import CategoryFactory, SupplierFactory, UserFactory


def _csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


SPEND_COLUMNS = [
    Column("code", "Code", attribute("code"), "code"),
    Column("spend", "Expected spend", attribute("expected_annual_spend"), "expected_annual_spend"),
]


@pytest.mark.django_db
def test_the_builder_drops_a_column_the_user_may_not_read():
    supplier = SupplierFactory(code="HIGH", expected_annual_spend=Decimal("900000"))
    member = UserFactory(roles=["collaboration_member"])
    analyst = UserFactory(roles=["procurement_analyst"])

    hidden = build_table([supplier], SPEND_COLUMNS, user=member, model=Supplier)
    assert hidden.columns == ["Code"] and [list(r) for r in hidden.rows] == [["HIGH"]]
    shown = build_table([supplier], SPEND_COLUMNS, user=analyst, model=Supplier, headers="keys")
    assert shown.columns == ["code", "spend"]
    assert [list(r) for r in shown.rows] == [["HIGH", Decimal("900000")]]


@pytest.fixture
def spend_world():
    category = CategoryFactory()
    for code, spend in (("LOW", "10"), ("HIGH", "900000"), ("MID", "5000")):
        SupplierFactory(code=code, name=f"Supplier {code}", categories=[category],
                        expected_annual_spend=Decimal(spend))  # fmt: skip
    return category


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_supplier_list_export_hides_expected_spend_from_a_collaboration_member(
    client, spend_world, fmt
):
    client.force_login(UserFactory(roles=["collaboration_member"]))
    response = client.get("/suppliers/", {"export": fmt, "sort": "-expected_annual_spend"})
    assert response.status_code == 200
    if fmt == "csv":
        rows = _csv(response.content)
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [["" if c is None else str(c) for c in r] for r in sheet.iter_rows(values_only=True)]
    header = rows[0]
    assert "Code" in header and "Expected spend / yr" not in header
    assert not any("900000" in cell or "900,000" in cell for row in rows for cell in row)
    # The hidden sort is dropped: the page's own order (by name).
    assert [r[header.index("Code")] for r in rows[1:]] == ["HIGH", "LOW", "MID"]


@pytest.mark.django_db
def test_supplier_list_export_keeps_the_page_sort_filters_and_columns(
    client, spend_world, django_assert_max_num_queries
):
    SupplierFactory(code="ELSE", region="APAC")
    client.force_login(UserFactory(roles=["procurement_analyst"]))
    with django_assert_max_num_queries(12):
        response = client.get(
            "/suppliers/", {"export": "csv", "sort": "-expected_annual_spend", "region": "EMEA"}
        )
    assert response["Content-Disposition"].startswith('attachment; filename="suppliers-')
    rows = _csv(response.content)
    page = client.get("/suppliers/", {"sort": "-expected_annual_spend", "region": "EMEA"})
    shown = [str(c.header) for c in page.context["table"].columns]
    assert rows[0] == [h for h in shown if h]  # the page's columns, under its headers
    spend = rows[0].index("Expected spend / yr")
    assert [(r[0], r[spend]) for r in rows[1:]] == [
        ("HIGH", "900000.0"), ("MID", "5000.0"), ("LOW", "10.0")
    ]  # fmt: skip


def test_xlsx_has_typed_cells_a_frozen_filterable_header_and_no_formula():
    when = timezone.make_aware(datetime(2026, 3, 4, 5, 6, 7))
    table = Table(
        ["Name", "Spend", "Count", "Day", "When"],
        [["=HYPERLINK(\"x\")", Decimal("1234.5"), 3, date(2026, 1, 2), when],
         ["+1", None, -2, None, None]],
        title="a/b: c",
    )  # fmt: skip
    sheet = load_workbook(io.BytesIO(to_xlsx(table))).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E3"
    name, spend, count, day, moment = sheet[2]
    assert name.value == '\'=HYPERLINK("x")' and name.data_type == "s"
    assert spend.value == 1234.5 and spend.number_format == "#,##0.00"
    assert count.value == 3 and count.number_format == "#,##0"
    assert day.is_date and day.value.date() == date(2026, 1, 2)
    assert moment.is_date and moment.value == timezone.localtime(when).replace(tzinfo=None)
    assert sheet["A3"].value == "'+1" and sheet["C3"].value == -2
    assert sheet["A1"].font.b


def test_csv_neutralises_every_formula_start_and_writes_dates_plainly():
    table = Table(
        ["v"], [[s] for s in ("=1", "+1", "-1", "@x", "\tx", "\rx", "ok")] + [[date(2026, 1, 2)]]
    )
    cells = [r[0] for r in _csv(to_csv(table))[1:]]
    assert cells == ["'=1", "'+1", "'-1", "'@x", "'\tx", "'\rx", "ok", "2026-01-02"]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_api_supplier_export_hides_expected_spend_from_a_collaboration_member(
    api_client, spend_world, fmt
):
    api_client.force_authenticate(UserFactory(roles=["collaboration_member"]))
    response = api_client.get(
        "/api/suppliers/", {"format": fmt, "ordering": "-expected_annual_spend"}
    )
    assert response.status_code == 200
    if fmt == "csv":
        rows = _csv(response.content)
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [["" if c is None else str(c) for c in r] for r in sheet.iter_rows(values_only=True)]
    assert rows[0][:2] == ["code", "name"] and "expected_annual_spend" not in rows[0]
    assert [r[0] for r in rows[1:]] == ["HIGH", "LOW", "MID"]  # the hidden sort is ignored


@pytest.mark.django_db
def test_api_supplier_export_keeps_the_api_order_for_who_may_read_spend(
    api_client, spend_world, django_assert_max_num_queries
):
    api_client.force_authenticate(UserFactory(roles=["procurement_analyst"]))
    with django_assert_max_num_queries(10):
        response = api_client.get(
            "/api/suppliers/", {"format": "csv", "ordering": "-expected_annual_spend"}
        )
    rows = _csv(response.content)
    spend = rows[0].index("expected_annual_spend")
    assert [(r[0], r[spend]) for r in rows[1:]] == [
        ("HIGH", "900000.0"), ("MID", "5000.0"), ("LOW", "10.0")
    ]  # fmt: skip


@pytest.mark.django_db
def test_page_export_writes_a_choice_by_its_label_and_a_number_as_a_number():
    import django_tables2 as tables
    from django.test import RequestFactory

    from srm.core.exports import page_table
    from srm.core.tables import GovernedTable

    class TierTable(GovernedTable):
        class Meta:
            model = Supplier
            fields = ("code", "tier", "expected_annual_spend")

    SupplierFactory(code="T2", tier=2, expected_annual_spend=Decimal("12.50"))
    analyst = UserFactory(roles=["procurement_analyst"])
    request = RequestFactory().get("/")
    request.user = analyst
    table = TierTable(Supplier.objects.all(), request=request)
    tables.RequestConfig(request, paginate=False).configure(table)
    built = page_table(table, user=analyst)
    assert list(built.rows) == [["T2", "Tier 2 (preferred)", Decimal("12.50")]]
