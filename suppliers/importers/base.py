"""The import framework (SPEC §9): read a CSV or XLSX table, parse and check every
row, and either apply all rows in one transaction or write nothing and answer
with every bad row (line, column, reason).

Each kind is an ``Importer`` registered in ``IMPORTERS``; other apps add their
kinds (risk inputs, regional data) the same way in their ``AppConfig.ready``.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction

from srm.audit.services import AuditSubject, audit_record
from srm.core import permissions

from .. import freshness
from ..models import ImportBatch
from .reading import TableError, read_table, size_label

FILE = "file"  # the "column" of an error about the file as a whole


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    reason: str

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "reason": self.reason}


@dataclass
class ImportResult:
    kind: str
    filename: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    batch_id: int | None = None
    # The scores of the supplier-months the import touched (``freshness.summary``).
    scores: dict | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "filename": self.filename,
            "ok": self.ok,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "notes": self.notes,
            "batch": self.batch_id,
            "errors": [e.as_dict() for e in self.errors],
            "scores": self.scores,
        }


@dataclass(frozen=True)
class Row:
    line: int
    values: dict


@dataclass(frozen=True)
class Applied:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    notes: tuple[str, ...] = ()


# --- cell parsers: each takes the raw cell and returns a value or raises ValueError(reason)


def _blank(raw) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


def text(max_length: int) -> Callable:
    def parse(raw) -> str:
        value = str(raw).strip()
        if len(value) > max_length:
            raise ValueError(f"longer than {max_length} characters")
        return value

    return parse


def code(max_length: int) -> Callable:
    def parse(raw) -> str:
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        value = str(raw).strip()
        if len(value) > max_length:
            raise ValueError(f"longer than {max_length} characters")
        if not value[0].isalnum() or not all(c.isalnum() or c in "._-" for c in value):
            raise ValueError(f"'{value}' is not a valid code (letters, digits, . _ -)")
        return value

    return parse


def iso_date(raw) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    value = str(raw).strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a date in ISO 8601 form (YYYY-MM-DD)") from None


def decimal(
    *,
    minimum: Decimal | None = None,
    maximum: Decimal | None = None,
    places: int = 4,
    strictly_positive: bool = False,
) -> Callable:
    def parse(raw) -> Decimal:
        if isinstance(raw, bool):
            raise ValueError("is not a number")
        if isinstance(raw, int | float):
            value = Decimal(str(raw))
        else:
            text_value = str(raw).strip()
            if "," in text_value:
                raise ValueError(f"'{text_value}' is not a number (use a dot as decimal separator)")
            try:
                value = Decimal(text_value)
            except InvalidOperation:
                raise ValueError(f"'{text_value}' is not a number") from None
        if not value.is_finite():
            raise ValueError("is not a finite number")
        if strictly_positive and value <= 0:
            raise ValueError(f"must be greater than 0, got {value}")
        if minimum is not None and value < minimum:
            raise ValueError(f"must be at least {minimum}, got {value}")
        if maximum is not None and value > maximum:
            raise ValueError(f"must be at most {maximum}, got {value}")
        if -value.as_tuple().exponent > places and value != value.quantize(
            Decimal(1).scaleb(-places)
        ):
            raise ValueError(f"has more than {places} decimal places")
        return value

    return parse


def integer(*, minimum: int | None = None, maximum: int | None = None) -> Callable:
    def parse(raw) -> int:
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        try:
            value = int(str(raw).strip())
        except ValueError:
            raise ValueError(f"'{raw}' is not a whole number") from None
        if minimum is not None and value < minimum:
            raise ValueError(f"must be at least {minimum}, got {value}")
        if maximum is not None and value > maximum:
            raise ValueError(f"must be at most {maximum}, got {value}")
        return value

    return parse


def choice(options: dict[str, object]) -> Callable:
    """``options`` maps accepted spellings (compared case-insensitively) to values."""
    lowered = {k.lower(): v for k, v in options.items()}

    def parse(raw) -> object:
        value = str(raw).strip()
        if value.lower() not in lowered:
            raise ValueError(f"'{value}' is not one of: {', '.join(options)}")
        return lowered[value.lower()]

    return parse


def boolean(raw) -> bool:
    if isinstance(raw, bool):
        return raw
    value = str(raw).strip().lower()
    if value in {"true", "yes", "y", "1", "passed", "pass"}:
        return True
    if value in {"false", "no", "n", "0", "failed", "fail"}:
        return False
    raise ValueError(f"'{raw}' is not true or false")


@dataclass(frozen=True)
class Column:
    name: str
    parse: Callable
    required: bool = True
    default: object = None


class Importer:
    """One import kind. Subclasses declare ``columns`` and implement ``check`` and ``apply``."""

    kind: str = ""
    label: str = ""
    columns: tuple[Column, ...] = ()
    # (model, action) pairs the importing user needs.
    required_permissions: tuple[tuple[type, str], ...] = ()

    def check_permission(self, user) -> None:
        for model, action in self.required_permissions:
            if not permissions.can(user, action, model):
                raise PermissionDenied(
                    f"You may not import {self.kind}: it needs the "
                    f"'{action}' permission on {model._meta.verbose_name_plural}."
                )

    def parse_row(self, line: int, raw: dict) -> tuple[dict, list[RowError]]:
        values, errors = {}, []
        for column in self.columns:
            cell = raw.get(column.name)
            if isinstance(cell, str) and "\x00" in cell:
                # PostgreSQL refuses NUL in text and SQLite would store it: refuse it everywhere.
                errors.append(RowError(line, column.name, "contains a NUL character"))
                continue
            if _blank(cell):
                if column.required:
                    errors.append(RowError(line, column.name, "is required"))
                values[column.name] = column.default
                continue
            try:
                values[column.name] = column.parse(cell)
            except ValueError as exc:
                errors.append(RowError(line, column.name, str(exc)))
        return values, errors

    def check(self, rows: list[Row], user) -> list[RowError]:
        """Checks across rows and against the database, over the rows that parsed cleanly
        (a row with a format error is left out, so its values need not be checked for)."""
        return []

    def apply(self, rows: list[Row], user, batch: ImportBatch) -> Applied:
        raise NotImplementedError


IMPORTERS: dict[str, Importer] = {}


def register(importer: Importer) -> Importer:
    IMPORTERS[importer.kind] = importer
    return importer


# --- reading files ------------------------------------------------------------------


def _normalise_header(cell) -> str:
    return str(cell or "").strip().lower().lstrip("\ufeff")


def _read_file(importer: Importer, filename: str, stream: BinaryIO, result: ImportResult) -> list:
    """The file's data rows as (line, {column: cell}); header problems go to ``result.errors``."""
    raw_rows: list[tuple[int, dict]] = []
    try:
        table = read_table(filename, stream)
        header_line, header = next(
            ((n, c) for n, c in table if any(not _blank(x) for x in c)), (1, [])
        )
        names = [_normalise_header(c) for c in header]
        expected = {c.name for c in importer.columns}
        unknown = [n for n in names if n and n not in expected]
        missing = [c.name for c in importer.columns if c.required and c.name not in names]
        for name in unknown:
            result.errors.append(RowError(header_line, name[:60], "unknown column"))
        for name in missing:
            result.errors.append(RowError(header_line, name, "missing column"))
        if unknown or missing:
            return []
        for line, cells in table:
            if all(_blank(c) for c in cells):
                continue
            if len(raw_rows) >= settings.IMPORT_MAX_ROWS:
                result.errors.append(
                    RowError(
                        line, FILE, f"more than {settings.IMPORT_MAX_ROWS} rows: split the file"
                    )
                )
                return []
            raw_rows.append((line, dict(zip(names, cells, strict=False))))
    except TableError as exc:
        result.errors.append(RowError(exc.line, FILE, str(exc)))
        return []
    return raw_rows


def _as_stream(data: bytes | BinaryIO) -> tuple[BinaryIO, int]:
    """A seekable binary stream over ``data`` and its size, without reading it whole."""
    if isinstance(data, bytes | bytearray):
        return io.BytesIO(data), len(data)
    stream = getattr(data, "file", data)  # a Django UploadedFile wraps the real file
    size = getattr(data, "size", None)
    if size is None:
        size = stream.seek(0, io.SEEK_END)
    stream.seek(0)
    return stream, size


def _sha256(stream: BinaryIO) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def import_run(*, actor, kind: str, filename: str, data: bytes | BinaryIO) -> ImportResult:
    """Import a file all-or-nothing.

    ``data`` is the file's bytes or a seekable binary file (an upload, an open
    file); it is read in bounded steps, never whole. Returns a result with
    ``errors`` listing every bad row (and then nothing was written), or with the
    counts of created, updated and unchanged rows, an ``ImportBatch`` and an
    audit row for the whole file.
    """
    importer = IMPORTERS.get(kind)
    result = ImportResult(kind=kind, filename=filename)
    if importer is None:
        result.errors.append(
            RowError(0, "kind", f"unknown import kind '{kind}'; one of: {', '.join(IMPORTERS)}")
        )
        return result
    importer.check_permission(actor)
    stream, size = _as_stream(data)
    if getattr(data, "oversized", False) or size > settings.IMPORT_MAX_BYTES:
        result.errors.append(
            RowError(0, FILE, f"the file is larger than {size_label(settings.IMPORT_MAX_BYTES)}")
        )
        return result
    sha256 = _sha256(stream)
    raw_rows = _read_file(importer, filename, stream, result)
    if result.errors:
        return result
    return _run(importer, actor, raw_rows, result, sha256)


def import_records(*, actor, kind: str, records: list[dict], source: str = "api") -> ImportResult:
    """Import rows given as mappings (an API push) with the same checks as a file;
    row ``n`` of the list is reported as line ``n``."""
    importer = IMPORTERS[kind]
    result = ImportResult(kind=kind, filename=source)
    importer.check_permission(actor)
    if len(records) > settings.IMPORT_MAX_ROWS:
        result.errors.append(RowError(0, FILE, f"more than {settings.IMPORT_MAX_ROWS} rows"))
        return result
    expected = {c.name for c in importer.columns}
    raw_rows = []
    for line, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            result.errors.append(RowError(line, FILE, "is not an object"))
            continue
        for name in sorted(set(record) - expected):
            result.errors.append(RowError(line, str(name)[:60], "unknown field"))
        raw_rows.append((line, {k: v for k, v in record.items() if k in expected}))
    if result.errors:
        return result
    digest = hashlib.sha256(repr(records).encode()).hexdigest()
    return _run(importer, actor, raw_rows, result, digest)


def _run(importer: Importer, actor, raw_rows: list, result: ImportResult, sha256: str):
    rows: list[Row] = []
    clean: list[Row] = []
    for line, raw in raw_rows:
        values, errors = importer.parse_row(line, raw)
        result.errors.extend(errors)
        rows.append(Row(line, values))
        if not errors:
            clean.append(rows[-1])
    result.rows = len(rows)
    if not rows and not result.errors:
        result.errors.append(RowError(0, FILE, "there are no data rows"))
    # Reference checks run over every row that parsed, also when others did not, so
    # one answer names every bad row of every kind (a format error on line 23 and
    # an unknown supplier on line 22).
    if clean:
        result.errors.extend(importer.check(clean, actor))
    if result.errors:
        result.errors.sort(key=lambda e: (e.line, e.column))
        return result
    # The import's transaction commits at the end of the block: the recompute of the
    # supplier-months it touched is sent then (and has run, in the embedded mode).
    with freshness.collecting() as touched, transaction.atomic():
        batch = ImportBatch.objects.create(
            kind=importer.kind,
            filename=result.filename[:255],
            sha256=sha256,
            uploaded_by=actor if actor and actor.pk else None,
            status=ImportBatch.Status.APPLIED,
            rows=len(rows),
        )
        applied = importer.apply(rows, actor, batch)
        batch.created_count, batch.updated_count = applied.created, applied.updated
        batch.unchanged_count = applied.unchanged
        batch.save(update_fields=["created_count", "updated_count", "unchanged_count"])
        audit_record(
            actor=actor,
            action=f"import:{importer.kind}",
            subject=AuditSubject("suppliers.importbatch", str(batch.pk), str(batch)[:200]),
            after={
                "filename": result.filename,
                "sha256": sha256,
                "rows": len(rows),
                "created": applied.created,
                "updated": applied.updated,
                "unchanged": applied.unchanged,
            },
        )
    result.created, result.updated, result.unchanged = (
        applied.created,
        applied.updated,
        applied.unchanged,
    )
    result.notes = list(applied.notes)
    result.batch_id = batch.pk
    result.scores = freshness.summary(touched)
    return result


# --- item codes: one rule for every import -------------------------------------------------


def unknown_item_errors(rows: list[Row], column: str = "item_code") -> list[RowError]:
    """Every import refuses a row naming an item code that is not registered, with the
    same words (the receipts, forecasts and price-list imports alike; SPEC §9).

    Registering items silently from a receipts feed turned typos into items nobody
    curated (no name, no category, not critical), and a forecast file then named the same
    code differently; the register is kept by the items import, the items page and
    ``POST /api/items/``. One query for the whole file."""
    from ..models import Item

    codes = {r.values[column] for r in rows if r.values.get(column)}
    known = set(Item.objects.filter(code__in=codes).values_list("code", flat=True))
    return [
        RowError(
            r.line,
            column,
            f"no item with code '{r.values[column]}': register it first "
            "(items import, the Items page or POST /api/items/)",
        )
        for r in rows
        if r.values.get(column) and r.values[column] not in known
    ]
