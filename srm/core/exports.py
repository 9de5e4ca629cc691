"""Tables out as CSV or XLSX: the one place exports are written, for pages and API alike.

An export is declared as columns (``Column``): a key, a human header, how to read the value
from a row, the ORM path the value comes from and the kind of number it is. ``build_table``
is the one builder: it drops every column whose path the user may not read
(``permissions.may_read_path``, the rule sorts, filters and search obey), so an export can
never carry what the page hides. ``page_table`` declares the columns of a list page's table
(``GovernedTable``), in the page's order and with its sort and filters applied.

Pages write human headers (the translated verbose names); the API keeps the keys, which
tools rely on. Both go through the same writer: numbers stay numbers (XLSX cells with a
number format), dates stay dates, the header row is frozen and filterable, and a text that
a spreadsheet would run as a formula is neutralised.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Model
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags

from . import permissions

EXPORT_FORMATS = ("csv", "xlsx")
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Kinds of value and their XLSX number formats; text (``""``) has none.
NUMBER_FORMATS = {
    "integer": "#,##0",
    "decimal": "#,##0.00",
    "percent": "0.00",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm:ss",
}


@dataclass(frozen=True)
class Table:
    """What the writers take: the header row, the rows, a kind per column (``NUMBER_FORMATS``)."""

    columns: Sequence[str]
    rows: Iterable[Sequence]
    title: str = "export"
    kinds: Sequence[str] = ()


@dataclass(frozen=True)
class Column:
    """One column of an export.

    ``path`` is the ORM lookup the value is read from (``supplier__expected_annual_spend``),
    asked of the choke point for every user; ``None`` only for a value computed from
    columns that are asked themselves (a movement between two scores)."""

    key: str
    header: Any
    value: Callable[[Any], Any]
    path: str | None
    kind: str = ""


def attribute(path: str) -> Callable[[Any], Any]:
    """A reader of ``a__b`` from a row (``None`` where a step is missing)."""

    def read(row):
        for name in path.split("__"):
            row = getattr(row, name, None)
            if row is None:
                return None
        return row

    return read


def readable_columns(columns: Iterable[Column], *, user, model: type[Model]) -> list[Column]:
    """The columns ``user`` may read: the field rule of the choke point, applied to exports."""
    return [c for c in columns if c.path is None or permissions.may_read_path(user, model, c.path)]


def build_table(
    rows: Iterable,
    columns: Sequence[Column],
    *,
    user,
    model: type[Model],
    title: str = "export",
    headers: str = "human",
) -> Table:
    """The one builder of exports: ``rows`` (model rows of ``model``, already restricted
    and ordered as the page or endpoint shows them) under the ``columns`` the user may read.
    ``headers="human"`` (pages) writes the translated headers, ``"keys"`` (API) the keys."""
    shown = readable_columns(columns, user=user, model=model)
    return Table(
        columns=[str(c.header) if headers == "human" else c.key for c in shown],
        rows=([c.value(row) for c in shown] for row in rows),
        title=title,
        kinds=[c.kind for c in shown],
    )


def _kind_of(value) -> str:
    if isinstance(value, bool):
        return ""
    if isinstance(value, int):
        return "integer"
    if isinstance(value, Decimal | float):
        return "decimal"
    if isinstance(value, datetime):
        return "datetime"
    if isinstance(value, date):
        return "date"
    return ""


def page_table(table, *, user, title: str = "export") -> Table:
    """The export of a list page: the columns of its table (a ``GovernedTable`` built over
    every row the filters keep, sorted as the request asks), in the page's sequence, under
    their verbose names. A value that is a number or a date is exported as such; anything
    else as the text the page shows (without its HTML)."""
    model = table._meta.model
    columns = []
    for bound in table.columns.iterall():
        if not bound.visible or getattr(bound.column, "exclude_from_export", False):
            continue
        if not table.column_readable(user, bound.name):
            continue
        columns.append(
            Column(
                key=bound.name,
                header=bound.verbose_name,
                value=_cell_reader(
                    bound.name, bound.accessor, typed=not _has_choices(model, bound)
                ),
                path=_column_path(bound),
            )
        )
    # No kind declared: the writer types each cell by its value (a number, a date).
    return build_table(table.rows, columns, user=user, model=model, title=title)


def _column_path(bound) -> str:
    from django_tables2.utils import OrderBy

    paths = [OrderBy(o).bare for o in bound.order_by] or [str(bound.accessor)]
    return paths[0].replace(".", "__")


def _has_choices(model, bound) -> bool:
    """Is the column a field with choices (a tier: its label, not its number, is exported)?"""
    from django.core.exceptions import FieldDoesNotExist

    try:
        return bool(model._meta.get_field(str(bound.accessor)).choices)
    except (FieldDoesNotExist, AttributeError):
        return False


def _cell_reader(name: str, accessor, *, typed: bool = True) -> Callable:
    def read(bound_row):
        raw = accessor.resolve(bound_row.record, quiet=True) if typed else None
        if _kind_of(raw):
            return raw
        value = bound_row.get_cell_value(name)
        if value is None:
            return None
        # A cell the page renders as a link or a badge: its text, as the reader sees it.
        text = " ".join(html.unescape(strip_tags(str(value))).split())
        return None if text in ("—", "–", "") else text

    return read


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime) and timezone.is_aware(value):
        # Spreadsheets know no time zones: the local wall-clock time the pages show.
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        # A supplier named "=HYPERLINK(...)" must stay text in the user's spreadsheet.
        return "'" + value
    if value is not None and not isinstance(value, int | float | date | str):
        return _cell(str(value))
    return value


def to_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    # CRLF (RFC 4180): a CR inside a cell is then quoted like a line feed, never a row break.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow(["" if v is None else _csv_text(_cell(v)) for v in row])
    # BOM so spreadsheet programs read the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode()


def _csv_text(value):
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(max(index, 1))


def to_xlsx(table: Table) -> bytes:
    """The table as one sheet, written in openpyxl's write-only mode (rows stream into the
    file, whatever their number): a frozen, filterable header row, numbers and dates as
    typed cells with a number format."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(table.title))
    sheet.freeze_panes = "A2"
    header = []
    for name in table.columns:
        cell = WriteOnlyCell(sheet, value=_cell(str(name)))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    kinds = list(table.kinds)
    count = 1
    for row in table.rows:
        cells = []
        for index, value in enumerate(row):
            value = _cell(value)
            kind = (kinds[index] if index < len(kinds) else "") or _kind_of(value)
            if kind in NUMBER_FORMATS and value is not None and not isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = NUMBER_FORMATS[kind]
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
        count += 1
    sheet.auto_filter.ref = f"A1:{_column_letter(len(table.columns))}{count}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    # Excel refuses these characters in a sheet's name, and more than 31 of any.
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in str(title))
    return cleaned[:31].strip() or "export"


def file_response(table: Table, fmt: str, filename: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(to_xlsx(table), content_type=XLSX_MEDIA_TYPE)
    else:
        fmt = "csv"
        response = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
