"""The figures of every team or every service of a scope at once: for rankings and alerts.

The same figures as the dashboard's page of that team or service (``experience``): the share
agreeing per statement and core value, the mark, and their changes against the compared period
and the baseline with the same significance test (``figures.share_change``, ``mark_change``),
suppressed by the same rule (``disclosure``). One scan of the roll-up and one suppression for
all of them together, instead of a page's queries per team or service.
"""

from __future__ import annotations

from dataclasses import dataclass

from dienstverlening.framework.models import CoreValue

from .disclosure import Disclosure, Verdict, disclosure_for, min_group_size
from .experience import _Comparison
from .figures import MarkFigure, ShareFigure, hidden_share
from .periods import Period
from .rollup import (
    Tallies,
    compared_period,
    outcome_mix,
    slot_statements,
    tallies_compared_per_unit,
)
from .rounds import DEFAULT_ROUND
from .scope import Scope

UNITS = ("team", "service")


@dataclass(frozen=True)
class UnitFigures:
    """One team or service: its figures as its own dashboard page shows them."""

    pk: int
    respondents: int  # never shown when ``reason`` is set
    reason: str | None  # why the whole group is not shown (``disclosure``)
    statements: dict[int, ShareFigure]  # statement id → figure
    values: dict[int, ShareFigure]  # core value id → its statements pooled
    mark: MarkFigure

    @property
    def shown(self) -> bool:
        """Big enough to be shown (and so to be ranked or to raise an alert)."""
        return self.reason is None and self.respondents >= min_group_size()


@dataclass(frozen=True)
class UnitOverview:
    by: str  # "team" or "service"
    period: Period
    before: Period | None  # what "vs_previous" compares with
    values: list[CoreValue]  # with their statements prefetched
    units: dict[int, UnitFigures]  # every team or service of the scope with answers


def unit_figures(
    scope: Scope, period: Period, by: str, *, survey_round: str = DEFAULT_ROUND
) -> UnitOverview:
    """Figures per team or per service (``by``) of ``scope``: six queries, however many."""
    if by not in UNITS:
        raise ValueError(by)
    values = list(CoreValue.objects.prefetch_related("statements").order_by("order"))
    statement_ids = [s.pk for value in values for s in value.statements.all()]
    statement_of = slot_statements()
    before = compared_period(period, survey_round)
    disclosure = disclosure_for(
        scope,
        period,
        survey_round=survey_round,
        statement_ids=statement_ids,
        statement_of=statement_of,
        before=before,
        compare_baseline=True,
        rows=[by],
        every_service=True,
    )
    per_unit = tallies_compared_per_unit(
        scope, period, statement_of, by, survey_round, before=before
    )
    mix = outcome_mix(period, survey_round)
    units = {
        pk: _unit(pk, by, tallies, values, disclosure, mix)
        for pk, tallies in per_unit.items()
        if pk is not None
    }
    return UnitOverview(by=by, period=period, before=before, values=values, units=units)


def _verdict_at(disclosure: Disclosure, cell, row) -> Verdict | None:
    if cell is None:
        return None
    bucket, time = cell
    return disclosure.verdict(bucket=bucket, time=time, row=row)


def _unit(
    pk: int,
    by: str,
    tallies: tuple[Tallies, Tallies, Tallies],
    values: list[CoreValue],
    disclosure: Disclosure,
    mix: dict[str, int],
) -> UnitFigures:
    now, before, base = tallies
    row = (by, pk)
    shown = disclosure.verdict(row=row)
    earlier = _verdict_at(disclosure, disclosure.before, row)
    baseline = _verdict_at(disclosure, disclosure.base, row)
    reason = shown.respondents
    suppressed = reason is not None or now.respondents < min_group_size()
    compare = _Comparison(now, before, base, mix, earlier, baseline)
    statements: dict[int, ShareFigure] = {}
    pooled: dict[int, ShareFigure] = {}
    for value in values:
        ids = [s.pk for s in value.statements.all()]
        for statement_id in ids:
            hidden = shown.statement(statement_id)
            statements[statement_id] = (
                hidden_share(hidden or reason)
                if suppressed or hidden
                else compare.share(
                    [statement_id], lambda verdict, s=statement_id: verdict.statement(s)
                )
            )
        hidden = shown.pooled(ids)
        pooled[value.pk] = (
            hidden_share(hidden or reason)
            if suppressed or hidden
            else compare.share(ids, lambda verdict, ids=ids: verdict.pooled(ids))
        )
    mark = compare.mark(hidden=bool(suppressed or shown.mark), reason=shown.mark or reason)
    return UnitFigures(
        pk=pk,
        respondents=now.respondents,
        reason=reason,
        statements=statements,
        values=pooled,
        mark=mark,
    )
