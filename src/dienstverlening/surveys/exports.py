"""Export of anonymous responses (CSV and XLSX) for the coördinator, and import file clean-up.

One row per response is microdata: with the day, the service, the channel and the
municipality, a row may be the only one of its kind and point at one resident. So the export
never gives the day (only the month), and every row stands in a group of at least
``DV_MIN_GROUP_SIZE`` rows that carry exactly the same identifying values (meting, period,
team, service, channel, municipality, outcome). Where a group is smaller, its rows are made
coarser, step by step (``LEVELS``): first without the channel, then without the municipality,
then without the outcome, then the quarter, then the year instead of the month, then the team
instead of the service. Rows that are still in too small a group are left out. Each step pools
only the rows no earlier step placed, so a coarsened group never hides behind a finer one.

The group sizes come from one ``GROUP BY`` in the database (responses per meting × month ×
service × channel × municipality × outcome); the steps are sums over those cells. The rows of a
group are sorted by their content, never by date, so their order does not give the day away.
"""

from __future__ import annotations

import datetime
from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import Count, Max
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from dienstverlening.core.exports import csv_cell
from dienstverlening.core.formats import format_number
from dienstverlening.core.progress import Progress, Stage
from dienstverlening.organisation.models import Channel, Municipality, Service, Team

from .models import (
    OpenAnswer,
    OpenQuestion,
    Outcome,
    Questionnaire,
    QuestionnaireStatement,
    Response,
    StatementAnswer,
    SurveyRun,
)

CHUNK = 5000  # responses whose answers are read in one go
ORDER_CHUNK = 20_000  # responses per slice when reading the order

# (meting, first day of the month, service, channel, municipality, outcome)
Cell = tuple[int, datetime.date, int, int, int, str]


@dataclass(frozen=True)
class Level:
    """How coarse a row is: which identifying values it still carries."""

    period: str  # "month", "quarter" or "year"
    service: bool  # the service; otherwise only its team
    channel: bool
    municipality: bool
    outcome: bool
    note: str  # what the column 'grover gemaakt' says (lazy text)

    def key(self, cell: Cell, team_of: Mapping[int, int]) -> tuple:
        run, month, service, channel, municipality, outcome = cell
        if self.period == "month":
            period = (month.year, month.month)
        elif self.period == "quarter":
            period = (month.year, "Q", (month.month - 1) // 3)
        else:
            period = (month.year,)
        return (
            run,
            period,
            service if self.service else ("team", team_of[service]),
            channel if self.channel else None,
            municipality if self.municipality else None,
            outcome if self.outcome else None,
        )


_COARSE = {"channel": False, "municipality": False, "outcome": False}
LEVELS: tuple[Level, ...] = (
    Level(
        period="month", service=True, channel=True, municipality=True, outcome=True,
        note=gettext_lazy("nee"),
    ),
    Level(
        period="month", service=True, channel=False, municipality=True, outcome=True,
        note=gettext_lazy("zonder kanaal"),
    ),
    Level(
        period="month", service=True, channel=False, municipality=False, outcome=True,
        note=gettext_lazy("zonder kanaal en gemeente"),
    ),
    Level(
        period="month", service=True, **_COARSE,
        note=gettext_lazy("zonder kanaal, gemeente en uitkomst"),
    ),
    Level(
        period="quarter", service=True, **_COARSE,
        note=gettext_lazy("kwartaal in plaats van maand; zonder kanaal, gemeente en uitkomst"),
    ),
    Level(
        period="year", service=True, **_COARSE,
        note=gettext_lazy("jaar in plaats van maand; zonder kanaal, gemeente en uitkomst"),
    ),
    Level(
        period="year", service=False, **_COARSE,
        note=gettext_lazy(
            "jaar in plaats van maand, team in plaats van dienst; "
            "zonder kanaal, gemeente en uitkomst"
        ),
    ),
)  # fmt: skip


def cells_coarsen(
    cells: Mapping[Cell, int], *, team_of: Mapping[int, int], minimum: int
) -> dict[Cell, int]:
    """The level (index into ``LEVELS``) of every cell that can be shown; others are left out.

    At each level the cells not yet placed are summed per key of that level; a key with at
    least ``minimum`` responses places all its cells there.
    """
    remaining = dict(cells)
    placed: dict[Cell, int] = {}
    for index, level in enumerate(LEVELS):
        sizes: Counter = Counter()
        keys = {cell: level.key(cell, team_of) for cell in remaining}
        for cell, n in remaining.items():
            sizes[keys[cell]] += n
        for cell, key in keys.items():
            if sizes[key] >= minimum:
                placed[cell] = index
                del remaining[cell]
    return placed


@dataclass
class ResponsesExport:
    """The table, and what was done to it so that no row points at one resident."""

    headers: list[str]
    rows: list[list]
    minimum: int
    total: int = 0
    per_level: list[int] = field(default_factory=lambda: [0] * len(LEVELS))

    @property
    def left_out(self) -> int:
        return self.total - sum(self.per_level)

    def explanation(self) -> list[str]:
        """Dutch sentences for the sheet 'Toelichting', one per line."""
        lines = [
            _("Toelichting bij de antwoorden"),
            "",
            _(
                "Elke rij is één ingevulde vragenlijst. Zodat geen rij naar één inwoner wijst, "
                "staat elke rij in een groep van minstens %(minimum)s rijen met precies dezelfde "
                "meting, periode, team, dienst, kanaal, gemeente en uitkomst."
            )
            % {"minimum": self.minimum},
            _(
                "Daarom staat er nooit een datum in, alleen de maand. Is een groep te klein, "
                "dan is de rij grover gemaakt, stap voor stap: eerst zonder kanaal, dan zonder "
                "gemeente, dan zonder uitkomst, dan per kwartaal, dan per jaar, dan met het team "
                "in plaats van de dienst. Een lege cel betekent: weggelaten."
            ),
            _(
                "De kolom 'grover gemaakt' zegt per rij wat er is weggelaten. Binnen een groep "
                "staan de rijen op cijfer, niet op datum."
            ),
            "",
        ]
        for level, count in zip(LEVELS, self.per_level, strict=True):
            if count:
                lines.append(
                    ngettext(
                        "%(count)s rij – grover gemaakt: %(note)s",
                        "%(count)s rijen – grover gemaakt: %(note)s",
                        count,
                    )
                    % {"count": format_number(count), "note": level.note}
                )
        lines.append(
            ngettext(
                "%(count)s van de %(total)s antwoorden is weggelaten: ook per jaar en per team "
                "was de groep kleiner dan %(minimum)s.",
                "%(count)s van de %(total)s antwoorden zijn weggelaten: ook per jaar en per "
                "team was de groep kleiner dan %(minimum)s.",
                self.left_out,
            )
            % {
                "count": format_number(self.left_out),
                "total": format_number(self.total),
                "minimum": self.minimum,
            }
        )
        return lines


def responses_table(*, run: SurveyRun | None = None) -> ResponsesExport:
    """Anonymous responses, coarsened so that every row is in a group of at least the minimum:
    the whole table in memory (``responses_stream`` reads it in pieces)."""
    stream = responses_stream(run=run)
    rows = list(stream.rows())
    stream.export.rows = rows
    return stream.export


def responses_stream(*, run: SurveyRun | None = None) -> ResponsesStream:
    """The export of ``responses_table`` to be read row by row: its columns now (a few small
    queries), the rows and what was done to them (``export``) while they are read."""
    responses = Response.objects.all()
    if run is not None:
        responses = responses.filter(run=run)
    statement_orders: dict[int, int] = {}
    for statement_id, order in QuestionnaireStatement.objects.order_by("pk").values_list(
        "statement_id", "order"
    ):
        statement_orders.setdefault(statement_id, order)
    numbers = sorted(set(statement_orders.values())) or list(range(1, 9))
    export = ResponsesExport(
        headers=[
            _("meting"),
            _("jaar"),
            _("kwartaal"),
            _("maand"),
            _("team"),
            _("dienst"),
            _("kanaal"),
            _("gemeente"),
            _("uitkomst"),
            _("grover gemaakt"),
            _("versie vragenlijst"),
            *[_("stelling %(number)s") % {"number": n} for n in numbers],
            _("rapportcijfer"),
            _("wat ging goed"),
            _("wat kan beter"),
        ],
        rows=[],
        minimum=settings.DV_MIN_GROUP_SIZE,
    )
    positions = [
        (n, sorted(sid for sid, order in statement_orders.items() if order == n)) for n in numbers
    ]
    return ResponsesStream(export=export, responses=responses, positions=positions)


@dataclass
class _Group:
    """The rows of one group share everything up to 'grover gemaakt'."""

    level: int
    prefix: list  # meting … uitkomst and the note


class ResponsesStream:
    """Reads the export in three steps, so that memory does not grow with the rows' contents:

    1. the groups: one ``GROUP BY`` gives the cells, ``cells_coarsen`` places them, and the groups
       are sorted as the table shows them (``_identifying_key``);
    2. the order: every response's group and mark, read by primary key in slices (keyset) and
       sorted (numpy, a few numbers per response);
    3. the rows: the answers of ``CHUNK`` responses at a time in that order (one query for the
       statements, pivoted by the database, one for the open answers); within a group and mark
       the rows are sorted by their content, never by date.

    The slices are read with the cursor itself: Django's per-row conversion would cost more than
    the database does. ``export`` is complete (counts per level) once step 2 is done, which is
    before the first row.
    """

    def __init__(
        self, *, export: ResponsesExport, responses, positions: list[tuple[int, list[int]]]
    ) -> None:
        self.export = export
        self.responses = responses
        self.positions = positions
        self.shown = 0  # rows the export will give (known after step 2)
        self._order = None
        self._queries: tuple[str, str] | None = None

    # --- step 1 and 2 ------------------------------------------------------------------------

    def prepare(self, progress: Progress | None = None) -> None:
        """Steps 1 and 2 (``rows`` does them when they were not done)."""
        if self._order is not None:
            return
        # The counts and the rows must see the same responses, also while new ones come in.
        newest = self.responses.aggregate(newest=Max("pk"))["newest"] or 0
        responses = self.responses.filter(pk__lte=newest)
        cells: dict[Cell, int] = {
            (r["run"], r["month"], r["service"], r["channel"], r["municipality"], r["outcome"]): r[
                "n"
            ]
            for r in responses.annotate(month=TruncMonth("answered_on"))
            .values("run", "month", "service", "channel", "municipality", "outcome")
            .annotate(n=Count("pk"))
            .order_by()
        }
        self.export.total = sum(cells.values())
        team_of = dict(Service.objects.values_list("pk", "team_id"))
        placed = cells_coarsen(cells, team_of=team_of, minimum=self.export.minimum)
        for cell, index in placed.items():
            self.export.per_level[index] += cells[cell]
        self.shown = sum(self.export.per_level)
        self.groups, cell_group = _groups(placed, _Names.load(), team_of)
        self._order = self._sorted(responses, cell_group, progress)

    def _sorted(self, responses, cell_group: Mapping[Cell, int], progress: Progress | None):
        """Primary keys, groups, mark codes and questionnaires of the shown responses, in the
        order of the table."""
        import numpy

        # 18 bytes per response: the only part of the export that grows with it.
        pks, groups, marks, questionnaires = array("q"), array("i"), array("h"), array("i")
        months: dict = {}
        self._marks: dict = {}  # as read → (code, cell)
        done = 0
        for rows in _slices(
            responses,
            "pk",
            "run_id",
            "answered_on",
            "service_id",
            "channel_id",
            "municipality_id",
            "outcome",
            "mark",
            "questionnaire_id",
        ):
            for pk, run, day, service, channel, municipality, outcome, mark, version in rows:
                month = months.get(day)
                if month is None:
                    month = months[day] = _first_of_month(day)
                group = cell_group.get((run, month, service, channel, municipality, outcome))
                if group is None:
                    continue
                code = self._marks.get(mark)
                if code is None:
                    code = self._marks[mark] = _mark_code(mark)
                pks.append(pk)
                groups.append(group)
                marks.append(code[0])
                questionnaires.append(version)
            done += len(rows)
            if progress:
                progress(Stage.FIGURES, done, self.export.total)
        columns = [
            numpy.frombuffer(a, dtype=a.typecode) if a else numpy.zeros(0, a.typecode)
            for a in (pks, groups, marks, questionnaires)
        ]
        order = numpy.lexsort((columns[0], columns[2], columns[1]))
        return [column[order] for column in columns]

    # --- step 3 ------------------------------------------------------------------------------

    def rows(self, progress: Progress | None = None) -> Iterator[list]:
        """The rows as the table has them: numbers as numbers, '' where left out."""
        return self._rows(_same, progress)

    def csv_rows(self) -> Iterator[list[str]]:
        """The rows as CSV text (``core.exports.csv_stream(..., prepared=True)``): each value
        repeated over many rows is converted once."""
        return self._rows(_csv_text, None)

    def _rows(self, cell: Callable, progress: Progress | None) -> Iterator[list]:
        self.prepare(progress)
        pks, groups, marks, questionnaires = self._order
        versions = dict(Questionnaire.objects.values_list("pk", "version"))
        prefixes = [[cell(value) for value in group.prefix] for group in self.groups]
        dont_know = _("weet niet")
        labels = {None: "", 0: dont_know, **{v: v for v in range(1, 6)}}
        label_text = {value: str(label) for value, label in labels.items()}
        label_cell = {value: cell(label) for value, label in labels.items()}
        mark_cell = {code: cell(mark) for code, mark in self._marks.values()}
        version_cell = {pk: cell(version) for pk, version in versions.items()}
        blank = (None,) * len(self.positions)
        total = len(pks)
        segment: tuple = ()
        pending: list[tuple] = []

        def flush() -> Iterator[list]:
            if len(pending) > 1:
                pending.sort(
                    key=lambda r: (
                        str(versions.get(r[0])),
                        *[label_text[v] for v in r[1]],
                        r[2],
                        r[3],
                    )
                )
            prefix, mark = prefixes[segment[0]], mark_cell[segment[1]]
            for version, values, good, better in pending:
                yield [
                    *prefix,
                    version_cell.get(version, ""),
                    *[label_cell[v] for v in values],
                    mark,
                    cell(good),
                    cell(better),
                ]
            pending.clear()

        for start in range(0, total, CHUNK):
            end = min(start + CHUNK, total)
            chunk = pks[start:end].tolist()
            answers, opens = self._answers(chunk)
            for pk, group, mark, version in zip(
                chunk,
                groups[start:end].tolist(),
                marks[start:end].tolist(),
                questionnaires[start:end].tolist(),
                strict=True,
            ):
                if segment != (group, mark):
                    if pending:
                        yield from flush()
                    segment = (group, mark)
                given = opens.get(pk, _NO_OPENS)
                pending.append(
                    (
                        version,
                        answers.get(pk, blank),
                        given.get(OpenQuestion.GOOD, ""),
                        given.get(OpenQuestion.BETTER, ""),
                    )
                )
            if progress:
                progress(Stage.DOCUMENTS, end, total)
        if pending:
            yield from flush()

    def _answers(self, ids: list[int]) -> tuple[dict[int, tuple], dict[int, dict[str, str]]]:
        """The statement answers (by position; the database pivots them) and the two open
        answers of these responses.

        Plain SQL with the ids written out as numbers, without parameters: thousands of ``IN``
        parameters cost more in Django and the driver than the query costs the database."""
        if self._queries is None:
            self._queries = _answer_queries(self.positions)
        listed = ",".join(str(int(pk)) for pk in ids)
        pivot, open_answers = (query.replace("{ids}", listed) for query in self._queries)
        with connection.cursor() as cursor:
            cursor.execute(pivot)
            answers = {row[0]: row[1:] for row in cursor.fetchall()}
            cursor.execute(open_answers)
            opens: dict[int, dict[str, str]] = {}
            for response_id, question, text in cursor.fetchall():
                opens.setdefault(response_id, {})[question] = text
        return answers, opens


def _answer_queries(positions: list[tuple[int, list[int]]]) -> tuple[str, str]:
    """The two queries of ``ResponsesStream._answers``, with ``{ids}`` for the responses."""
    name = connection.ops.quote_name

    def column(model, field: str) -> str:
        return name(model._meta.get_field(field).column)

    response, statement, value = (
        column(StatementAnswer, "response"),
        column(StatementAnswer, "statement"),
        column(StatementAnswer, "value"),
    )
    values = ", ".join(
        f"MAX(CASE WHEN {statement} IN ({','.join(str(int(i)) for i in ids)}) THEN {value} END)"
        if ids
        else "NULL"
        for _n, ids in positions
    )
    pivot = (
        f"SELECT {response}, {values} FROM {name(StatementAnswer._meta.db_table)} "
        f"WHERE {response} IN ({{ids}}) GROUP BY {response}"
    )
    questions = ",".join(f"'{q}'" for q in (OpenQuestion.GOOD.value, OpenQuestion.BETTER.value))
    open_answers = (
        f"SELECT {column(OpenAnswer, 'response')}, {column(OpenAnswer, 'question')}, "
        f"{column(OpenAnswer, 'text')} FROM {name(OpenAnswer._meta.db_table)} "
        f"WHERE {column(OpenAnswer, 'response')} IN ({{ids}}) "
        f"AND {column(OpenAnswer, 'question')} IN ({questions})"
    )
    return pivot, open_answers


_NO_OPENS: dict[str, str] = {}


def _same(value):
    return value


def _csv_text(value) -> str:
    return "" if value is None else csv_cell(value)


def _fetch(query) -> list[tuple]:
    """The rows of a ``values_list`` query as the database driver gives them (only for columns
    that need no conversion, or whose raw form the caller handles: a date may come as text)."""
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _slices(responses, *fields: str) -> Iterator[list[tuple]]:
    """``fields`` of the responses in slices of ``ORDER_CHUNK``, by primary key (no growing
    OFFSET, no cursor held open between slices)."""
    last = 0
    while True:
        rows = _fetch(
            responses.filter(pk__gt=last).order_by("pk").values_list(*fields)[:ORDER_CHUNK]
        )
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _first_of_month(day) -> datetime.date:
    """The month of a date as the driver gives it (a ``date``, or ISO text from SQLite)."""
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day[:10])
    return day.replace(day=1)


def _mark_code(mark) -> tuple[int, int | float | str]:
    """A mark as the driver gives it (``Decimal``, or a number from SQLite): a code that sorts
    as the table sorts marks (an empty mark last), and the cell the table shows."""
    if mark is None:
        return 1 << 14, ""  # after every mark (at most 100)
    value = Decimal(str(mark))
    return int(value * 10), _mark_cell(value)


def _groups(
    placed: Mapping[Cell, int], names: _Names, team_of: Mapping[int, int]
) -> tuple[list[_Group], dict[Cell, int]]:
    """The groups of the table in its order, and each placed cell's group."""
    notes = [str(level.note) for level in LEVELS]
    found: dict[tuple, tuple[_Group, list[Cell]]] = {}
    for cell, index in placed.items():
        identifying = _identifying(cell, LEVELS[index], names, team_of)
        key = (_identifying_key(identifying), index)
        if key not in found:
            found[key] = (_Group(level=index, prefix=[*identifying, notes[index]]), [])
        found[key][1].append(cell)
    groups: list[_Group] = []
    cell_group: dict[Cell, int] = {}
    for key in sorted(found):
        group, cells = found[key]
        for cell in cells:
            cell_group[cell] = len(groups)
        groups.append(group)
    return groups, cell_group


@dataclass
class _Names:
    runs: dict[int, str]
    services: dict[int, str]
    teams: dict[int, str]
    channels: dict[int, str]
    municipalities: dict[int, str]
    outcomes: dict[str, str]

    @classmethod
    def load(cls) -> _Names:
        return cls(
            runs=dict(SurveyRun.objects.values_list("pk", "name")),
            services=dict(Service.objects.values_list("pk", "name")),
            teams=dict(Team.objects.values_list("pk", "name")),
            channels=dict(Channel.objects.values_list("pk", "name")),
            municipalities=dict(Municipality.objects.values_list("pk", "name")),
            outcomes={value: str(label) for value, label in Outcome.choices},
        )


def _identifying(cell: Cell, level: Level, names: _Names, team_of: Mapping[int, int]) -> list:
    """meting, jaar, kwartaal, maand, team, dienst, kanaal, gemeente, uitkomst ('' = left out)."""
    run, month, service, channel, municipality, outcome = cell
    return [
        names.runs[run],
        month.year,
        (month.month - 1) // 3 + 1 if level.period in ("month", "quarter") else "",
        month.month if level.period == "month" else "",
        names.teams[team_of[service]],
        names.services[service] if level.service else "",
        names.channels[channel] if level.channel else "",
        names.municipalities[municipality] if level.municipality else "",
        names.outcomes.get(outcome, outcome) if level.outcome else "",
    ]


def _identifying_key(identifying: list) -> tuple:
    """Groups in a natural order: numbers as numbers, a left-out value after the shown ones.
    (Then the level, then within a group by mark and answers, never by date.)"""
    return tuple(
        (0, value, "") if isinstance(value, int) else (2 if value == "" else 1, 0, str(value))
        for value in identifying
    )


def _mark_cell(mark: Decimal | None) -> int | float | str:
    """A plain number for the spreadsheet: 8 or 7.5 (the CSV writes 7,5)."""
    if mark is None:
        return ""
    return int(mark) if mark == mark.to_integral_value() else float(mark)
