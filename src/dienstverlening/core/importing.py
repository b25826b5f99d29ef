"""One way to import a spreadsheet: read, map columns, check every row, preview, write all or none.

1. **Read**: ``core.tabular.read_table`` (CSV or XLSX as Dutch office software writes them,
   within the upload limits).
2. **Map columns**: a mapping ``{field: column}`` says which column holds which field; a column
   starting with ``=`` is a fixed value for every row (``{"channel": "=telefoon"}``). A column
   is found by its header as ``name_key`` compares words typed in a file (``header_find``), the
   same rule for every import and for the names and choices in the cells.
   ``row_cells`` gives a row's text per field, ``columns_missing`` the required fields that have
   no column.
3. **Check** every row with ``rows_check``: the app's ``check(values, row, problems)`` turns a
   row into what it will save, or adds its problems (Dutch, lower case). All bad rows are
   collected, each as a ``RowError`` that reads "Regel N: …" (``line_message``, the one place
   that formats it; ``problems_sentence`` joins several problems of one row into one line).
4. **Preview**: ``Checked.preview`` keeps the first rows as the user knows them (their own
   column names), ``Checked.items`` what will be saved.
5. **Write**: ``rows_write`` raises ``ImportFailed`` (with every error) unless every row is
   good, and otherwise writes all items in one durable transaction (``rows_write_nested``
   inside a caller's own transaction).

Survey results (``surveys.imports``), contact lists (``surveys.invitations``) and handling
exports (``handling.importing``) are imports of this kind. Names of the organisation in a file
are looked up with ``organisation.selectors.OrganisationLookup``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.db import transaction
from django.utils.translation import gettext as _

from .progress import Progress, Stage
from .tabular import Row, Table

PROGRESS_EVERY = 1000  # rows between two progress reports
PREVIEW_ROWS = 10

Item = TypeVar("Item")
Result = TypeVar("Result")


_NOT_A_LETTER_OR_DIGIT = re.compile(r"[^a-z0-9]")


def name_key(text: str) -> str:
    """The form in which a word typed in a file is compared: a column header, a name of the
    organisation (``organisation.selectors.OrganisationLookup``), a choice such as an outcome.

    Case, accents, spaces, hyphens, underscores and punctuation do not count: "Burgerzaken  KCC",
    "burgerzaken-kcc", "Bürgerzaken_kcc." and "BurgerzakenKCC" are one name."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_A_LETTER_OR_DIGIT.sub("", ascii_text.lower())


def header_find(headers: Sequence[str], wanted: Sequence[str]) -> str | None:
    """The file's header that is the first of ``wanted`` (a field's possible column names), as
    ``name_key`` compares them; None when the file has none of them."""
    by_key: dict[str, str] = {}
    for header in headers:
        by_key.setdefault(name_key(header), header)
    return next((by_key[key] for key in map(name_key, wanted) if key in by_key), None)


def line_message(line: int, message: str) -> str:
    """'Regel 4: …': a message about one line of the file, as the user counts them (the header
    is line 1)."""
    return _("Regel %(line)s: %(message)s") % {"line": line, "message": message}


def problems_sentence(problems: Sequence[str]) -> str:
    """Several problems of one row as one sentence: 'dienst 'x' is onbekend; datum ontbreekt.'"""
    return "; ".join(problem.rstrip(".") for problem in problems) + "."


@dataclass(frozen=True)
class RowError:
    """A problem with one line of the file; ``str()`` gives "Regel N: …"."""

    line: int
    message: str

    def __str__(self) -> str:
        return line_message(self.line, self.message)


class ImportFailed(Exception):
    """Nothing was written. ``errors`` are the reasons ("Regel N: …" or about the whole file),
    ``checked`` the outcome of the check when there was one."""

    def __init__(self, errors: Sequence[RowError | str], *, checked: Checked | None = None):
        self.errors = list(errors)
        self.checked = checked
        super().__init__("; ".join(str(error) for error in self.errors[:5]))


@dataclass
class Checked(Generic[Item]):
    """The outcome of checking a file: what will be saved, or why not."""

    items: list[Item] = field(default_factory=list)
    errors: list[RowError | str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # required fields without a column
    preview: list[dict[str, str]] = field(default_factory=list)  # first rows, user's columns
    total_rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and not self.missing and bool(self.items)


def row_cells(values: Mapping[str, str], mapping: Mapping[str, str]) -> dict[str, str]:
    """A row's text per field of ``mapping`` (``{field: column}``; ``=…`` is a fixed value)."""
    cells = {}
    for name, column in mapping.items():
        if not column:
            cells[name] = ""
        elif column.startswith("="):
            cells[name] = column[1:].strip()
        else:
            cells[name] = (values.get(column) or "").strip()
    return cells


def columns_missing(
    *, mapping: Mapping[str, str], headers: Sequence[str], required: Sequence[str]
) -> list[str]:
    """The ``required`` fields whose column is not chosen or not in the file."""
    return [
        name
        for name in required
        if not (column := mapping.get(name) or "")
        or (not column.startswith("=") and column not in headers)
    ]


def rows_check(
    *,
    table: Table,
    mapping: Mapping[str, str],
    check: Callable[[dict[str, str], Row, list[str]], Item | None],
    one_line_per_row: bool = True,
    preview_rows: int = 0,
    progress: Progress | None = None,
    checked: Checked[Item] | None = None,
) -> Checked[Item]:
    """Check every row of ``table``; collect every problem instead of stopping at the first.

    ``check(values, row, problems)`` gets the row's text per field (``row_cells``) and returns
    the item to save, or appends its problems. A row's problems become one "Regel N: a; b."
    (``one_line_per_row``) or one "Regel N: …" each. ``preview_rows`` keeps that many first
    rows under the file's own column names."""
    checked = checked if checked is not None else Checked()
    checked.total_rows = len(table.rows)
    total = len(table.rows)
    for number, row in enumerate(table.rows):
        if progress and number % PROGRESS_EVERY == 0:
            progress(Stage.CHECK, number, total)
        values = row_cells(row.values, mapping)
        if len(checked.preview) < preview_rows:
            checked.preview.append(
                {
                    column: values[name]
                    for name, column in mapping.items()
                    if column and not column.startswith("=")
                }
            )
        problems: list[str] = []
        item = check(values, row, problems)
        if problems:
            if one_line_per_row:
                checked.errors.append(RowError(row.line, problems_sentence(problems)))
            else:
                checked.errors.extend(RowError(row.line, problem) for problem in problems)
        elif item is not None:
            checked.items.append(item)
    if progress:
        progress(Stage.CHECK, total, total)
    return checked


def rows_write(
    *,
    checked: Checked[Item],
    write: Callable[[list[Item]], Result],
    progress: Progress | None = None,
) -> Result:
    """Write every checked item in one durable transaction, or nothing (``ImportFailed``).

    A top-level service: it never runs inside another transaction. A loader that imports inside
    its own transaction (the demo) calls ``rows_write_nested``."""
    _raise_unless_ok(checked)
    with transaction.atomic(durable=True):
        return rows_write_nested(checked=checked, write=write, progress=progress)


def rows_write_nested(
    *,
    checked: Checked[Item],
    write: Callable[[list[Item]], Result],
    progress: Progress | None = None,
) -> Result:
    """``rows_write`` inside the caller's transaction: all rows or none, and none when the
    caller's transaction is undone."""
    _raise_unless_ok(checked)
    if progress:
        progress(Stage.SAVE, 0, len(checked.items))
    with transaction.atomic():
        result = write(checked.items)
    if progress:
        progress(Stage.SAVE, len(checked.items), len(checked.items))
    return result


def _raise_unless_ok(checked: Checked) -> None:
    if not checked.ok:
        errors = checked.errors or (
            [] if checked.missing else [_("Het bestand bevat geen regels.")]
        )
        raise ImportFailed(errors, checked=checked)
