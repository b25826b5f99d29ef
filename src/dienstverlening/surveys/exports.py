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
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import CharField, Count, Max
from django.db.models.functions import Substr, TruncMonth
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

CHUNK = 5000  # rows read from the cursor in one go
ORDER_CHUNK = 20_000  # cells per insert into the temporary table (SQLite)

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
    return ResponsesStream(export=export, responses=responses, positions=positions, run=run)


@dataclass
class _Group:
    """The rows of one group share everything up to 'grover gemaakt'."""

    level: int
    prefix: list  # meting … uitkomst and the note


class ResponsesStream:
    """Reads the export in two steps, so that memory does not grow with the rows:

    1. the groups: one ``GROUP BY`` gives the cells, ``cells_coarsen`` places them, and the groups
       are sorted as the table shows them (``_identifying_key``);
    2. the rows: one query (``_rows_query``) joins every response to its cell's group (the cells
       are a temporary table), pivots the answers to the statements and the open
       answers and sorts the rows, all in the database: by group, then mark, then their
       content, never by date. One cursor reads it in pieces of ``CHUNK`` rows (server-side on
       PostgreSQL) as plain numbers and text; per row Python only looks up the cells' text.

    ``export`` is complete (counts per level) once step 1 is done, which is before the first
    row.
    """

    def __init__(
        self,
        *,
        export: ResponsesExport,
        responses,
        positions: list[tuple[int, list[int]]],
        run: SurveyRun | None = None,
    ) -> None:
        self.export = export
        self.responses = responses
        self.positions = positions
        self.run = run
        self.shown = 0  # rows the export will give (known after step 1)
        self.groups: list[_Group] = []
        self._cell_group: dict[Cell, int] | None = None
        self._newest = 0

    # --- step 1 ------------------------------------------------------------------------------

    def prepare(self, progress: Progress | None = None) -> None:
        """Step 1 (``rows`` does it when it was not done)."""
        if self._cell_group is not None:
            return
        # The counts and the rows must see the same responses, also while new ones come in.
        self._newest = self.responses.aggregate(newest=Max("pk"))["newest"] or 0
        responses = self.responses.filter(pk__lte=self._newest)
        # SQLite keeps a date as text: its month is the text's start (Django's TruncMonth
        # would call Python for every response).
        sqlite = connection.vendor == "sqlite"
        month = (
            Substr("answered_on", 1, 7, output_field=CharField())
            if sqlite
            else TruncMonth("answered_on")
        )
        cells: dict[Cell, int] = {
            (
                r["run"],
                _first_of_month(r["month"]) if sqlite else r["month"],
                r["service"],
                r["channel"],
                r["municipality"],
                r["outcome"],
            ): r["n"]
            for r in responses.annotate(month=month)
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
        self.groups, self._cell_group = _groups(placed, _Names.load(), team_of)
        if progress:
            progress(Stage.FIGURES, self.export.total, self.export.total)

    # --- step 2 ------------------------------------------------------------------------------

    def rows(self, progress: Progress | None = None) -> Iterator[list]:
        """The rows as the table has them: numbers as numbers, '' where left out."""
        return self._rows(_same, progress)

    def csv_rows(self) -> Iterator[list[str]]:
        """The rows as CSV text (``core.exports.csv_stream(..., prepared=True)``): each value
        repeated over many rows is converted once."""
        return self._rows(_csv_text, None)

    def _rows(self, cell: Callable, progress: Progress | None) -> Iterator[list]:
        self.prepare(progress)
        versions = dict(Questionnaire.objects.values_list("pk", "version"))
        labels: dict[int | None, object] = {None: "", 0: _("weet niet")}
        labels.update({v: v for v in range(1, 6)})
        prefixes = [[cell(value) for value in group.prefix] for group in self.groups]
        label_cell = {value: cell(label) for value, label in labels.items()}.__getitem__
        version_cell = {pk: cell(version) for pk, version in versions.items()}
        mark_cell: dict[int | None, object] = {}
        done = 0
        if self.shown:
            for chunk in self._read(versions, labels):
                for group, mark, version, *answers, good, better in chunk:
                    shown_mark = mark_cell.get(mark)
                    if shown_mark is None:
                        shown_mark = mark_cell[mark] = cell(_mark_cell(_tenths(mark)))
                    yield [
                        *prefixes[group],
                        version_cell.get(version, ""),
                        *map(label_cell, answers),
                        shown_mark,
                        good and cell(good),  # mostly not given: ''
                        better and cell(better),
                    ]
                done += len(chunk)
                if progress:
                    progress(Stage.DOCUMENTS, done, self.shown)
        if progress and not done:
            progress(Stage.DOCUMENTS, 0, self.shown)

    def _read(self, versions: Mapping[int, int], labels: Mapping) -> Iterator[list[tuple]]:
        """The rows of ``_rows_query`` in pieces of ``CHUNK``, from one cursor: server-side on
        PostgreSQL, so that neither side holds the whole result (SQLite steps through it).

        The query joins the responses to a temporary table of the cells and their groups
        (on SQLite ``ORDER_CHUNK`` cells per insert), which it drops when done."""
        assert self._cell_group is not None
        postgres = connection.vendor == "postgresql"
        cells = f"dv_export_cells_{uuid.uuid4().hex}"
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {cells} (run integer, month "
                f"{'date' if postgres else 'text'}, service integer, channel integer, "
                "municipality integer, outcome varchar(20), g integer, "
                "PRIMARY KEY (run, month, service, channel, municipality, outcome))"
            )
            try:
                # The month as the query gives it: a date on PostgreSQL, 'YYYY-MM' on SQLite.
                rows = [
                    (run, month if postgres else month.isoformat()[:7], *rest, group)
                    for (run, month, *rest), group in self._cell_group.items()
                ]
                if postgres:  # COPY: several times faster than inserts
                    with cursor.cursor.copy(f"COPY {cells} FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
                else:
                    for start in range(0, len(rows), ORDER_CHUNK):
                        cursor.executemany(
                            f"INSERT INTO {cells} VALUES (%s, %s, %s, %s, %s, %s, %s)",
                            rows[start : start + ORDER_CHUNK],
                        )
                sql, params = self._rows_query(versions, labels, cells)
                if not postgres:
                    cursor.execute(sql, params)
                    while chunk := cursor.fetchmany(CHUNK):
                        yield chunk
                    return
                with connection.chunked_cursor() as reading:
                    # Compiling this one large query costs more than it saves.
                    cursor.execute("SET jit = off")
                    try:
                        reading.execute(sql, params)
                    finally:
                        cursor.execute("RESET jit")
                    while chunk := reading.fetchmany(CHUNK):
                        yield chunk
            finally:
                cursor.execute(f"DROP TABLE {cells}")

    def _rows_query(
        self, versions: Mapping[int, int], labels: Mapping, cells: str
    ) -> tuple[str, list]:
        """The query of step 2: per shown response its group (an index into ``groups``), its
        mark times ten, its questionnaire, its answer per position and its two open answers
        ('' when not given), in the order of the table.

        Within a group and mark the rows are sorted as their text compares in Python: the
        version as text, then each answer's label, then the open answers by code point. The
        numbers among these keys are packed into as few integers as they fit in."""
        assert self._cell_group is not None
        name = connection.ops.quote_name
        postgres = connection.vendor == "postgresql"

        def table(model) -> str:
            return name(model._meta.db_table)

        def column(model, field: str) -> str:
            return name(model._meta.get_field(field).column)

        def r(field: str) -> str:
            return "r." + column(Response, field)

        if postgres:  # the month of a cell: a date on PostgreSQL, 'YYYY-MM' on SQLite
            month_of = f"CAST(date_trunc('month', CAST({r('answered_on')} AS timestamp)) AS date)"
            binary = ' COLLATE "C"'  # code point order, as Python compares text
        else:
            month_of = f"substr({r('answered_on')}, 1, 7)"
            binary = ""  # SQLite compares text by its bytes: code point order

        keys = ("run", "month", "service", "channel", "municipality", "outcome")
        join = " AND ".join(f"c.{key} = x.{key}" for key in keys)
        # Only the answers of the responses counted in step 1.
        shown = f"<= {int(self._newest)}"
        if self.run is not None:
            shown += (
                f" AND {{0}} IN (SELECT {column(Response, 'id')} FROM {table(Response)} "
                f"WHERE {column(Response, 'run')} = {int(self.run.pk)})"
            )
        where = f"{r('id')} <= %s" + (f" AND {r('run')} = %s" if self.run is not None else "")
        params = [self._newest] + ([self.run.pk] if self.run is not None else [])

        sa = StatementAnswer
        sa_response, statement, value = (column(sa, f) for f in ("response", "statement", "value"))
        pivot = ", ".join(
            f"MAX(CASE WHEN {statement} IN ({','.join(str(int(i)) for i in ids)}) "
            f"THEN {value} END) AS s{n}"  # the highest where one position has two statements
            if ids
            else f"NULL AS s{n}"
            for n, ids in self.positions
        )
        oa = OpenAnswer
        oa_response, question, text = (column(oa, f) for f in ("response", "question", "text"))
        good, better = (_sql_text(q.value) for q in (OpenQuestion.GOOD, OpenQuestion.BETTER))
        answers = ", ".join(f"x.s{n}" for n, _ids in self.positions)
        label_texts = {v: str(label) for v, label in labels.items()}
        order = _packed(
            [
                ("c.g", len(self.groups)),
                ("COALESCE(x.mark, 101)", 102),  # marks 1.0 … 10.0, then none
                _rank(
                    f"x.{column(Response, 'questionnaire')}",
                    {k: str(v) for k, v in versions.items()},
                ),
                *(_rank(f"x.s{n}", label_texts) for n, _ids in self.positions),
            ]
        )
        # PostgreSQL cannot estimate the join to the cells (six columns, one row per cell)
        # and takes it for one row: in the subquery (OFFSET 0 keeps it one) the responses are
        # joined to their answers on good estimates, and the cells only at the end.
        fence = "OFFSET 0" if postgres else ""
        sql = f"""
            SELECT c.g, x.mark, x.{column(Response, "questionnaire")}, {answers}, x.good, x.better
            FROM (
                SELECT {r("run")} AS run, {month_of} AS month, {r("service")} AS service,
                       {r("channel")} AS channel, {r("municipality")} AS municipality,
                       {r("outcome")} AS outcome, CAST(ROUND({r("mark")} * 10) AS INTEGER) AS mark,
                       {r("questionnaire")}, {", ".join(f"p.s{n}" for n, _ids in self.positions)},
                       COALESCE(o.good, '') AS good, COALESCE(o.better, '') AS better
                FROM {table(Response)} r
                LEFT JOIN (
                    SELECT {sa_response} AS response, {pivot} FROM {table(sa)}
                    WHERE {sa_response} {shown.format(sa_response)} GROUP BY {sa_response}
                ) p ON p.response = {r("id")}
                LEFT JOIN (
                    SELECT {oa_response} AS response,
                           MAX(CASE WHEN {question} = {good} THEN {text} END) AS good,
                           MAX(CASE WHEN {question} = {better} THEN {text} END) AS better
                    FROM {table(oa)}
                    WHERE {oa_response} {shown.format(oa_response)}
                      AND {question} IN ({good}, {better})
                    GROUP BY {oa_response}
                ) o ON o.response = {r("id")}
                WHERE {where}
                {fence}
            ) x
            JOIN {cells} c ON {join}
            ORDER BY {", ".join(order)}, x.good{binary}, x.better{binary}
        """
        return sql, params


# A packed sort key stays below this (SQL integers have 64 bits, one for the sign).
PACKED_LIMIT = 1 << 62


def _packed(keys: list[tuple[str, int]]) -> list[str]:
    """Sort keys (SQL for a whole number from 0 to below its radix), packed into as few SQL
    integers as fit below ``PACKED_LIMIT``: sorting by those sorts by the keys in turn."""
    packed: list[str] = []
    current, size = "", 1
    for expression, radix in keys:
        radix = max(radix, 1)
        if current and size * radix >= PACKED_LIMIT:
            packed.append(current)
            current, size = "", 1
        current = (
            f"({current}) * {radix} + {expression}" if current else f"CAST({expression} AS BIGINT)"
        )
        size *= radix
    return [*packed, current] if current else packed


def _rank(expression: str, texts: Mapping) -> tuple[str, int]:
    """A sort key: the rank of ``expression``'s value (an integer or ``NULL``) among the values
    of ``texts`` (value → its text) as Python sorts those texts, and how many ranks there are
    (one more for a value not in ``texts``)."""
    ranked = sorted(texts, key=lambda value: texts[value])
    whens = " ".join(f"WHEN {int(v)} THEN {i}" for i, v in enumerate(ranked) if v is not None)
    otherwise = ranked.index(None) if None in texts else len(ranked)
    sql = f"CASE {expression} {whens} ELSE {otherwise} END" if whens else str(otherwise)
    return sql, len(ranked) + 1


def _sql_text(value: str) -> str:
    """A text literal for SQL (standard quoting, as PostgreSQL and SQLite read it)."""
    return "'" + str(value).replace("'", "''") + "'"


def _first_of_month(month: str) -> datetime.date:
    """The first day of a month given as 'YYYY-MM'."""
    return datetime.date(int(month[:4]), int(month[5:7]), 1)


def _tenths(mark: int | None) -> Decimal | None:
    return None if mark is None else Decimal(mark) / 10


def _same(value):
    return value


def _csv_text(value) -> str:
    return "" if value is None else csv_cell(value)


def _groups(
    placed: Mapping[Cell, int], names: _Names, team_of: Mapping[int, int]
) -> tuple[list[_Group], dict[Cell, int]]:
    """The groups of the table in its order, and each placed cell's group."""
    notes = [str(level.note) for level in LEVELS]
    found: dict[tuple, tuple[_Group, list[Cell]]] = {}
    keys: dict[tuple, tuple] = {}  # many cells share a group: its sort key is made once
    for cell, index in placed.items():
        identifying = _identifying(cell, LEVELS[index], names, team_of)
        key = keys.get(shown := (*identifying, index))
        if key is None:
            key = keys[shown] = (_identifying_key(identifying), index)
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
