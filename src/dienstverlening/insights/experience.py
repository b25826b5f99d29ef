"""How residents experience our services: the eight statements, the core values, the mark.

Everything is computed from the survey roll-up (``surveys.AnswerTally``: one wide row per month
and group, a column per answer value), with SUM() per column in a handful of grouped queries per
page, whatever the number of responses. Periods are whole months, the roll-up's grain. A figure
whose base is smaller than ``DV_MIN_GROUP_SIZE`` is never returned: it is marked suppressed and
carries no numbers, so no page, export or API can show it by accident.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import (
    Case,
    F,
    Max,
    Min,
    Q,
    Sum,
    Value,
    When,
)

from dienstverlening.core.stats import (
    Summary,
    is_real_change,
    mean_interval,
    summary_from_counts,
    summary_from_sums,
    two_proportion_p,
    welch_p,
    wilson_interval,
)
from dienstverlening.framework.models import CoreValue, Statement
from dienstverlening.surveys.models import (
    MARK_COLUMNS,
    MARK_TENTHS,
    MARK_TENTHS_SQUARED,
    MARK_VALUES,
    STATEMENT_SLOTS,
    STATEMENT_VALUES,
    TALLY_COLUMNS,
    AnswerTally,
    QuestionnaireStatement,
    SurveyRun,
    mark_column,
    statement_column,
)

from .disclosure import SMALL, Disclosure, disclosure_for, min_group_size
from .periods import Period, cell, month_start
from .rounds import (
    DEFAULT_ROUND,
    SurveyRound,
    compares_with_previous_measurement,
    previous_run,
    round_runs,
)
from .scope import Scope

AGREE_VALUES = (4, 5)  # "eens" and "helemaal eens"
OPINION_VALUES = (1, 2, 3, 4, 5)  # 0 is "weet ik niet / n.v.t."
PASS_MARK = 7


@dataclass(frozen=True)
class Change:
    """A difference against an earlier measurement, and whether it is statistically real."""

    delta: float  # percentage points, or mark points for the mark
    p_value: float | None

    @property
    def real(self) -> bool:
        return is_real_change(self.p_value)

    @property
    def direction(self) -> str:
        if not self.real:
            return "same"
        return "up" if self.delta > 0 else "down"


@dataclass(frozen=True)
class ShareFigure:
    """Share agreeing (of those with an opinion), its Wilson interval, and the mean (1–5)."""

    n: int
    agree: int = 0
    share: float | None = None  # 0..100
    low: float | None = None
    high: float | None = None
    mean: float | None = None
    suppressed: bool = True
    vs_previous: Change | None = None
    vs_baseline: Change | None = None
    corrected: float | None = None  # share standardised to the organisation's outcome mix
    reason: str | None = None  # why it is suppressed (``disclosure``); None: too few or none


@dataclass(frozen=True)
class MarkFigure:
    n: int
    mean: float | None = None
    low: float | None = None
    high: float | None = None
    pass_share: float | None = None  # share 7 or higher, 0..100
    suppressed: bool = True
    vs_previous: Change | None = None
    vs_baseline: Change | None = None
    reason: str | None = None


def hidden_share(reason: str | None = None) -> ShareFigure:
    """A suppressed share: no numbers at all, not even the count."""
    return ShareFigure(n=0, reason=reason)


def hidden_mark(reason: str | None = None) -> MarkFigure:
    return MarkFigure(n=0, reason=reason)


def share_figure(counts: dict[int, int]) -> ShareFigure:
    n = sum(counts.get(v, 0) for v in OPINION_VALUES)
    if n < min_group_size():
        return hidden_share(disclosure_reason_small(n))
    agree = sum(counts.get(v, 0) for v in AGREE_VALUES)
    low, high = wilson_interval(agree, n)
    summary = summary_from_counts({v: counts.get(v, 0) for v in OPINION_VALUES})
    return ShareFigure(
        n=n,
        agree=agree,
        share=100 * agree / n,
        low=100 * low,
        high=100 * high,
        mean=summary.mean,
        suppressed=False,
    )


def mark_summary(marks: dict[str, int]) -> Summary:
    """n, mean and sd of the marks from the roll-up's mark columns (exact with decimals)."""
    n = sum(marks.get(mark_column(v), 0) for v in MARK_VALUES)
    return summary_from_sums(
        n, marks.get(MARK_TENTHS, 0), marks.get(MARK_TENTHS_SQUARED, 0), scale=10
    )


def disclosure_reason_small(n: int) -> str | None:
    return SMALL if n > 0 else None


def mark_figure(marks: dict[str, int]) -> MarkFigure:
    summary = mark_summary(marks)
    if summary.n < min_group_size():
        return hidden_mark(disclosure_reason_small(summary.n))
    interval = mean_interval(summary) or (None, None)
    # mark_7 counts 7,0 up to 7,9: the whole-mark columns from 7 up are exactly "7 or higher".
    passed = sum(marks.get(mark_column(v), 0) for v in MARK_VALUES if v >= PASS_MARK)
    return MarkFigure(
        n=summary.n,
        mean=summary.mean,
        low=interval[0],
        high=interval[1],
        pass_share=100 * passed / summary.n,
        suppressed=False,
    )


def share_change(now: ShareFigure, before: ShareFigure) -> Change | None:
    if now.suppressed or before.suppressed:
        return None
    return Change(
        delta=now.share - before.share,
        p_value=two_proportion_p(now.agree, now.n, before.agree, before.n),
    )


def mark_change(now_marks: dict[str, int], before_marks: dict[str, int]) -> Change | None:
    now, before = mark_summary(now_marks), mark_summary(before_marks)
    if min(now.n, before.n) < min_group_size():
        return None
    return Change(delta=now.mean - before.mean, p_value=welch_p(now, before))


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
        for value, count in _marks(row).items():
            result.marks[value] += count
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
    now = Q(run__in=round_runs(survey_round)) & _months(period)
    if survey_round == SurveyRound.BASELINE:
        alone = tallies(scope, period=period, survey_round=survey_round, statement_of=statement_of)
        return alone, Tallies(), Tallies()
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
        .values("bucket", "questionnaire", "outcome")
        .annotate(**_sums())
        .order_by()
    )
    split: dict[str, list] = {"now": [], "before": [], "base": []}
    for row in rows:
        split.get(row["bucket"], []).append(row)
    return (
        _fold(split["now"], statement_of),
        _fold(split["before"], statement_of),
        _fold(split["base"], statement_of),
    )


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


@dataclass(frozen=True)
class ValueFigures:
    value: CoreValue
    figure: ShareFigure
    statements: list[tuple[Statement, ShareFigure]]


@dataclass(frozen=True)
class ExperienceOverview:
    respondents: int  # never shown when ``suppressed`` (see ``presenters.respondents_text``)
    suppressed: bool
    values: list[ValueFigures]
    mark: MarkFigure
    min_group_size: int
    has_baseline: bool
    survey_round: str = DEFAULT_ROUND
    reason: str | None = None  # why the whole view is suppressed (``disclosure``)


def _corrected_share(now: Tallies, statement_ids, weights: dict[str, int]) -> float | None:
    """Share agreeing per outcome, re-weighted to the organisation's outcome mix. An outcome
    group takes part only with at least the minimum of residents (and of opinions)."""
    from dienstverlening.core.stats import direct_standardise

    rates = {}
    for outcome in weights:
        if now.responses.get(outcome, 0) < min_group_size():
            continue
        counts = now.statement_counts(statement_ids, outcome)
        n = sum(counts.get(v, 0) for v in OPINION_VALUES)
        if n >= min_group_size():
            rates[outcome] = 100 * sum(counts.get(v, 0) for v in AGREE_VALUES) / n
    return direct_standardise(rates, weights)


@dataclass(frozen=True)
class Basis:
    """What every figure of one page rests on: the values with their statements, the slot map,
    the compared period and the suppression (``page_basis`` builds it: four or five queries)."""

    values: list[CoreValue]
    statement_of: SlotMap
    before: Period | None
    disclosure: Disclosure


def page_basis(
    scope: Scope,
    period: Period,
    *,
    survey_round: str = DEFAULT_ROUND,
    rows: list[str] | tuple[str, ...] = (),
    compare: bool = True,
    trend_grain: str | None = None,
) -> Basis:
    values = list(CoreValue.objects.prefetch_related("statements").order_by("order"))
    statement_of = slot_statements()
    before = compared_period(period, survey_round) if compare else None
    shown = disclosure_for(
        scope,
        period,
        survey_round=survey_round,
        statement_ids=[s.pk for value in values for s in value.statements.all()],
        statement_of=statement_of,
        before=before,
        compare_baseline=compare,
        rows=rows,
        trend_grain=trend_grain,
    )
    return Basis(values, statement_of, before, shown)


def experience_overview(
    scope: Scope,
    period: Period,
    *,
    survey_round: str = DEFAULT_ROUND,
    organisation_mix: dict[str, int] | None = None,
    basis: Basis | None = None,
) -> ExperienceOverview:
    """Figures per statement and core value, with changes and the outcome-corrected share.

    Every figure is shown only when the suppression (``basis.disclosure``; built here unless
    given) allows it; a change only when the figure it compares with may be shown as well,
    since the change gives it away. Besides the basis: one scan for this period, the compared
    period and the baseline (and one for the organisation's outcome mix when the scope is not
    the organisation).
    """
    if basis is None:
        basis = page_basis(scope, period, survey_round=survey_round)
    values, statement_of, disclosure = basis.values, basis.statement_of, basis.disclosure
    now, before, base = tallies_compared(
        scope, period, statement_of, survey_round, before=basis.before
    )
    if organisation_mix is None:
        organisation_mix = (
            dict(now.responses)
            if scope.level == "organisation" and not scope.channel
            else outcome_mix(period, survey_round)
        )
    shown = disclosure.verdict()
    earlier, baseline = disclosure.previous(), disclosure.baseline()
    reason = shown.respondents
    suppressed = reason is not None or now.respondents < min_group_size()
    compare = _Comparison(now, before, base, organisation_mix, earlier, baseline)
    result = []
    for value in values:
        rows = []
        for statement in value.statements.all():
            hidden = shown.statement(statement.pk)
            figure = (
                hidden_share(hidden or reason)
                if suppressed or hidden
                else compare.share(
                    [statement.pk], lambda verdict, pk=statement.pk: verdict.statement(pk)
                )
            )
            rows.append((statement, figure))
        statement_ids = [s.pk for s in value.statements.all()]
        hidden = shown.pooled(statement_ids)
        if suppressed or hidden:
            figure = hidden_share(hidden or reason)
        else:
            figure = compare.share(
                statement_ids, lambda verdict, ids=statement_ids: verdict.pooled(ids)
            )
        result.append(ValueFigures(value=value, figure=figure, statements=rows))
    mark = hidden_mark(shown.mark or reason) if suppressed or shown.mark else mark_figure(now.marks)
    if not mark.suppressed:
        mark = MarkFigure(
            **{
                **mark.__dict__,
                "vs_previous": None
                if earlier is None or earlier.mark
                else mark_change(now.marks, before.marks),
                "vs_baseline": None
                if baseline is None or baseline.mark
                else mark_change(now.marks, base.marks),
            }
        )
    return ExperienceOverview(
        respondents=now.respondents,
        suppressed=suppressed,
        values=result,
        mark=mark,
        min_group_size=min_group_size(),
        has_baseline=base.respondents > 0,
        survey_round=survey_round,
        reason=reason,
    )


@dataclass(frozen=True)
class _Comparison:
    """This period, the compared period and the baseline, and what may be shown of the last
    two (a change gives the earlier figure away)."""

    now: Tallies
    before: Tallies
    base: Tallies
    organisation_mix: dict[str, int]
    earlier: object  # disclosure.Verdict | None
    baseline: object

    def share(self, statement_ids, hidden_in) -> ShareFigure:
        figure = share_figure(self.now.statement_counts(statement_ids))
        if figure.suppressed:
            return figure
        previous = (
            None
            if self.earlier is None or hidden_in(self.earlier)
            else share_change(figure, share_figure(self.before.statement_counts(statement_ids)))
        )
        baseline = (
            None
            if self.baseline is None or hidden_in(self.baseline)
            else share_change(figure, share_figure(self.base.statement_counts(statement_ids)))
        )
        return ShareFigure(
            **{
                **figure.__dict__,
                "vs_previous": previous,
                "vs_baseline": baseline,
                "corrected": _corrected_share(self.now, statement_ids, self.organisation_mix),
            }
        )


@dataclass(frozen=True)
class BreakdownRow:
    key: str  # the slug, for drill-down links
    label: str
    respondents: int  # never shown when ``reason`` is set
    figure: ShareFigure
    mark: MarkFigure
    reason: str | None = None  # why the row is suppressed (``disclosure``)


# Per dimension: the id (for suppression), the slug (for links) and the name.
BREAKDOWN_FIELDS = {
    "municipality": ("municipality", "municipality__slug", "municipality__name"),
    "domain": (
        "service__team__domain",
        "service__team__domain__slug",
        "service__team__domain__name",
    ),
    "team": ("service__team", "service__team__slug", "service__team__name"),
    "service": ("service", "service__slug", "service__name"),
    "channel": ("channel", "channel__slug", "channel__name"),
}


@lru_cache(maxsize=1)
def _pooled_sums() -> dict[str, Sum]:
    """Per answer value the sum over all statement slots: 17 sums per group instead of 59."""
    return {
        f"pooled_{value}": Sum(
            sum(
                (F(statement_column(slot, value)) for slot in STATEMENT_SLOTS[1:]),
                F(statement_column(STATEMENT_SLOTS[0], value)),
            )
        )
        for value in STATEMENT_VALUES
    }


def breakdown(
    scope: Scope, period: Period, by: str, *, survey_round: str = DEFAULT_ROUND
) -> list[BreakdownRow]:
    """All statements pooled and the mark, per municipality/domain/team/service/channel."""
    return breakdowns(scope, period, [by], survey_round=survey_round)[by]


def breakdowns(
    scope: Scope,
    period: Period,
    dimensions: list[str],
    *,
    survey_round: str = DEFAULT_ROUND,
    disclosure: Disclosure | None = None,
) -> dict[str, list[BreakdownRow]]:
    """Several breakdowns from one scan: grouped by all dimensions at once (a few hundred
    groups at most), then each breakdown is a sum over the others.

    Each row is the view one level deeper and gets the same suppression as that view would
    (``disclosure``, built here unless given; it must know ``dimensions`` as its rows): so a
    table never shows all but one small row."""
    if disclosure is None:
        statement_of = slot_statements()
        disclosure = disclosure_for(
            scope,
            period,
            survey_round=survey_round,
            statement_ids=list(Statement.objects.order_by("pk").values_list("pk", flat=True)),
            statement_of=statement_of,
            rows=dimensions,
        )
    fields = [field for by in dimensions for field in BREAKDOWN_FIELDS[by]]
    rows = list(
        _tally_queryset(scope, period=period, survey_round=survey_round)
        .values(*fields)
        .annotate(**_sums(("responses", *MARK_COLUMNS)), **_pooled_sums())
        .order_by()
    )
    counters = ["responses", *MARK_COLUMNS, *_pooled_sums()]
    result = {}
    for by in dimensions:
        id_field, key_field, label_field = BREAKDOWN_FIELDS[by]
        groups: dict[int, dict] = {}
        for row in rows:
            group = groups.setdefault(
                row[id_field],
                {"key": row[key_field], "label": row[label_field], **dict.fromkeys(counters, 0)},
            )
            for counter in counters:
                group[counter] += row[counter] or 0
        result[by] = sorted(
            (
                _breakdown_row(group, disclosure.verdict(row=(by, pk)), disclosure.statement_ids)
                for pk, group in groups.items()
            ),
            key=lambda r: r.label,
        )
    return result


def _breakdown_row(group: dict, verdict, statement_ids) -> BreakdownRow:
    respondents = group["responses"]
    reason = verdict.respondents
    small = reason is not None or respondents < min_group_size()
    statements = {value: group[f"pooled_{value}"] for value in STATEMENT_VALUES}
    pooled = verdict.pooled(statement_ids)
    return BreakdownRow(
        key=group["key"],
        label=group["label"],
        respondents=respondents,
        figure=hidden_share(pooled or reason) if small or pooled else share_figure(statements),
        mark=hidden_mark(verdict.mark or reason)
        if small or verdict.mark
        else mark_figure(_marks(group)),
        reason=reason,
    )
