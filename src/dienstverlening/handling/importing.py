"""Importing a source system's CSV or XLSX export with its saved column mapping.

An import as ``core.importing`` runs them. All rows or none: the file is read and checked whole
first; every problem of a row is reported on a line of its own with the line number and the
reason in Dutch (``ImportFailed``). Only a clean file is written, in one transaction. Teams,
services, channels and municipalities are found by name, slug (or CBS code) as
``core.importing.name_key`` compares them; columns, kinds and outcomes by the same key.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienstverlening.core.importing import (
    Checked,
    RowError,
    header_find,
    name_key,
    rows_check,
    rows_write,
)
from dienstverlening.core.localtime import AMSTERDAM
from dienstverlening.core.progress import Progress, Stage
from dienstverlening.core.tabular import (
    EARLIEST_DATE,
    CellError,
    Row,
    TableTooLarge,
    parse_datetime,
    read_table,
)
from dienstverlening.framework.selectors import outcome_find, outcome_unknown_message
from dienstverlening.organisation.selectors import OrganisationLookup

from .models import FUTURE_TOLERANCE, ImportSource, ItemKind, Outcome
from .services import (
    INPUT,
    Context,
    ItemInput,
    UpsertResult,
    item_team_resolve,
    items_upsert_nested,
)

logger = logging.getLogger(__name__)

FIELDS = ["source_id", *INPUT]
# The mapping's default column names, so a file with these headers needs no mapping at all.
DEFAULT_COLUMNS = {
    "source_id": "kenmerk",
    "kind": "soort",
    "municipality": "gemeente",
    "team": "team",
    "service": "dienst",
    "channel": "kanaal",
    "received_at": "ontvangen",
    "closed_at": "afgehandeld",
    "outcome": "uitkomst",
}
PREVIEW_ROWS = 10
_EARLIEST = EARLIEST_DATE.strftime("%d-%m-%Y")
LABELS = {
    "kind": gettext_lazy("soort"),
    "municipality": gettext_lazy("gemeente"),
    "team": gettext_lazy("team"),
    "service": gettext_lazy("dienst"),
    "channel": gettext_lazy("kanaal"),
}


class Lookup:
    """The organisation (``OrganisationLookup``) and the handling's own words: kinds, compared
    as the organisation's names are; outcomes as every import reads them (``outcome_find``)."""

    def __init__(self) -> None:
        self.organisation = OrganisationLookup()
        self.kinds: dict[str, str] = {}
        for value, label in ItemKind.choices:
            self.kinds[name_key(value)] = value
            self.kinds[name_key(str(label))] = value


def _columns(source: ImportSource, headers: list[str]) -> dict[str, str]:
    """Which header holds which field: the saved mapping, else the default names."""
    columns = {}
    for name in FIELDS:
        wanted = (source.mapping or {}).get(name) or DEFAULT_COLUMNS[name]
        header = header_find(headers, [wanted])
        if header is not None:
            columns[name] = header
    return columns


def missing_columns(source: ImportSource, columns: Mapping[str, object]) -> list[str]:
    """The fields every item needs that no column of the file gives and the source has no
    default for (``source_id``, ``received_at``, ``kind``, ``municipality``, ``team``)."""
    needed = (
        ("source_id", True),
        ("received_at", True),
        ("kind", not source.default_kind),
        ("municipality", source.default_municipality_id is None),
        ("team", source.default_team_id is None),
    )
    return [name for name, need in needed if need and name not in columns]


def import_parse(
    *, source: ImportSource, data: bytes, filename: str, progress: Progress | None = None
) -> Checked[ItemInput]:
    """Read and check the whole file. Nothing is written."""
    if progress:
        progress(Stage.READ, 0, None)
    try:
        table = read_table(data, filename)
    except TableTooLarge as error:  # over a limit (DV_UPLOAD_MAX_*): the message says which
        return Checked(errors=[RowError(1, str(error))])
    except Exception as error:  # a broken spreadsheet: say so in Dutch, never a traceback
        return Checked(
            errors=[
                RowError(
                    1, _("Het bestand kan niet worden gelezen (%(error)s).") % {"error": error}
                )
            ]
        )
    columns = _columns(source, table.headers)
    missing = [
        (source.mapping or {}).get(name) or DEFAULT_COLUMNS[name]
        for name in missing_columns(source, columns)
    ]
    if missing:
        message = _("De kolom %(columns)s ontbreekt. Gevonden kolommen: %(found)s.") % {
            "columns": ", ".join(missing),
            "found": ", ".join(table.headers) or "-",
        }
        return Checked(errors=[RowError(1, message)], total_rows=len(table.rows))
    lookup = Lookup()
    latest = timezone.now() + FUTURE_TOLERANCE
    seen: dict[str, int] = {}

    def check(values: dict[str, str], row: Row, problems: list[str]) -> ItemInput | None:
        item = _row_item(source, values, lookup, problems, latest=latest)
        source_id = values.get("source_id", "")
        if source_id and source_id in seen:
            problems.append(
                _("kenmerk '%(id)s' staat ook op regel %(line)s.")
                % {"id": source_id, "line": seen[source_id]}
            )
        elif source_id:
            seen[source_id] = row.line
        return item

    checked = rows_check(
        table=table,
        mapping=columns,
        check=check,
        one_line_per_row=False,
        preview_rows=PREVIEW_ROWS,
        progress=progress,
    )
    if not table.rows:
        checked.errors.append(RowError(1, _("Het bestand bevat geen regels.")))
    return checked


def _row_moments(
    values: dict[str, str], problems: list[str], *, latest: datetime.datetime
) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """The row's moments of receipt and closing. Before the due date is worked out, a moment far
    in the past or in the future is a typing error (and one in year 1 or 9999 would not even fit
    the calendar's arithmetic)."""
    received_at = closed_at = None
    try:
        if values.get("received_at"):
            received_at = parse_datetime(values["received_at"])
        else:
            problems.append(_("de ontvangstdatum is leeg."))
    except CellError as error:
        problems.append(str(error))
    try:
        if values.get("closed_at"):
            closed_at = parse_datetime(values["closed_at"])
    except CellError as error:
        problems.append(str(error))
    received_at = _moment_in_range(received_at, "received_at", values, problems, latest=latest)
    closed_at = _moment_in_range(closed_at, "closed_at", values, problems, latest=latest)
    if received_at and closed_at and closed_at < received_at:
        problems.append(_("de afhandeling ligt vóór de ontvangst."))
    return received_at, closed_at


# Per moment of a row: the problem when it lies before the earliest date, and when in the future.
_MOMENT_PROBLEMS = {
    "received_at": (
        gettext_lazy("de ontvangstdatum %(value)s ligt vóór %(earliest)s."),
        gettext_lazy("de ontvangstdatum %(moment)s ligt in de toekomst."),
    ),
    "closed_at": (
        gettext_lazy("de afhandeldatum %(value)s ligt vóór %(earliest)s."),
        gettext_lazy("de afhandeldatum %(moment)s ligt in de toekomst."),
    ),
}


def _moment_in_range(
    moment: datetime.datetime | None,
    name: str,
    values: dict[str, str],
    problems: list[str],
    *,
    latest: datetime.datetime,
) -> datetime.datetime | None:
    """The row's moment ``name``, or None when it lies before the earliest date the calendar
    knows. A moment in the future is reported but kept (the problem refuses its row)."""
    too_early, in_future = _MOMENT_PROBLEMS[name]
    if moment and moment.date() < EARLIEST_DATE:
        problems.append(too_early % {"value": values[name], "earliest": _EARLIEST})
        return None
    if moment and moment > latest:
        problems.append(in_future % {"moment": _shown(moment)})
    return moment


def _row_team(
    source: ImportSource, values: dict[str, str], team, service, problems: list[str]
) -> int | None:
    """The row's team: the named one, else the service's, else the source's default. A team
    other than the service's is refused, by the same rule as the API."""
    team_id = team.pk if team else None
    if team_id is None and not values.get("team"):
        team_id = service.team_id if service else source.default_team_id
        if team_id is None:
            problems.append(_("het team is leeg."))
    elif team_id is not None and service:
        try:
            item_team_resolve(
                team_id=team_id, service_id=service.pk, service_team_id=service.team_id
            )
        except ValidationError as error:
            problems.extend(error.messages)
    return team_id


@dataclass(frozen=True)
class RowNames:
    """What a row's names resolve to: the kind, the ids of the organisation, the outcome."""

    kind: str | None
    municipality_id: int | None
    team_id: int | None
    service_id: int | None
    channel_id: int | None
    outcome: str | None


def _row_item(
    source: ImportSource,
    values: dict[str, str],
    lookup: Lookup,
    problems: list[str],
    *,
    latest: datetime.datetime,
) -> ItemInput | None:
    source_id = values.get("source_id", "")
    if not source_id:
        problems.append(_("het kenmerk is leeg."))
    elif len(source_id) > 100:
        problems.append(_("het kenmerk is langer dan 100 tekens."))
    names = row_names(source, values, lookup, problems)
    received_at, closed_at = _row_moments(values, problems, latest=latest)
    if problems:
        return None
    return ItemInput(
        kind=names.kind,
        source=source.name,
        source_id=source_id,
        municipality_id=names.municipality_id,
        team_id=names.team_id,
        service_id=names.service_id,
        channel_id=names.channel_id,
        received_at=received_at,
        closed_at=closed_at,
        outcome=names.outcome or Outcome.UNKNOWN,
    )


def row_names(
    source: ImportSource, values: dict[str, str], lookup: Lookup, problems: list[str]
) -> RowNames:
    """The row's kind, municipality, team, service, channel and outcome, found by name (the
    source's defaults where a column is empty); every name nobody knows is a problem. The
    set-based import (``setimport``) asks this once per distinct combination of names."""

    def find(name: str):
        """What the row's ``name`` column names; a name nobody knows is a problem."""
        text = values.get(name, "")
        if not text:
            return None
        if name == "kind":
            found = lookup.kinds.get(name_key(text))
        else:
            found = lookup.organisation.find(name, text)
        if found is None:
            problems.append(
                _("%(label)s '%(value)s' is onbekend.") % {"label": LABELS[name], "value": text}
            )
        return found

    kind = find("kind") or source.default_kind or None
    if kind is None and not values.get("kind"):
        problems.append(_("de soort is leeg."))
    municipality = find("municipality")
    municipality_id = municipality.pk if municipality else source.default_municipality_id
    if municipality_id is None and not values.get("municipality"):
        problems.append(_("de gemeente is leeg."))
    service = find("service")
    team_id = _row_team(source, values, find("team"), service, problems)
    channel = find("channel")
    outcome_text = values.get("outcome", "")
    outcome = outcome_find(outcome_text)
    if outcome is None:
        problems.append(outcome_unknown_message(outcome_text))
    return RowNames(
        kind=kind,
        municipality_id=municipality_id,
        team_id=team_id,
        service_id=service.pk if service else None,
        channel_id=channel.pk if channel else None,
        outcome=outcome,
    )


def _shown(moment: datetime.datetime) -> str:
    return moment.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M")


def handling_import(
    *, source: ImportSource, data: bytes, filename: str, progress: Progress | None = None
) -> UpsertResult:
    """Import a file: all rows or none. Raises ``ImportFailed`` with every bad row.

    A CSV of ``DV_HANDLING_SET_IMPORT_ROWS`` lines or more goes the set-based way (``setimport``:
    checked, derived and written in SQL); a file it leaves alone (a problem to report per line,
    an unusual shape), a small file and an XLSX go row by row, with the same outcome."""
    from . import setimport

    if setimport.wanted(data, filename):
        try:
            return setimport.import_set_based(
                source=source, data=data, filename=filename, progress=progress
            )
        except setimport.NotSetBased as reason:
            logger.info("Import of %s row by row: %s", filename, reason)
        except DatabaseError:  # nothing was written; the row-by-row path reports what is wrong
            logger.exception("Set-based import of %s failed; row by row instead", filename)
    checked = import_parse(source=source, data=data, filename=filename, progress=progress)

    def write(items: list[ItemInput]) -> UpsertResult:
        # Inside the import's own all-or-nothing transaction (``rows_write``).
        result = items_upsert_nested(items=items, context=Context(), keep=False, progress=progress)
        if progress:
            progress(Stage.SAVE, len(items), len(items))
        return result

    return rows_write(checked=checked, write=write)
