"""How residents experience our services: the eight statements, the core values, the mark.

The overview and the breakdowns of one page, built from the roll-up's counts (``rollup``) and
the figures (``figures``), with the suppression of ``disclosure``: a figure whose base is too
small, or that would give a hidden one away, is never returned.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.db.models import F, Sum

from dienstverlening.framework.models import CoreValue, Statement
from dienstverlening.surveys.models import (
    MARK_COLUMNS,
    STATEMENT_SLOTS,
    STATEMENT_VALUES,
    statement_column,
)

from .disclosure import Disclosure, Verdict, disclosure_for, min_group_size
from .figures import (
    AGREE_VALUES,
    OPINION_VALUES,
    MarkFigure,
    ShareFigure,
    hidden_mark,
    hidden_share,
    mark_change,
    mark_figure,
    share_change,
    share_figure,
)
from .periods import Period
from .rollup import (
    SlotMap,
    Tallies,
    _marks,
    _sums,
    _tally_queryset,
    compared_period,
    outcome_mix,
    slot_statements,
    tallies_compared,
)
from .rounds import DEFAULT_ROUND
from .scope import Scope


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
    mark = compare.mark(hidden=bool(suppressed or shown.mark), reason=shown.mark or reason)
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
    earlier: Verdict | None
    baseline: Verdict | None

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

    def mark(self, *, hidden: bool, reason: str | None) -> MarkFigure:
        """The mean mark with its changes; ``hidden_mark(reason)`` when it may not be shown."""
        if hidden:
            return hidden_mark(reason)
        figure = mark_figure(self.now.marks)
        if figure.suppressed:
            return figure
        return MarkFigure(
            **{
                **figure.__dict__,
                "vs_previous": None
                if self.earlier is None or self.earlier.mark
                else mark_change(self.now.marks, self.before.marks),
                "vs_baseline": None
                if self.baseline is None or self.baseline.mark
                else mark_change(self.now.marks, self.base.marks),
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


def teams_per_domain(
    scope: Scope, period: Period, *, survey_round: str = DEFAULT_ROUND
) -> dict[int, list[BreakdownRow]]:
    """Per domain (id), the team rows its own page shows (``breakdown(Scope(domain=…),
    period, "team")``), for every domain of ``scope`` at once: one suppression over every team
    (each suppressed exactly as its own branch would be) and one grouped scan, instead of two
    queries per domain."""
    statement_ids = list(Statement.objects.order_by("pk").values_list("pk", flat=True))
    disclosure = disclosure_for(
        scope,
        period,
        survey_round=survey_round,
        statement_ids=statement_ids,
        statement_of=slot_statements(),
        rows=["team"],
        every_service=True,
    )
    domain_field = BREAKDOWN_FIELDS["domain"][0]
    id_field, key_field, label_field = BREAKDOWN_FIELDS["team"]
    counters = ["responses", *MARK_COLUMNS, *_pooled_sums()]
    rows = (
        _tally_queryset(scope, period=period, survey_round=survey_round)
        .values(domain_field, id_field, key_field, label_field)
        .annotate(**_sums(("responses", *MARK_COLUMNS)), **_pooled_sums())
        .order_by()
    )
    result: dict[int, list[BreakdownRow]] = {}
    for row in rows:
        group = {"key": row[key_field], "label": row[label_field]}
        group.update({counter: row[counter] or 0 for counter in counters})
        verdict = disclosure.verdict(row=("team", row[id_field]))
        result.setdefault(row[domain_field], []).append(
            _breakdown_row(group, verdict, disclosure.statement_ids)
        )
    for teams in result.values():
        teams.sort(key=lambda r: r.label)
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
