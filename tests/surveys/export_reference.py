"""The response export as it was before it was streamed: every row read in slices by primary key,
built in memory, sorted once. The streamed export (``surveys.exports.ResponsesStream``) must give
exactly these rows, in this order (``test_export_stream.py``)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Max
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from dienstverlening.organisation.models import Service
from dienstverlening.surveys.exports import (
    LEVELS,
    Cell,
    ResponsesExport,
    _identifying,
    _mark_cell,
    _Names,
    cells_coarsen,
)
from dienstverlening.surveys.models import (
    OpenAnswer,
    OpenQuestion,
    QuestionnaireStatement,
    Response,
    StatementAnswer,
    SurveyRun,
)

CHUNK = 5000


def reference_table(*, run: SurveyRun | None = None) -> ResponsesExport:
    responses = Response.objects.all()
    if run is not None:
        responses = responses.filter(run=run)
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


def _answers(ids: list[int], statement_orders: Mapping[int, int]):
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


def _sort_key(identifying: list, level: int, mark: Decimal | None, row: list) -> tuple:
    return (
        tuple(
            (0, value, "") if isinstance(value, int) else (2 if value == "" else 1, 0, str(value))
            for value in identifying
        ),
        level,
        (mark is None, mark or 0),
        tuple(str(value) for value in row),
    )


def _value_label(value: int | None):
    if value is None:
        return ""
    if value == 0:
        return _("weet niet")
    return value
