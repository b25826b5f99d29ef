"""Every table can be downloaded: CSV (as Dutch spreadsheet software expects) and XLSX.

Every download goes through ``download`` and every CSV file is written by ``csv_bytes``, so every
file is safe to open: text a spreadsheet would run as a formula (it starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) gets a leading ``'`` in CSV and is written as a plain
text cell in XLSX, in the column titles as in the rows. Numbers stay numbers, also negative ones.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER_TYPES = (int, float, Decimal)


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


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """The one CSV writer: ``;``-separated, UTF-8 with BOM (opens correctly in Dutch Excel by
    double-click), numbers with a decimal comma, formulas neutralised, ``None`` empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_csv_cell(title) for title in header])
    for row in rows:
        writer.writerow(["" if cell is None else _csv_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(value) -> str:
    if isinstance(value, float):
        return f"{value:.4g}".replace(".", ",") if abs(value) < 1e4 else f"{value:.0f}"
    if isinstance(value, NUMBER_TYPES):
        return str(value)
    return neutralise(str(value))


def _xlsx_bytes(
    filename: str, header: Sequence[str], rows: Iterable[Sequence], notes: Sequence[str]
) -> bytes:
    """Written row by row (large exports fit in memory); text always as text, never a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(slugify(filename)[:31] or "gegevens")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_xlsx_cell(sheet, title, font=bold) for title in header])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    if notes:
        notes_sheet = workbook.create_sheet(_("Toelichting"))
        for line in notes:
            notes_sheet.append([_xlsx_cell(notes_sheet, str(line))])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet, value, font=None):
    """Numbers, dates and empty cells as openpyxl types them; text as a text cell."""
    from openpyxl.cell import WriteOnlyCell

    if value is None and font is None:
        return None
    if isinstance(value, Promise):
        value = str(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # not "f" for "=…", not "e" for "#N/A"
    if font is not None:
        cell.font = font
    return cell
