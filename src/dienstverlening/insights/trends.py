"""Figures over time: share agreeing per core value and the mean mark, per month or quarter."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F
from django.db.models.functions import TruncQuarter

from dienstverlening.framework.models import Statement
from dienstverlening.surveys.models import MARK_COLUMNS, STATEMENT_COLUMNS, STATEMENT_SLOTS

from .disclosure import Disclosure, disclosure_for, time_node
from .figures import MarkFigure, ShareFigure, hidden_mark, hidden_share, mark_figure, share_figure
from .periods import Period
from .rollup import _marks, _slot_counts, _sums, _tally_queryset, slot_statements
from .rounds import DEFAULT_ROUND
from .scope import Scope

MARK_ORDER = 1_000


@dataclass(frozen=True)
class TrendPoint:
    period: datetime.date  # the first day of its month or quarter
    series: str
    figure: ShareFigure | MarkFigure
    order: int = 0  # the core value's place in the framework; the mark comes last


def trend_grain(period: Period, asked: str) -> str:
    """Points per quarter only when the period holds whole quarters (not within one month)."""
    return "month" if asked != "quarter" or period.grain == "month" else "quarter"


def trend(
    scope: Scope,
    period: Period,
    *,
    grain: str = "month",
    survey_round: str = DEFAULT_ROUND,
    disclosure: Disclosure | None = None,
) -> list[TrendPoint]:
    """Share agreeing per core value and the mean mark, per month or quarter.

    Every point is the view of that month (or quarter) and is suppressed as that view would
    be (``disclosure``, built here unless given): counted in respondents, with its siblings on
    the time axis (months within their quarter, quarters within their half-year)."""
    grain = trend_grain(period, grain)
    bucket = TruncQuarter("month") if grain == "quarter" else F("month")
    value_of = {
        pk: (order, name)
        for pk, name, order in Statement.objects.values_list("pk", "value__name", "value__order")
    }
    statements_of: dict[tuple[int, str], list[int]] = defaultdict(list)
    for pk, series in value_of.items():
        statements_of[series].append(pk)
    rows = list(
        _tally_queryset(scope, period=period, survey_round=survey_round)
        .annotate(bucket=bucket)
        .values("bucket", "questionnaire")
        .annotate(**_sums((*MARK_COLUMNS, *STATEMENT_COLUMNS)))
        .order_by("bucket")
    )
    if not rows:
        return []
    statement_of = slot_statements()
    if disclosure is None:
        disclosure = disclosure_for(
            scope,
            period,
            survey_round=survey_round,
            statement_ids=sorted(value_of),
            statement_of=statement_of,
            trend_grain=grain,
        )
    shares: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    marks: dict = defaultdict(lambda: defaultdict(int))
    for row in rows:
        for column, count in _marks(row).items():
            marks[row["bucket"]][column] += count
        for slot in STATEMENT_SLOTS:
            statement_id = statement_of.get((row["questionnaire"], slot))
            if statement_id is None:
                continue
            series = shares[row["bucket"]][value_of.get(statement_id, (0, "?"))]
            for value, count in _slot_counts(row, slot).items():
                series[value] += count or 0
    points = []
    for key in sorted(set(shares) | set(marks)):
        verdict = disclosure.verdict(time=time_node(key, grain))
        for (order, series), counts in sorted(shares[key].items()):
            hidden = verdict.pooled(statements_of[(order, series)])
            figure = hidden_share(hidden) if hidden else share_figure(counts)
            points.append(TrendPoint(key, series, figure, order))
        mark = hidden_mark(verdict.mark) if verdict.mark else mark_figure(marks[key])
        points.append(TrendPoint(key, "rapportcijfer", mark, MARK_ORDER))
    return points
