"""Reading spreadsheets as Dutch office software writes them.

CSV with ``;`` or ``,`` (sniffed), UTF-8 with or without BOM or Windows-1252; XLSX through
openpyxl. Dates as dd-mm-jjjj (also jjjj-mm-dd), date-times as dd-mm-jjjj uu:mm in
Europe/Amsterdam, numbers with a decimal comma. Every parse error names the line and the reason
in Dutch, so an import can report all bad rows at once.

Reading streams and stays within ``Limits`` (settings ``DV_UPLOAD_MAX_*``, docs/operations.md):
the file's size, the expanded size of an XLSX (the sizes its zip declares, checked before
openpyxl opens it), the number of columns (read from the first row) and of rows (counted while
reading; the reader stops at the first row too many). A file over a limit raises
``TableTooLarge`` with a Dutch message. ``table_inspect`` gives the headers and the number of rows
without keeping the rows, for an upload form; ``read_table(first=N)`` reads only the first rows,
for a preview.
"""

from __future__ import annotations

import calendar
import codecs
import csv
import datetime
import io
import re
import threading
import zipfile
from collections.abc import Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

from .localtime import AMSTERDAM

# Dates in imported rows before this are typing errors (0202 for 2020, a placeholder 01-01-1900
# or 01-01-0001), never real contacts: the product measures from its own start onwards.
EARLIEST_DATE = datetime.date(2000, 1, 1)
MB = 1024 * 1024
_CHUNK = MB
_SHARED_CELLS = 200_000  # distinct short cell texts kept once (services, dates, marks, …)
_SHARED_CELL_LENGTH = 40


class CellError(ValueError):
    """A cell that cannot be read; the message is Dutch and meant for the user."""


class TableTooLarge(CellError):
    """A file over one of the ``Limits``; the message is Dutch and says what to do."""


@dataclass(frozen=True)
class Limits:
    """How big an uploaded table may be. ``from_settings`` reads ``DV_UPLOAD_MAX_*``."""

    file_bytes: int
    columns: int
    rows: int
    expanded_bytes: int

    @classmethod
    def from_settings(cls) -> Limits:
        from django.conf import settings

        return cls(
            file_bytes=settings.DV_UPLOAD_MAX_MB * MB,
            columns=settings.DV_UPLOAD_MAX_COLUMNS,
            rows=settings.DV_UPLOAD_MAX_ROWS,
            expanded_bytes=settings.DV_UPLOAD_MAX_EXPANDED_MB * MB,
        )


def _megabytes(size: int) -> str:
    from .formats import format_number

    return format_number(size / MB, 0 if size >= 10 * MB else 1)


def file_too_large_message(size: int, limits: Limits) -> str:
    from .formats import format_number

    return _(
        "Het bestand is %(size)s MB. Dat is te groot: de grens is %(max)s MB. Splits het in "
        "kleinere bestanden en importeer die één voor één."
    ) % {"size": _megabytes(size), "max": format_number(limits.file_bytes // MB)}


def _check_columns(headers: list[str], limits: Limits) -> None:
    from .formats import format_number

    if len(headers) > limits.columns:
        raise TableTooLarge(
            _(
                "Het bestand heeft meer dan %(max)s kolommen. Dat zijn er te veel: verwijder "
                "de kolommen die niet nodig zijn en probeer het opnieuw."
            )
            % {"max": format_number(limits.columns)}
        )


def _too_many_rows(limits: Limits) -> TableTooLarge:
    from .formats import format_number

    return TableTooLarge(
        _(
            "Het bestand heeft meer dan %(max)s regels. Dat is te veel voor één import: splits "
            "het in bestanden van hoogstens %(max)s regels."
        )
        % {"max": format_number(limits.rows)}
    )


@dataclass(frozen=True)
class Row:
    line: int  # line number as the user sees it in the file (header is line 1)
    values: Mapping[str, str]  # header -> cell text (stripped); "" for a missing cell


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[Row]


@dataclass(frozen=True)
class TableInfo:
    """What an upload form needs to know of a file: its headers and how many rows it has."""

    headers: list[str]
    rows: int


class RowValues(Mapping):
    """One row's cells by header, sharing the header index with every other row of the file.

    A dict per row would cost ten times the memory of the cells themselves on a big file."""

    __slots__ = ("_cells", "_index")

    def __init__(self, index: dict[str, int], cells: tuple[str, ...]) -> None:
        self._index = index
        self._cells = cells

    def __getitem__(self, header: str) -> str:
        position = self._index[header]
        return self._cells[position] if position < len(self._cells) else ""

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def __repr__(self) -> str:
        return repr(dict(self))


# --- the sources ------------------------------------------------------------------------------


def _stream(data: bytes | IO[bytes]) -> IO[bytes]:
    """A seekable binary stream at its start, for bytes or an open file."""
    if isinstance(data, bytes | bytearray | memoryview):
        return io.BytesIO(data)
    data.seek(0)
    return data


def _size(stream: IO[bytes]) -> int:
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


def _check_size(stream: IO[bytes], limits: Limits) -> None:
    size = _size(stream)
    if size > limits.file_bytes:
        raise TableTooLarge(file_too_large_message(size, limits))


def _is_xlsx(stream: IO[bytes], filename: str) -> bool:
    start = stream.read(2)
    stream.seek(0)
    return Path(filename).suffix.lower() in {".xlsx", ".xlsm"} or start == b"PK"


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, Windows-1252 as the fallback."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _encoding(stream: IO[bytes]) -> str:
    """UTF-8 when the whole file is valid UTF-8, else Windows-1252; checked in chunks."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := stream.read(_CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    finally:
        stream.seek(0)
    return "utf-8-sig"


def _sniff_delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        return ";" if first.count(";") >= first.count(",") else ","


def _csv_rows(stream: IO[bytes]) -> Generator[list[str]]:
    text = io.TextIOWrapper(stream, encoding=_encoding(stream), newline="")
    sample = text.read(8192)
    text.seek(0)
    try:
        yield from csv.reader(text, delimiter=_sniff_delimiter(sample))
    finally:
        text.detach()  # the caller's stream stays open


def _xlsx_check(stream: IO[bytes], limits: Limits) -> None:
    """Refuse a zip that would expand beyond the limit, before anything is unpacked.

    Python's zipfile never gives more than the size a member declares (it stops there and
    the checksum fails), so the declared sizes are a safe bound."""
    try:
        with zipfile.ZipFile(stream) as archive:
            expanded = sum(member.file_size for member in archive.infolist())
    finally:
        stream.seek(0)
    if expanded > limits.expanded_bytes:
        from .formats import format_number

        raise TableTooLarge(
            _(
                "Dit Excel-bestand wordt uitgepakt %(size)s MB. Dat is te groot: de grens is "
                "%(max)s MB. Sla het op als CSV, of splits het in kleinere bestanden."
            )
            % {
                "size": _megabytes(expanded),
                "max": format_number(limits.expanded_bytes // MB),
            }
        )


class _Workbook:
    """The first sheet of an XLSX, opened read-only, its rows as lists of cell texts."""

    def __init__(self, stream: IO[bytes], limits: Limits) -> None:
        _xlsx_check(stream, limits)
        self.workbook = _load_unsized(stream)
        self.sheet = self.workbook.worksheets[0]

    def close(self) -> None:
        self.workbook.close()

    def header(self, limits: Limits) -> list[str]:
        # One column more than allowed is enough to know there are too many.
        for row in self.sheet.iter_rows(max_row=1, max_col=limits.columns + 1, values_only=True):
            return [_cell_text(value) for value in row]
        return []

    def rows(self, width: int) -> Iterator[list[str]]:
        """The rows after the first, each cut to ``width`` cells (the columns with a header)."""
        if width == 0:
            return
        for row in self.sheet.iter_rows(min_row=2, max_col=width, values_only=True):
            yield [_cell_text(value) for value in row]

    def count(self) -> int | None:
        """Rows with a value, counted in the sheet's XML without reading the cells (seconds
        for a sheet openpyxl needs minutes for); None when the sheet cannot be found."""
        # openpyxl keeps the sheet's place in the zip to itself; without it, read the cells.
        path = getattr(self.sheet, "_worksheet_path", None)
        archive = getattr(self.workbook, "_archive", None)
        if not path or archive is None:
            return None
        rows = 0
        tail = b""
        with archive.open(path) as source:
            while chunk := source.read(_CHUNK):
                parts = _ROW_END.split(tail + chunk)
                tail = parts.pop()
                rows += sum(1 for part in parts if _CELL_VALUE.search(part))
        return rows


_OPENING = threading.Lock()


def _load_unsized(stream: IO[bytes]):
    """openpyxl's read-only workbook, without the sheets' declared sizes.

    A declared size may be anything (A1:XFD1048576 pads every row to 16,384 cells), so the rows
    are read as they are. And where a sheet declares none (openpyxl's own write-only mode), its
    search for one reads the whole sheet before the first row: minutes for a big file. The
    lock keeps two threads from swapping the class at the same time."""
    from openpyxl import load_workbook
    from openpyxl.reader import excel
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    class UnsizedSheet(ReadOnlyWorksheet):
        def _get_size(self) -> None:
            self._max_row = self._max_column = None

    with _OPENING:
        excel.ReadOnlyWorksheet = UnsizedSheet
        try:
            return load_workbook(stream, read_only=True, data_only=True)
        finally:
            excel.ReadOnlyWorksheet = ReadOnlyWorksheet


_ROW_END = re.compile(rb"</(?:\w+:)?row>")
# A cell value (<v>…</v>) or a non-blank inline string (<is><t>…</t></is>).
_CELL_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]|<(?:\w+:)?t(?:\s[^>]*)?>\s*[^\s<]")


# --- reading ----------------------------------------------------------------------------------


def _headers(cells: list[str]) -> list[str]:
    headers = [h.strip() for h in cells]
    while headers and not headers[-1]:
        headers.pop()  # empty columns at the right end are no columns
    return headers


def _data_rows(
    cells: Iterable[list[str]], *, width: int, limits: Limits, first: int | None
) -> Iterator[tuple[int, tuple[str, ...]]]:
    """(line, stripped cells) of the non-empty rows after the header, within the row limit."""
    shared: dict[str, str] = {}
    count = 0
    for line, row in enumerate(cells, start=2):
        if first is not None and count >= first:
            return
        stripped = tuple(cell.strip() for cell in row[:width])
        if not any(stripped):
            continue
        count += 1
        if count > limits.rows:
            raise _too_many_rows(limits)
        if len(shared) < _SHARED_CELLS:
            stripped = tuple(
                shared.setdefault(cell, cell) if len(cell) <= _SHARED_CELL_LENGTH else cell
                for cell in stripped
            )
        yield line, stripped


def _table(header: list[str], cells: Iterable[list[str]], limits: Limits, first) -> Table:
    headers = _headers(header)
    _check_columns(headers, limits)
    index = {h: i for i, h in enumerate(headers)}
    rows = [
        Row(line=line, values=RowValues(index, stripped))
        for line, stripped in _data_rows(cells, width=len(headers), limits=limits, first=first)
    ]
    return Table(headers=headers, rows=rows)


def read_csv(
    data: bytes | IO[bytes], *, first: int | None = None, limits: Limits | None = None
) -> Table:
    limits = limits or Limits.from_settings()
    stream = _stream(data)
    _check_size(stream, limits)
    rows = _csv_rows(stream)
    try:
        return _table(next(rows, []), rows, limits, first)
    finally:
        rows.close()


def read_xlsx(
    data: bytes | IO[bytes], *, first: int | None = None, limits: Limits | None = None
) -> Table:
    limits = limits or Limits.from_settings()
    stream = _stream(data)
    _check_size(stream, limits)
    workbook = _Workbook(stream, limits)
    try:
        header = workbook.header(limits)
        return _table(header, workbook.rows(len(_headers(header))), limits, first)
    finally:
        workbook.close()


def read_table(
    data: bytes | IO[bytes],
    filename: str,
    *,
    first: int | None = None,
    limits: Limits | None = None,
) -> Table:
    """Read ``data`` (bytes or a binary file) as XLSX or CSV, by file name and content.

    ``first`` reads only that many rows (a preview); ``limits`` defaults to the settings."""
    stream = _stream(data)
    if _is_xlsx(stream, filename):
        return read_xlsx(stream, first=first, limits=limits)
    return read_csv(stream, first=first, limits=limits)


def table_inspect(
    data: bytes | IO[bytes], filename: str, *, limits: Limits | None = None
) -> TableInfo:
    """The headers and the number of rows, checked against the limits, without keeping rows.

    For a CSV every row is read (a second per 100,000 rows). For an XLSX the rows with a value
    are counted in the sheet's XML, so a big workbook is counted in seconds; a row whose only
    values are blank text counts there but is skipped on reading."""
    limits = limits or Limits.from_settings()
    stream = _stream(data)
    _check_size(stream, limits)
    if _is_xlsx(stream, filename):
        workbook = _Workbook(stream, limits)
        try:
            headers = _headers(workbook.header(limits))
            _check_columns(headers, limits)
            counted = workbook.count()
            if counted is None:
                rows = sum(
                    1
                    for _row in _data_rows(
                        workbook.rows(len(headers)), width=len(headers), limits=limits, first=None
                    )
                )
            else:
                rows = max(0, counted - (1 if any(headers) else 0))
                if rows > limits.rows:
                    raise _too_many_rows(limits)
        finally:
            workbook.close()
        return TableInfo(headers=headers, rows=rows)
    cells = _csv_rows(stream)
    try:
        headers = _headers(next(cells, []))
        _check_columns(headers, limits)
        rows = sum(1 for _row in _data_rows(cells, width=len(headers), limits=limits, first=None))
    finally:
        cells.close()
    return TableInfo(headers=headers, rows=rows)


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


def date_too_early_message(text: str) -> str:
    """Why a date before ``EARLIEST_DATE`` is refused, in Dutch (lower case: part of a line)."""
    return _("de datum %(value)s ligt vóór %(earliest)s") % {
        "value": text,
        "earliest": EARLIEST_DATE.strftime("%d-%m-%Y"),
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


def parse_past_date(text: str, *, today: datetime.date) -> datetime.date:
    """``parse_date`` for a day that has passed: one after ``today`` or before ``EARLIEST_DATE``
    is refused too (``CellError``)."""
    day = parse_date(text)
    if day > today:
        raise CellError(_("de datum %(value)s ligt in de toekomst") % {"value": text})
    if day < EARLIEST_DATE:
        raise CellError(date_too_early_message(text))
    return day


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
