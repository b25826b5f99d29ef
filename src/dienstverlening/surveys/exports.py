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
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Max
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from dienstverlening.core.formats import format_number
from dienstverlening.organisation.models import Channel, Municipality, Service, Team

from .models import (
    OpenAnswer,
    OpenQuestion,
    Outcome,
    QuestionnaireStatement,
    Response,
    StatementAnswer,
    SurveyRun,
)

CHUNK = 5000

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
    """Anonymous responses, coarsened so that every row is in a group of at least the minimum."""
    responses = Response.objects.all()
    if run is not None:
        responses = responses.filter(run=run)
    # The counts and the rows must see the same responses, also while new ones come in.
    newest = responses.aggregate(newest=Max("pk"))["newest"] or 0
    responses = responses.filter(pk__lte=newest)
    minimum = settings.DV_MIN_GROUP_SIZE
    cells: dict[Cell, int] = {
        (r["run"], r["month"], r["service"], r["channel"], r["municipality"], r["outcome"]): r["n"]
        for r in responses.annotate(month=TruncMonth("answered_on"))
        .values("run", "month", "service", "channel", "municipality", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    }
    team_of = dict(Service.objects.values_list("pk", "team_id"))
    placed = cells_coarsen(cells, team_of=team_of, minimum=minimum)

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
        minimum=minimum,
        total=sum(cells.values()),
    )
    names = _Names.load()
    notes = [str(level.note) for level in LEVELS]
    keyed: list[tuple[tuple, list]] = []
    for chunk in _chunks(responses):
        shown = []
        for values in chunk:
            pk, run_id, answered_on, service, channel, municipality, outcome = values[:7]
            cell = (run_id, answered_on.replace(day=1), service, channel, municipality, outcome)
            if cell in placed:
                shown.append((values, cell, placed[cell]))
        answers, opens = _answers([values[0] for values, _cell, _level in shown], statement_orders)
        for values, cell, index in shown:
            pk, mark, version = values[0], values[7], values[8]
            export.per_level[index] += 1
            identifying = _identifying(cell, LEVELS[index], names, team_of)
            given = answers.get(pk, {})
            row = [
                *identifying,
                notes[index],
                version,
                *[_value_label(given.get(n)) for n in numbers],
                _mark_cell(mark),
                opens.get(pk, {}).get(OpenQuestion.GOOD, ""),
                opens.get(pk, {}).get(OpenQuestion.BETTER, ""),
            ]
            keyed.append((_sort_key(identifying, index, mark, row), row))
    keyed.sort(key=lambda item: item[0])
    export.rows = [row for _key, row in keyed]
    return export


def _answers(
    ids: list[int], statement_orders: Mapping[int, int]
) -> tuple[dict[int, dict[int, int]], dict[int, dict[str, str]]]:
    """Statement answers (by position) and the two open answers of these responses."""
    answers: dict[int, dict[int, int]] = {}
    for response_id, statement_id, value in StatementAnswer.objects.filter(
        response_id__in=ids
    ).values_list("response_id", "statement_id", "value"):
        answers.setdefault(response_id, {})[statement_orders.get(statement_id, 0)] = value
    opens: dict[int, dict[str, str]] = {}
    for response_id, question, text in OpenAnswer.objects.filter(
        response_id__in=ids, question__in=[OpenQuestion.GOOD, OpenQuestion.BETTER]
    ).values_list("response_id", "question", "text"):
        opens.setdefault(response_id, {})[question] = text
    return answers, opens


def _chunks(responses):
    """The responses in slices of ``CHUNK``, by primary key (no growing OFFSET)."""
    fields = (
        "pk",
        "run_id",
        "answered_on",
        "service_id",
        "channel_id",
        "municipality_id",
        "outcome",
        "mark",
        "questionnaire__version",
    )
    last = 0
    while True:
        chunk = list(responses.filter(pk__gt=last).order_by("pk").values_list(*fields)[:CHUNK])
        if not chunk:
            return
        yield chunk
        last = chunk[-1][0]


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


def _sort_key(identifying: list, level: int, mark: Decimal | None, row: list) -> tuple:
    """Groups together in a natural order (numbers as numbers, a left-out value after the
    shown ones); within a group by mark and answers, never by date."""
    return (
        tuple(
            (0, value, "") if isinstance(value, int) else (2 if value == "" else 1, 0, str(value))
            for value in identifying
        ),
        level,
        (mark is None, mark or 0),
        tuple(str(value) for value in row),
    )


def _mark_cell(mark: Decimal | None) -> int | float | str:
    """A plain number for the spreadsheet: 8 or 7.5 (the CSV writes 7,5)."""
    if mark is None:
        return ""
    return int(mark) if mark == mark.to_integral_value() else float(mark)


def _value_label(value: int | None):
    if value is None:
        return ""
    if value == 0:
        return _("weet niet")
    return value
