"""Reading the survey roll-up (``surveys.AnswerTally``: one wide row per month and group, a
column per answer value) into counts: SUM() per column in a handful of grouped queries per page,
whatever the number of responses. Periods are whole months, the roll-up's grain.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import Case, Max, Min, Q, Sum, Value, When

from dienstverlening.surveys.models import (
    MARK_COLUMNS,
    STATEMENT_SLOTS,
    STATEMENT_VALUES,
    TALLY_COLUMNS,
    AnswerTally,
    QuestionnaireStatement,
    SurveyRun,
    statement_column,
)

from .periods import Period, cell, month_start
from .rounds import (
    DEFAULT_ROUND,
    SurveyRound,
    compares_with_previous_measurement,
    previous_run,
    round_runs,
)
from .scope import Scope


@dataclass
class Tallies:
    """Counts from the roll-up: per statement and outcome, per value; marks; responses."""

    statements: dict[int, dict[str, dict[int, int]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    )
    marks: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # mark column → sum
    responses: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def respondents(self) -> int:
        return sum(self.responses.values())

    def statement_counts(self, statement_ids, outcome: str | None = None) -> dict[int, int]:
        total: dict[int, int] = defaultdict(int)
        for statement_id in statement_ids:
            for stratum, counts in self.statements.get(statement_id, {}).items():
                if outcome is None or stratum == outcome:
                    for value, count in counts.items():
                        total[value] += count
        return total


def _months(period: Period) -> Q:
    return Q(month__gte=period.start.replace(day=1), month__lte=period.end)


def _tally_queryset(
    scope: Scope, *, period: Period | None = None, survey_round: str = DEFAULT_ROUND
):
    """The roll-up rows of one scope and survey round (and period): never two rounds pooled."""
    queryset = AnswerTally.objects.filter(scope.survey_q(), run__in=round_runs(survey_round))
    if period is not None:
        queryset = queryset.filter(_months(period))
    return queryset


@lru_cache(maxsize=16)
def _sum_expressions(columns: tuple[str, ...]) -> tuple[tuple[str, Sum], ...]:
    return tuple((column, Sum(column)) for column in columns)


def _sums(columns=TALLY_COLUMNS) -> dict[str, Sum]:
    """SUM() per column; built once per process (Django hashes every expression it is given)."""
    return dict(_sum_expressions(tuple(columns)))


SlotMap = dict[tuple[int, int], int]


def slot_statements() -> SlotMap:
    """(questionnaire id, slot) → statement id, for every version: one small query (eight rows
    per questionnaire version)."""
    return {
        (questionnaire_id, order): statement_id
        for questionnaire_id, order, statement_id in QuestionnaireStatement.objects.values_list(
            "questionnaire_id", "order", "statement_id"
        )
    }


def _marks(row: dict) -> dict[str, int]:
    return {column: row[column] for column in MARK_COLUMNS if row[column]}


def _slot_counts(row: dict, slot: int) -> dict[int, int]:
    return {v: row[statement_column(slot, v)] for v in STATEMENT_VALUES}


def tallies(
    scope: Scope,
    *,
    period: Period | None = None,
    survey_round: str = DEFAULT_ROUND,
    statement_of: SlotMap | None = None,
) -> Tallies:
    """One grouped query (and ``slot_statements()`` unless given): everything the figures of
    one scope, period and survey round need."""
    rows = list(
        _tally_queryset(scope, period=period, survey_round=survey_round)
        .values("questionnaire", "outcome")
        .annotate(**_sums())
        .order_by()
    )
    if statement_of is None:
        statement_of = slot_statements() if rows else {}
    return _fold(rows, statement_of)


def _fold(rows, statement_of: SlotMap) -> Tallies:
    result = Tallies()
    for row in rows:
        result.responses[row["outcome"]] += row["responses"] or 0
        for column, count in _marks(row).items():
            result.marks[column] += count
        for slot in STATEMENT_SLOTS:
            statement_id = statement_of.get((row["questionnaire"], slot))
            if statement_id is None:
                continue
            counts = result.statements[statement_id][row["outcome"]]
            for value, count in _slot_counts(row, slot).items():
                if count:
                    counts[value] += count
    return result


def compared_period(period: Period, survey_round: str = DEFAULT_ROUND) -> Period | None:
    """What the period is compared with, within the round: the cell of the same size just
    before; for the biennial survey the cell of the same size in which the previous biennial
    survey started (one small query); for the baseline nothing.

    Always a cell of the grid (for a grid period), because the change gives the earlier
    figure away: it must be a figure that may be shown in its own right."""
    if survey_round == SurveyRound.BASELINE:
        return None
    if not compares_with_previous_measurement(survey_round):
        return period.previous()
    started = (
        SurveyRun.objects.filter(pk__in=previous_run(survey_round, period.start))
        .values_list("starts_on", flat=True)
        .first()
    )
    if started is None:
        return None
    if period.on_grid:
        return cell(started, period.grain)
    end = month_start(period.start) - datetime.timedelta(days=1)
    return Period(month_start(started), end, period.key, "span")


def tallies_compared(
    scope: Scope,
    period: Period,
    statement_of: SlotMap,
    survey_round: str = DEFAULT_ROUND,
    *,
    before: Period | None = None,
) -> tuple[Tallies, Tallies, Tallies]:
    """This period, the period it is compared with (``compared_period``), and the baseline, in
    one scan of the roll-up, all within the survey round. The baseline is compared with
    nothing."""
    if survey_round == SurveyRound.BASELINE:
        alone = tallies(scope, period=period, survey_round=survey_round, statement_of=statement_of)
        return alone, Tallies(), Tallies()
    split = _compared_rows(scope, period, survey_round, before, ())
    return (
        _fold(split["now"], statement_of),
        _fold(split["before"], statement_of),
        _fold(split["base"], statement_of),
    )


UNIT_FIELDS = {"team": "service__team", "service": "service"}


def tallies_compared_per_unit(
    scope: Scope,
    period: Period,
    statement_of: SlotMap,
    by: str,
    survey_round: str = DEFAULT_ROUND,
    *,
    before: Period | None = None,
) -> dict[int, tuple[Tallies, Tallies, Tallies]]:
    """``tallies_compared`` for every team or service (``by``) of the scope at once: one scan.
    Keyed by the team's or service's id."""
    field_name = UNIT_FIELDS[by]
    if survey_round == SurveyRound.BASELINE:
        rows = list(
            _tally_queryset(scope, period=period, survey_round=survey_round)
            .values(field_name, "questionnaire", "outcome")
            .annotate(**_sums())
            .order_by()
        )
        split = {"now": rows, "before": [], "base": []}
    else:
        split = _compared_rows(scope, period, survey_round, before, (field_name,))
    grouped: dict[int, dict[str, list]] = defaultdict(lambda: {"now": [], "before": [], "base": []})
    for bucket, rows in split.items():
        for row in rows:
            grouped[row[field_name]][bucket].append(row)
    return {
        unit: (
            _fold(parts["now"], statement_of),
            _fold(parts["before"], statement_of),
            _fold(parts["base"], statement_of),
        )
        for unit, parts in grouped.items()
    }


def _compared_rows(
    scope: Scope,
    period: Period,
    survey_round: str,
    before: Period | None,
    fields: tuple[str, ...],
) -> dict[str, list]:
    now = Q(run__in=round_runs(survey_round)) & _months(period)
    earlier = Q(run__in=round_runs(survey_round)) & _months(before) if before else Q(pk__in=[])
    base = Q(run__in=round_runs(SurveyRound.BASELINE))
    bucket = Case(
        When(base, then=Value("base")),
        When(now, then=Value("now")),
        When(earlier, then=Value("before")),
        default=Value(""),
    )
    rows = list(
        AnswerTally.objects.filter(scope.survey_q())
        .filter(base | now | earlier)
        .annotate(bucket=bucket)
        .values("bucket", *fields, "questionnaire", "outcome")
        .annotate(**_sums())
        .order_by()
    )
    split: dict[str, list] = {"now": [], "before": [], "base": []}
    for row in rows:
        split.get(row["bucket"], []).append(row)
    return split


def outcome_mix(period: Period, survey_round: str = DEFAULT_ROUND) -> dict[str, int]:
    """Responses per outcome in the whole organisation: the standard for the correction."""
    return {
        row["outcome"]: row["n"] or 0
        for row in _tally_queryset(Scope(), period=period, survey_round=survey_round)
        .values("outcome")
        .annotate(n=Sum("responses"))
        .order_by()
    }


def baseline_start():
    run = SurveyRun.objects.filter(is_baseline=True).order_by("starts_on").first()
    return run.starts_on if run else None


def baseline_months() -> tuple[datetime.date, datetime.date] | None:
    """The first and last month with answers of the baseline, organisation-wide (so every
    scope shows the baseline over the same months), or None before it has answers."""
    months = AnswerTally.objects.filter(run__in=round_runs(SurveyRound.BASELINE)).aggregate(
        first=Min("month"), last=Max("month")
    )
    return None if months["first"] is None else (months["first"], months["last"])
