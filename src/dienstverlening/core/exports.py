"""Every table can be downloaded: CSV (as Dutch spreadsheet software expects) and XLSX.

Every download goes through ``download`` (or, for a table too large to hold, ``download_stream``)
and every CSV file is written by ``csv_stream`` (``csv_bytes`` is its whole file at once), every
XLSX file by ``xlsx_write`` (``xlsx_write_large`` for a long table of text and numbers), so every
file is safe to open: text a spreadsheet would run as a
formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading
``'`` in CSV and is written as a plain text cell in XLSX, in the column titles as in the rows.
Numbers stay numbers, also negative ones.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from os import PathLike
from typing import IO

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER_TYPES = (int, float, Decimal)
ROWS_PER_PIECE = 1000  # rows of a streamed CSV per piece sent
# Characters XML 1.0 cannot hold (openpyxl refuses them); a large export leaves them out.
XML_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")
XLSX_COMPRESSION = 1  # zlib level of a large XLSX: a few percent larger, several times faster
XLSX_ROWS_PER_WRITE = 1000
# What a cell of ``xlsx_write_large`` may hold (``None`` and ``""`` are empty cells).
LargeCell = str | Promise | bool | int | float | Decimal | None
# Text openpyxl would store as an error value rather than as text.
XLSX_ERRORS = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))


def neutralise(value):
    """Text a spreadsheet would run as a formula, with a ``'`` in front; anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def download(
    filename: str,
    header: Sequence[str],
    rows: Iterable[Sequence],
    *,
    fmt: str,
    notes: Sequence[str] = (),
) -> HttpResponse:
    """The table as a file to download: ``fmt`` ``"xlsx"``, otherwise CSV.

    ``filename`` is slugified and gets the extension. ``notes`` (what a reader must know about
    the table, one line each) go on a second XLSX sheet "Toelichting"; a CSV has no room for them.
    """
    if fmt == "xlsx":
        response = HttpResponse(_xlsx_bytes(filename, header, rows, notes), content_type=XLSX_TYPE)
    else:
        fmt = "csv"
        response = HttpResponse(csv_bytes(header, rows), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename)}.{fmt}"'
    return response


def download_stream(
    filename: str, header: Sequence[str], rows: Iterable[Sequence], *, prepared: bool = False
) -> StreamingHttpResponse:
    """A CSV download sent while its rows are still being read: the first bytes leave at once and
    the memory does not grow with the table. ``rows`` is read lazily, after the view returned;
    ``prepared`` as in ``csv_stream``."""
    response = StreamingHttpResponse(
        csv_stream(header, rows, prepared=prepared), content_type=CSV_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename)}.csv"'
    return response


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """The whole CSV file of ``csv_stream`` at once."""
    return b"".join(csv_stream(header, rows))


def csv_stream(
    header: Sequence[str], rows: Iterable[Sequence], *, prepared: bool = False
) -> Iterator[bytes]:
    """The one CSV writer: ``;``-separated, UTF-8 with BOM (opens correctly in Dutch Excel by
    double-click), numbers with a decimal comma, formulas neutralised, ``None`` empty. Yields the
    header line first, then pieces of ``ROWS_PER_PIECE`` rows.

    ``prepared``: every cell of ``rows`` already went through ``csv_cell`` (a large export that
    repeats the same values converts each value once and passes the text)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_cell(title) for title in header])
    yield ("\ufeff" + buffer.getvalue()).encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    writerow = writer.writerow
    waiting = 0
    for row in rows:
        writerow(row if prepared else ["" if cell is None else csv_cell(cell) for cell in row])
        waiting += 1
        if waiting == ROWS_PER_PIECE:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            waiting = 0
    if waiting:
        yield buffer.getvalue().encode("utf-8")


def csv_cell(value) -> str:
    """One cell as the CSV file has it (``None`` is for the caller: an empty cell)."""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if isinstance(value, float):
        return f"{value:.4g}".replace(".", ",") if abs(value) < 1e4 else f"{value:.0f}"
    if isinstance(value, NUMBER_TYPES):
        return str(value)
    return neutralise(str(value))


def _xlsx_bytes(
    filename: str, header: Sequence[str], rows: Iterable[Sequence], notes: Sequence[str]
) -> bytes:
    buffer = io.BytesIO()
    xlsx_write(buffer, filename, header, rows, notes=notes)
    return buffer.getvalue()


def xlsx_write(
    target: str | PathLike | IO[bytes],
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence],
    *,
    notes: Sequence[str] = (),
) -> None:
    """The one XLSX writer, to a file path or a binary file: openpyxl's write-only mode, row by
    row (memory stays flat however long the table); text always as text, never a formula.
    ``title`` names the sheet; ``notes`` go on a second sheet "Toelichting"."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(slugify(title)[:31] or "gegevens")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_xlsx_cell(sheet, title, font=bold) for title in header])
    append = sheet.append
    for row in rows:
        append([_xlsx_cell(sheet, value) for value in row])
    if notes:
        notes_sheet = workbook.create_sheet(_("Toelichting"))
        for line in notes:
            notes_sheet.append([_xlsx_cell(notes_sheet, str(line))])
    workbook.save(target)


def _xlsx_cell(sheet, value, font=None):
    """Numbers, dates and empty cells as openpyxl types them; text as a text cell.

    openpyxl stores text as text unless it starts with ``=`` (a formula) or is an error value
    (``#N/A``): only those, and styled cells, need a cell object of their own (much slower)."""
    if font is None:
        if value is None or value == "":
            return None
        if isinstance(value, str):
            if value.startswith("=") or value in XLSX_ERRORS:
                return _text_cell(sheet, value)
            return value
        if isinstance(value, Promise):
            return str(value)
        return value
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, Promise):
        value = str(value)
    cell = _text_cell(sheet, value) if isinstance(value, str) else WriteOnlyCell(sheet, value=value)
    cell.font = font
    return cell


def _text_cell(sheet, value: str):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # not "f" for "=…", not "e" for "#N/A"
    return cell


def xlsx_write_large(
    target: str | PathLike | IO[bytes],
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[LargeCell]],
    *,
    notes: Sequence[str] = (),
) -> None:
    """``xlsx_write`` for a long table of text and numbers (``None`` and ``""`` empty): the
    same file, about ten times faster. openpyxl's write-only mode still makes the workbook (the
    header in bold, the frozen first row, the notes, the styles); only the rows go straight into
    its data sheet as XML, because openpyxl's cell objects cost about 12 µs a cell (two minutes
    for 500,000 rows of 22 columns). Text is always an inline string, never a formula or an
    error value, as in ``xlsx_write``; characters XML cannot hold are left out. A value of any
    other type (a date) raises ``TypeError``: such a table goes through ``xlsx_write``."""
    workbook = io.BytesIO()
    xlsx_write(workbook, title, header, (), notes=notes)
    with (
        zipfile.ZipFile(workbook) as source,
        zipfile.ZipFile(
            target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=XLSX_COMPRESSION
        ) as out,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename != "xl/worksheets/sheet1.xml":
                out.writestr(info, data)
                continue
            head, end, tail = data.rpartition(b"</sheetData>")
            with out.open(info.filename, "w", force_zip64=True) as part:
                part.write(head)
                for piece in _xlsx_rows(rows, first=2):
                    part.write(piece)
                part.write(end + tail)


def _xlsx_rows(rows: Iterable[Sequence], *, first: int) -> Iterator[bytes]:
    """The ``<row>`` elements of ``rows``, numbered from ``first``, in pieces."""
    from openpyxl.utils import get_column_letter

    letters: list[str] = []
    texts: dict[str, str] = {}  # text cells repeat (names, labels): escaped once
    pieces: list[str] = []
    for number, row in enumerate(rows, first):
        r = str(number)
        cells = [f'<row r="{r}">']
        for column, value in enumerate(row):
            if value is None or value == "":
                continue
            while len(letters) <= column:
                letters.append(get_column_letter(len(letters) + 1))
            kind = type(value)
            if kind is str or isinstance(value, (str, Promise)):
                text = texts.get(value) if kind is str else None
                if text is None:
                    text = _xlsx_text(str(value))
                    if kind is str and len(texts) < 100_000:
                        texts[value] = text
                cells.append(f'<c r="{letters[column]}{r}" t="inlineStr">{text}</c>')
            elif kind is bool:
                cells.append(f'<c r="{letters[column]}{r}" t="b"><v>{int(value)}</v></c>')
            elif kind is int or kind is Decimal or (kind is float and math.isfinite(value)):
                cells.append(f'<c r="{letters[column]}{r}"><v>{value}</v></c>')
            else:
                raise TypeError(f"xlsx_write_large: {kind.__name__} in column {column + 1}")
        cells.append("</row>")
        pieces.append("".join(cells))
        if len(pieces) == XLSX_ROWS_PER_WRITE:
            yield "".join(pieces).encode("utf-8")
            pieces.clear()
    if pieces:
        yield "".join(pieces).encode("utf-8")


def _xlsx_text(value: str) -> str:
    value = XML_ILLEGAL.sub("", value)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "\r" in value:  # an XML reader would read a bare carriage return as a newline
        value = value.replace("\r", "&#13;")
    if value[:1].isspace() or value[-1:].isspace():
        return f'<is><t xml:space="preserve">{value}</t></is>'
    return f"<is><t>{value}</t></is>"
