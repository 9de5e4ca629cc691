"""Reading an import file into (line, cells) pairs with bounded work.

Every limit is checked before the work that is proportional to it: the size
while the upload streams in (``srm.core.uploads``), the zip directory of an
XLSX (uncompressed sizes, compression ratio, entries) before anything is
decompressed, the shared-strings count before openpyxl loads them, the declared
``<dimension>`` before a row is read, and then the real rows and columns as they
stream. A breached limit raises ``TableError`` with a message for the user,
never a 500 or a traceback.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import PurePath
from typing import BinaryIO

from django.conf import settings
from django.utils.translation import gettext as _


class TableError(ValueError):
    """The file cannot be read; ``line`` is 0 for the file as a whole."""

    def __init__(self, reason: str, line: int = 0):
        super().__init__(reason)
        self.line = line


def size_label(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    if size >= 1024:
        return f"{size / 1024:g} KB"
    return f"{size} bytes"


def read_table(filename: str, stream: BinaryIO) -> Iterator[tuple[int, list]]:
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".csv":
        return _read_csv(stream)
    if suffix == ".xlsx":
        return _read_xlsx(stream)
    raise TableError(
        _("unsupported file type '%(suffix)s': use .csv or .xlsx") % {"suffix": suffix or filename}
    )


# --- CSV ------------------------------------------------------------------------------


def _lines(text: io.TextIOBase, max_chars: int) -> Iterator[str]:
    """The file's physical lines, refusing a line longer than ``max_chars``."""
    number = 0
    while True:
        line = text.readline(max_chars + 1)
        if not line:
            return
        number += 1
        if len(line) > max_chars:
            raise TableError(
                _("line %(line)s is longer than %(max)s characters")
                % {"line": number, "max": max_chars},
                line=number,
            )
        yield line


def _read_csv(stream: BinaryIO) -> Iterator[tuple[int, list]]:
    head = stream.read(4)
    stream.seek(0)
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        raise TableError(_("the file is UTF-16 text: save it as CSV UTF-8"))
    if head == b"PK\x03\x04":
        raise TableError(_("the file is a zip archive (an XLSX?), not CSV text: name it .xlsx"))
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    max_cell = settings.IMPORT_MAX_CELL_CHARS
    # The limit is process-wide in the csv module; every import sets the same value.
    csv.field_size_limit(max_cell)
    lines = _lines(text, settings.IMPORT_MAX_LINE_CHARS)
    reader = None
    try:
        first = next(lines, "")
        delimiter = max(",;\t", key=first.count)

        def replay():
            if first:
                yield first
            yield from lines

        reader = csv.reader(replay(), delimiter=delimiter)
        for cells in reader:
            if len(cells) > settings.IMPORT_MAX_COLUMNS:
                raise TableError(
                    _("line %(line)s has more than %(max)s columns")
                    % {"line": reader.line_num, "max": settings.IMPORT_MAX_COLUMNS},
                    line=reader.line_num,
                )
            yield reader.line_num, cells
    except UnicodeDecodeError:
        line = reader.line_num + 1 if reader else 1
        raise TableError(
            _("the file is not UTF-8 text (near line %(line)s)") % {"line": line}, line=line
        ) from None
    except csv.Error as exc:
        line = reader.line_num if reader else 1
        if "field larger than field limit" in str(exc):
            reason = _("line %(line)s has a cell longer than %(max)s characters") % {
                "line": line,
                "max": max_cell,
            }
        else:
            reason = _("line %(line)s is not valid CSV: %(error)s") % {"line": line, "error": exc}
        raise TableError(reason, line=line) from None
    finally:
        text.detach()


# --- XLSX -----------------------------------------------------------------------------

_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\bref\s*=\s*[\"']([A-Za-z0-9:$]+)[\"']")
_SHARED_COUNT = re.compile(rb"\buniqueCount\s*=\s*[\"'](\d+)[\"']")


def _not_xlsx() -> TableError:
    return TableError(_("the file is not a readable XLSX workbook"))


def _check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse a zip whose declared contents are too big before decompressing anything.

    ``zipfile`` stops reading an entry at its declared size, so the declared
    sizes bound the real work."""
    entries = archive.infolist()
    if len(entries) > settings.IMPORT_XLSX_MAX_ENTRIES:
        raise TableError(
            _("the workbook holds more than %(max)s parts")
            % {"max": settings.IMPORT_XLSX_MAX_ENTRIES}
        )
    total = sum(e.file_size for e in entries)
    if total > settings.IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES:
        raise TableError(
            _("the workbook unpacks to more than %(max)s")
            % {"max": size_label(settings.IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES)}
        )
    for entry in entries:
        # Small parts compress well and harmlessly; a ratio matters once a part is big.
        if entry.file_size > 1024 * 1024 and (
            entry.file_size > settings.IMPORT_XLSX_MAX_RATIO * max(entry.compress_size, 1)
        ):
            raise TableError(
                _("the workbook part %(name)s is compressed more than %(ratio)s to 1: refused")
                % {"name": entry.filename[:80], "ratio": settings.IMPORT_XLSX_MAX_RATIO}
            )


def _count_shared_strings(archive: zipfile.ZipFile) -> None:
    names = {n.lower(): n for n in archive.namelist()}
    name = names.get("xl/sharedstrings.xml")
    if name is None:
        return
    limit = settings.IMPORT_XLSX_MAX_SHARED_STRINGS
    count = 0
    tail = b""
    with archive.open(name) as part:
        head = part.read(4096)
        declared = _SHARED_COUNT.search(head)
        if declared and int(declared.group(1)) > limit:
            raise TableError(
                _("the workbook declares more than %(max)s shared strings") % {"max": limit}
            )
        chunk = head
        while chunk:
            block = tail + chunk
            count += block.count(b"<si>") + block.count(b"<si ") + block.count(b"<si/>")
            if count > limit:
                raise TableError(
                    _("the workbook holds more than %(max)s shared strings") % {"max": limit}
                )
            tail = block[-3:]
            chunk = part.read(1024 * 1024)


def _declared_dimension(archive: zipfile.ZipFile, sheet_path: str) -> tuple[int, int] | None:
    """(rows, columns) of the sheet's ``<dimension ref>``, read from its first bytes."""
    from openpyxl.utils.cell import range_boundaries

    with archive.open(sheet_path.lstrip("/")) as part:
        head = part.read(16 * 1024)
    match = _DIMENSION.search(head)
    if not match:
        return None
    try:
        _min_col, _min_row, max_col, max_row = range_boundaries(match.group(1).decode())
    except (ValueError, TypeError):
        raise TableError(_("the sheet declares an unreadable dimension")) from None
    return (max_row or 0), (max_col or 0)


class _RowBudget:
    """The sheet's XML stream, refusing more than ``limit`` bytes between two rows.

    The XML parser holds a whole row in memory before openpyxl sees it; a row of
    megabytes of nested elements would cost far more than its bytes."""

    def __init__(self, source, limit: int):
        self.source, self.limit, self.since_row = source, limit, 0

    def read(self, size=-1):
        chunk = self.source.read(size)
        self.since_row += len(chunk)
        if self.since_row > self.limit:
            raise TableError(
                _("a row holds more than %(max)s of XML") % {"max": size_label(self.limit)}
            )
        return chunk


def _read_xlsx(stream: BinaryIO) -> Iterator[tuple[int, list]]:
    from openpyxl import load_workbook
    from openpyxl.worksheet._reader import WorkSheetParser

    max_rows = settings.IMPORT_MAX_ROWS + 1
    max_columns = settings.IMPORT_MAX_COLUMNS
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _not_xlsx() from None
    try:
        _check_archive(archive)
        _count_shared_strings(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError):
        raise _not_xlsx() from None
    finally:
        archive.close()
    stream.seek(0)
    # openpyxl parses XML with defusedxml (a dependency), which refuses entity bombs.
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception:
        raise _not_xlsx() from None
    line = 0
    try:
        sheet = workbook.worksheets[0]
        declared = _declared_dimension(workbook._archive, sheet._worksheet_path)
        if declared and declared[0] > max_rows:
            raise TableError(
                _("the sheet declares %(rows)s rows; at most %(max)s are accepted")
                % {"rows": declared[0], "max": max_rows - 1}
            )
        if declared and declared[1] > max_columns:
            raise TableError(
                _("the sheet declares %(columns)s columns; at most %(max)s are accepted")
                % {"columns": declared[1], "max": max_columns}
            )
        # openpyxl's own row iterator pads every row to the declared width and
        # every gap to an empty row; reading the parsed cells directly keeps the
        # work proportional to the cells really present.
        with sheet._get_source() as source:
            budget = _RowBudget(source, settings.IMPORT_XLSX_MAX_ROW_BYTES)
            parser = WorkSheetParser(
                budget,
                sheet._shared_strings,
                data_only=True,
                epoch=workbook.epoch,
                date_formats=workbook._date_formats,
                timedelta_formats=workbook._timedelta_formats,
            )
            for line, cells in parser.parse():
                if line > max_rows:
                    raise TableError(
                        _("the sheet has data beyond row %(max)s") % {"max": max_rows}, line=line
                    )
                budget.since_row = 0
                if not cells:
                    continue
                width = max(c["column"] for c in cells)
                if width > max_columns:
                    raise TableError(
                        _("row %(line)s has data beyond column %(max)s")
                        % {"line": line, "max": max_columns},
                        line=line,
                    )
                values = [None] * width
                for cell in cells:
                    values[cell["column"] - 1] = cell["value"]
                yield line, values
    except TableError as exc:
        exc.line = exc.line or line
        raise
    except Exception:
        # Broken XML after a good start, a cell openpyxl cannot convert, nesting too deep.
        raise TableError(
            _("the sheet is not readable XLSX after row %(line)s") % {"line": line}, line=line
        ) from None
    finally:
        workbook.close()
