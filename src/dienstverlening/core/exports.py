"""Every table can be downloaded: CSV (as Dutch spreadsheet software expects) and XLSX.

Every download goes through here, so every download is safe to open: text a spreadsheet would
run as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a
leading ``'`` in CSV and is written as a plain text cell in XLSX. Numbers stay numbers, also
negative ones.
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

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER_TYPES = (int, float, Decimal)


def neutralise(value):
    """Text a spreadsheet would run as a formula, with a ``'`` in front; anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """``;``-separated, UTF-8 with BOM: opens correctly in Dutch Excel by double-click."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if cell is None else _csv_cell(cell) for cell in row])
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename)}.csv"'
    return response


def _csv_cell(value) -> str:
    if isinstance(value, float):
        return f"{value:.4g}".replace(".", ",") if abs(value) < 1e4 else f"{value:.0f}"
    if isinstance(value, NUMBER_TYPES):
        return str(value)
    return neutralise(str(value))


def xlsx_response(
    filename: str,
    header: Sequence[str],
    rows: Iterable[Sequence],
    *,
    notes: Sequence[str] = (),
) -> HttpResponse:
    """Written row by row (large exports fit in memory); text always as text, never a formula.

    ``notes``, when given, go on a second sheet "Toelichting", one line per row: what a reader
    must know about the table (for example what was left out and why).
    """
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
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename)}.xlsx"'
    return response


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


def table_response(
    fmt: str, filename: str, header: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponse:
    """``fmt`` is ``csv`` or ``xlsx``."""
    if fmt == "xlsx":
        return xlsx_response(filename, header, rows)
    return csv_response(filename, header, rows)
