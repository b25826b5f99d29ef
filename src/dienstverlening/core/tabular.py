"""Reading spreadsheets as Dutch office software writes them.

CSV with ``;`` or ``,`` (sniffed), UTF-8 with or without BOM or Windows-1252; XLSX through
openpyxl. Dates as dd-mm-jjjj (also jjjj-mm-dd), date-times as dd-mm-jjjj uu:mm in
Europe/Amsterdam, numbers with a decimal comma. Every parse error names the line and the reason
in Dutch, so an import can report all bad rows at once.
"""

from __future__ import annotations

import calendar
import csv
import datetime
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class CellError(ValueError):
    """A cell that cannot be read; the message is Dutch and meant for the user."""


@dataclass(frozen=True)
class Row:
    line: int  # line number as the user sees it in the file (header is line 1)
    values: dict[str, str]


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[Row]


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, Windows-1252 as the fallback."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _sniff_delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        return ";" if first.count(";") >= first.count(",") else ","


def read_csv(data: bytes) -> Table:
    text = decode(data)
    delimiter = _sniff_delimiter(text[:8192])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _table(reader)


def read_xlsx(data: bytes | IO[bytes]) -> Table:
    from openpyxl import load_workbook

    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    workbook = load_workbook(stream, read_only=True, data_only=True)
    sheet = workbook.worksheets[0]

    def cells() -> Iterator[list[str]]:
        for row in sheet.iter_rows(values_only=True):
            yield [_cell_text(value) for value in row]

    try:
        return _table(cells())
    finally:
        workbook.close()


def read_table(data: bytes, filename: str) -> Table:
    """Read ``data`` as XLSX or CSV, by file name and content."""
    if Path(filename).suffix.lower() in {".xlsx", ".xlsm"} or data[:2] == b"PK":
        return read_xlsx(data)
    return read_csv(data)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.strftime("%d-%m-%Y")
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(rows) -> Table:
    iterator = iter(rows)
    try:
        headers = [h.strip() for h in next(iterator)]
    except StopIteration:
        return Table(headers=[], rows=[])
    result = []
    for line, cells in enumerate(iterator, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(headers)}
        result.append(Row(line=line, values=values))
    return Table(headers=headers, rows=result)


_DATE_PATTERNS = [
    (re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$"), "dmy"),
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"), "dmy"),
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "ymd"),
]


def nonexistent_date_message(text: str, *, year: int, month: int, day: int) -> str:
    """Why a well-formed date such as 31-02-2026 does not exist, in Dutch."""
    from django.utils.dates import MONTHS

    if not 1 <= month <= 12:
        return _("'%(value)s' is geen geldige datum: maand %(month)s bestaat niet.") % {
            "value": text,
            "month": month,
        }
    if 1 <= year <= 9999:
        return _(
            "'%(value)s' is geen geldige datum: die dag bestaat niet "
            "(%(month)s %(year)s heeft %(days)s dagen)."
        ) % {
            "value": text,
            "month": MONTHS[month],
            "year": year,
            "days": calendar.monthrange(year, month)[1],
        }
    return _("'%(value)s' is geen geldige datum: jaar %(year)s bestaat niet.") % {
        "value": text,
        "year": year,
    }


def parse_date(text: str) -> datetime.date:
    """'29-11-2026', '29/11/2026' or '2026-11-29'."""
    text = text.strip()
    for pattern, order in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            a, b, c = (int(g) for g in match.groups())
            day, month, year = (a, b, c) if order == "dmy" else (c, b, a)
            try:
                return datetime.date(year, month, day)
            except ValueError:
                raise CellError(
                    nonexistent_date_message(text, year=year, month=month, day=day)
                ) from None
    raise CellError(_("'%(value)s' is geen geldige datum (verwacht dd-mm-jjjj).") % {"value": text})


def parse_datetime(text: str) -> datetime.datetime:
    """'29-11-2026 14:05' (Europe/Amsterdam) or a date alone (midnight); returns an aware time."""
    text = text.strip()
    date_part, _sep, time_part = text.partition(" ")
    day = parse_date(date_part)
    if not time_part:
        return datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=AMSTERDAM)
    match = re.match(r"^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?$", time_part.strip())
    if not match:
        raise CellError(
            _("'%(value)s' is geen geldige datum en tijd (verwacht dd-mm-jjjj uu:mm).")
            % {"value": text}
        )
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    try:
        moment = datetime.datetime.combine(day, datetime.time(hour, minute, second))
    except ValueError as error:
        raise CellError(_("'%(value)s' is geen geldige tijd.") % {"value": time_part}) from error
    return moment.replace(tzinfo=AMSTERDAM)


def parse_decimal(text: str) -> Decimal:
    """'1.234,5' or '1234,5' or '1234.5'."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        return Decimal(cleaned)
    except InvalidOperation as error:
        raise CellError(_("'%(value)s' is geen getal.") % {"value": text}) from error


def parse_int(text: str) -> int:
    value = parse_decimal(text)
    if value != value.to_integral_value():
        raise CellError(_("'%(value)s' is geen heel getal.") % {"value": text})
    return int(value)
