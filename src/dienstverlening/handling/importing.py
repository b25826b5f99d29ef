"""Importing a source system's CSV or XLSX export with its saved column mapping.

All rows or none: the file is read and checked whole first; every bad row is reported with its
line number and the reason in Dutch. Only a clean file is written, in one transaction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienstverlening.core.progress import Progress, Stage
from dienstverlening.core.tabular import (
    AMSTERDAM,
    EARLIEST_DATE,
    CellError,
    TableTooLarge,
    parse_datetime,
    read_table,
)
from dienstverlening.organisation.models import Channel, Municipality, Service, Team

from .models import FUTURE_TOLERANCE, ImportSource, ItemKind, Outcome
from .services import Context, ItemInput, UpsertResult, item_team_resolve, items_upsert

FIELDS = [
    "source_id",
    "kind",
    "municipality",
    "team",
    "service",
    "channel",
    "received_at",
    "closed_at",
    "outcome",
]
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
PROGRESS_EVERY = 1000  # rows between two progress reports
LABELS = {
    "kind": gettext_lazy("soort"),
    "municipality": gettext_lazy("gemeente"),
    "team": gettext_lazy("team"),
    "service": gettext_lazy("dienst"),
    "channel": gettext_lazy("kanaal"),
}


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return _("Regel %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class ParsedImport:
    items: list[ItemInput] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    preview: list[dict[str, str]] = field(default_factory=list)
    total_rows: int = 0


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = errors


@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    return slugify(text.strip()).replace("-", "")


class Lookup:
    """Names, slugs and codes of the organisation, looked up without caring about case."""

    def __init__(self) -> None:
        self.municipalities = self._index(
            Municipality.objects.all(), lambda m: (m.name, m.slug, m.cbs_code)
        )
        self.teams = self._index(Team.objects.all(), lambda t: (t.name, t.slug))
        self.services: dict[str, tuple[int, int]] = {}
        for service in Service.objects.all():
            for text in (service.name, service.slug):
                self.services[_key(text)] = (service.pk, service.team_id)
        self.channels = self._index(Channel.objects.all(), lambda c: (c.name, c.slug))
        self.kinds = {}
        for value, label in ItemKind.choices:
            self.kinds[_key(value)] = value
            self.kinds[_key(str(label))] = value
        # Besides the codes and labels: the empty cell, "nvt" and the register's old word.
        self.outcomes = {
            "": Outcome.UNKNOWN,
            "nvt": Outcome.NOT_APPLICABLE,
            "geweigerd": Outcome.REFUSED,
        }
        for value, label in Outcome.choices:
            self.outcomes[_key(value)] = value
            self.outcomes[_key(str(label))] = value

    @staticmethod
    def _index(objects, names) -> dict[str, int]:
        index = {}
        for obj in objects:
            for text in names(obj):
                if text:
                    index[_key(text)] = obj.pk
        return index


def _columns(source: ImportSource, headers: list[str]) -> dict[str, str]:
    """Which header holds which field: the saved mapping, else the default names."""
    by_key = {_key(h): h for h in headers}
    columns = {}
    for name in FIELDS:
        wanted = (source.mapping or {}).get(name) or DEFAULT_COLUMNS[name]
        if _key(wanted) in by_key:
            columns[name] = by_key[_key(wanted)]
    return columns


def import_parse(
    *, source: ImportSource, data: bytes, filename: str, progress: Progress | None = None
) -> ParsedImport:
    """Read and check the whole file. Nothing is written."""
    if progress:
        progress(Stage.READ, 0, None)
    try:
        table = read_table(data, filename)
    except TableTooLarge as error:  # over a limit (DV_UPLOAD_MAX_*): the message says which
        return ParsedImport(errors=[RowError(1, str(error))])
    except Exception as error:  # a broken spreadsheet: say so in Dutch, never a traceback
        return ParsedImport(
            errors=[
                RowError(
                    1, _("Het bestand kan niet worden gelezen (%(error)s).") % {"error": error}
                )
            ]
        )
    columns = _columns(source, table.headers)
    parsed = ParsedImport(total_rows=len(table.rows))
    missing = []
    for name, needed in (
        ("source_id", True),
        ("received_at", True),
        ("kind", not source.default_kind),
        ("municipality", source.default_municipality_id is None),
        ("team", source.default_team_id is None),
    ):
        if needed and name not in columns:
            missing.append((source.mapping or {}).get(name) or DEFAULT_COLUMNS[name])
    if missing:
        parsed.errors.append(
            RowError(
                1,
                _("De kolom %(columns)s ontbreekt. Gevonden kolommen: %(found)s.")
                % {"columns": ", ".join(missing), "found": ", ".join(table.headers) or "-"},
            )
        )
        return parsed
    lookup = Lookup()
    latest = timezone.now() + FUTURE_TOLERANCE
    seen: dict[str, int] = {}
    total = len(table.rows)
    for number, row in enumerate(table.rows):
        if progress and number % PROGRESS_EVERY == 0:
            progress(Stage.CHECK, number, total)
        values = {name: row.values.get(column, "") for name, column in columns.items()}
        if len(parsed.preview) < PREVIEW_ROWS:
            # As the user knows the file: its own column names.
            parsed.preview.append({columns[name]: value for name, value in values.items()})
        problems: list[str] = []
        item = _row_item(source, values, lookup, problems, latest=latest)
        source_id = values.get("source_id", "")
        if source_id and source_id in seen:
            problems.append(
                _("kenmerk '%(id)s' staat ook op regel %(line)s.")
                % {"id": source_id, "line": seen[source_id]}
            )
        elif source_id:
            seen[source_id] = row.line
        if problems:
            parsed.errors.extend(RowError(row.line, p) for p in problems)
        elif item is not None:
            parsed.items.append(item)
    if progress:
        progress(Stage.CHECK, total, total)
    if not table.rows:
        parsed.errors.append(RowError(1, _("Het bestand bevat geen regels.")))
    return parsed


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

    def find(name: str, index: dict):
        text = values.get(name, "")
        if not text:
            return None
        found = index.get(_key(text))
        if found is None:
            problems.append(
                _("%(label)s '%(value)s' is onbekend.") % {"label": LABELS[name], "value": text}
            )
        return found

    kind = find("kind", lookup.kinds) or source.default_kind or None
    if kind is None and not values.get("kind"):
        problems.append(_("de soort is leeg."))
    municipality_id = find("municipality", lookup.municipalities) or source.default_municipality_id
    if municipality_id is None and not values.get("municipality"):
        problems.append(_("de gemeente is leeg."))
    service = find("service", lookup.services)
    team_id = find("team", lookup.teams)
    if team_id is None and not values.get("team"):
        team_id = service[1] if service else source.default_team_id
        if team_id is None:
            problems.append(_("het team is leeg."))
    elif team_id is not None and service:
        try:  # the same rule as the API: a team other than the service's is refused
            item_team_resolve(team_id=team_id, service_id=service[0], service_team_id=service[1])
        except ValidationError as error:
            problems.extend(error.messages)
    channel_id = find("channel", lookup.channels)
    outcome_text = values.get("outcome", "")
    outcome = lookup.outcomes.get(_key(outcome_text))
    if outcome is None:
        problems.append(
            _("uitkomst '%(value)s' is onbekend (toegekend, geweigerd of niet van toepassing).")
            % {"value": outcome_text}
        )
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
    # Before the due date is worked out: a moment far in the past or future is a typing error
    # (and one in year 1 or 9999 would not even fit the calendar's arithmetic).
    if received_at and received_at.date() < EARLIEST_DATE:
        problems.append(
            _("de ontvangstdatum %(value)s ligt vóór %(earliest)s.")
            % {"value": values["received_at"], "earliest": _EARLIEST}
        )
        received_at = None
    elif received_at and received_at > latest:
        problems.append(
            _("de ontvangstdatum %(moment)s ligt in de toekomst.") % {"moment": _shown(received_at)}
        )
    if closed_at and closed_at.date() < EARLIEST_DATE:
        problems.append(
            _("de afhandeldatum %(value)s ligt vóór %(earliest)s.")
            % {"value": values["closed_at"], "earliest": _EARLIEST}
        )
        closed_at = None
    elif closed_at and closed_at > latest:
        problems.append(
            _("de afhandeldatum %(moment)s ligt in de toekomst.") % {"moment": _shown(closed_at)}
        )
    if received_at and closed_at and closed_at < received_at:
        problems.append(_("de afhandeling ligt vóór de ontvangst."))
    if problems:
        return None
    return ItemInput(
        kind=kind,
        source=source.name,
        source_id=source_id,
        municipality_id=municipality_id,
        team_id=team_id,
        service_id=service[0] if service else None,
        channel_id=channel_id,
        received_at=received_at,
        closed_at=closed_at,
        outcome=outcome or Outcome.UNKNOWN,
    )


def _shown(moment: datetime.datetime) -> str:
    return moment.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M")


def handling_import(
    *, source: ImportSource, data: bytes, filename: str, progress: Progress | None = None
) -> UpsertResult:
    """Import a file: all rows or none. Raises ``ImportFailed`` with every bad row."""
    parsed = import_parse(source=source, data=data, filename=filename, progress=progress)
    if parsed.errors:
        raise ImportFailed(parsed.errors)
    if not parsed.items:
        raise ValidationError(_("Het bestand bevat geen regels."), code="empty")
    return items_upsert(items=parsed.items, context=Context(), progress=progress)
