"""Where to start: the services of a scope ranked by where improving matters most.

Every number is the dashboard's, read through ``insights`` (``units.unit_figures`` for the
statements, values and mark with their significance; ``work.handling_per_unit`` for volumes and
the verdict on the norm). A service whose figures may not be shown (fewer residents than the
minimum group size, or it would give a small group away) is never ranked; the page says how
many were left out. Services are ranked, never people.

The score, in words: how many residents disagree with the weakest statement (0 to 1), plus
0,5 when a statement, core value or the mark fell for real against the period before or the
baseline, plus 0,4 when a kind of work is under its norm (0,2 when just under), multiplied by
the weight of the service: log10(10 + contacts in the period), so a service with 10,000
contacts weighs three times one with none.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from dienstverlening.core.formats import format_number, format_percent
from dienstverlening.framework.models import Statement
from dienstverlening.framework.verdicts import Verdict
from dienstverlening.insights.figures import Change, ShareFigure
from dienstverlening.insights.periods import Period
from dienstverlening.insights.scope import Scope
from dienstverlening.insights.units import UnitFigures, UnitOverview, unit_figures
from dienstverlening.insights.work import OnTime, UnitWork, handling_per_unit
from dienstverlening.organisation.models import Service

FALL_WEIGHT = 0.5
UNDER_NORM_WEIGHT = {Verdict.RED: 0.4, Verdict.AMBER: 0.2}


@dataclass(frozen=True)
class RankedService:
    service: Service
    score: float
    reason: str  # one Dutch sentence
    weakest: tuple[Statement, ShareFigure]
    fell: bool
    under_norm: OnTime | None
    contacts: int
    respondents: int


@dataclass(frozen=True)
class RisenService:
    """A service where a statement or the mark rose for real: what is going well."""

    service: Service
    rise: Change
    reason: str  # one Dutch sentence


@dataclass(frozen=True)
class WhereToStart:
    scope: Scope
    period: Period
    before: Period | None
    ranked: list[RankedService]
    left_out: int  # services of the scope that are not ranked: too few residents
    # Services with a real rise, the largest first (the same figures; never a small group).
    risen: list[RisenService] = field(default_factory=list)


def services_in(scope: Scope) -> QuerySet:
    services = Service.objects.select_related("team")
    if scope.team is not None:
        return services.filter(team=scope.team)
    if scope.domain is not None:
        return services.filter(team__domain=scope.domain)
    return services.all()


def where_to_start(scope: Scope, period: Period) -> WhereToStart:
    """The services of ``scope`` (organisation, domain or team) ranked, best place to start
    first. About ten queries, however many services."""
    services = list(services_in(scope).order_by("name"))
    overview = unit_figures(scope, period, "service")
    work = handling_per_unit(scope, period, "service")
    statements = [s for value in overview.values for s in value.statements.all()]
    ranked, risen, left_out = [], [], 0
    for service in services:
        unit = overview.units.get(service.pk)
        if unit is None or not unit.shown:
            left_out += 1
            continue
        item = _rank(service, unit, work.get(service.pk), statements, overview)
        if item is None:
            left_out += 1
            continue
        ranked.append(item)
        rise = _risen(service, unit, statements, overview)
        if rise is not None:
            risen.append(rise)
    ranked.sort(key=lambda item: (-item.score, item.service.name))
    risen.sort(key=lambda item: (-item.rise.delta, item.service.name))
    return WhereToStart(scope, period, overview.before, ranked, left_out, risen)


def _rise_of(figure) -> Change | None:
    """The real rise of a figure: against the period before, else against the baseline."""
    for change in (figure.vs_previous, figure.vs_baseline):
        if change is not None and change.direction == "up":
            return change
    return None


def _risen(
    service: Service, unit: UnitFigures, statements: list[Statement], overview: UnitOverview
) -> RisenService | None:
    """The statement of ``service`` that rose most for real, in one sentence; else None."""
    rises = [
        (statement, figure, rise)
        for statement in statements
        if not (figure := unit.statements[statement.pk]).suppressed
        and (rise := _rise_of(figure)) is not None
    ]
    if not rises:
        return None
    statement, figure, rise = max(
        rises, key=lambda item: (item[2].delta, -item[0].order, -item[0].pk)
    )
    reason = _(
        "%(service)s: ‘%(statement)s’ %(share)s eens, significant hoger dan %(compared)s"
    ) % {
        "service": service.name,
        "statement": statement.text.rstrip("."),
        "share": format_percent(figure.share),
        "compared": _compared(figure, rise, overview),
    }
    return RisenService(service=service, rise=rise, reason=reason)


def _real_fall(change: Change | None) -> bool:
    return change is not None and change.direction == "down"


def _fall_of(figure) -> Change | None:
    """The real fall of a figure: against the period before, else against the baseline."""
    for change in (figure.vs_previous, figure.vs_baseline):
        if _real_fall(change):
            return change
    return None


def _rank(
    service: Service,
    unit: UnitFigures,
    work: UnitWork | None,
    statements: list[Statement],
    overview: UnitOverview,
) -> RankedService | None:
    shown = [(s, unit.statements[s.pk]) for s in statements if not unit.statements[s.pk].suppressed]
    if not shown:
        return None
    weakest = min(shown, key=lambda pair: (pair[1].share, pair[0].order, pair[0].pk))
    falls = [(s, f, _fall_of(f)) for s, f in shown if _fall_of(f) is not None]
    fallen = min(falls, key=lambda item: item[2].delta) if falls else None
    mark_fall = None if unit.mark.suppressed else _fall_of(unit.mark)
    value_fall = any(_fall_of(f) for f in unit.values.values() if not f.suppressed)
    under = [k for k in (work.kinds if work else []) if k.status in UNDER_NORM_WEIGHT]
    worst = min(under, key=lambda k: k.share - k.target_share) if under else None
    contacts = work.received if work else 0
    concern = (100 - weakest[1].share) / 100
    if fallen or mark_fall or value_fall:
        concern += FALL_WEIGHT
    if worst is not None:
        concern += UNDER_NORM_WEIGHT[worst.status]
    score = concern * math.log10(10 + contacts)
    parts = [_statement_part(fallen or (*weakest, None), overview)]
    if mark_fall is not None:
        parts.append(
            _("rapportcijfer %(mark)s, significant lager dan %(compared)s")
            % {
                "mark": format_number(unit.mark.mean, 1),
                "compared": _compared(unit.mark, mark_fall, overview),
            }
        )
    if worst is not None:
        parts.append(
            _("%(kind)s %(share)s op tijd (norm %(target)s)")
            % {
                "kind": worst.label,
                # 84,6 % against a norm of 85 % must not read "85 % (norm 85 %)".
                "share": format_percent(
                    worst.share, 1 if round(worst.share) >= worst.target_share else 0
                ),
                "target": format_percent(worst.target_share),
            }
        )
    if contacts:
        parts.append(
            _("%(count)s contacten in %(period)s")
            % {"count": format_number(contacts), "period": overview.period.name}
        )
    else:
        parts.append(
            _("%(count)s inwoners gaven hun oordeel") % {"count": format_number(unit.respondents)}
        )
    reason = _("%(service)s: %(reasons)s") % {"service": service.name, "reasons": "; ".join(parts)}
    return RankedService(
        service=service,
        score=score,
        reason=reason,
        weakest=weakest,
        fell=bool(fallen or mark_fall or value_fall),
        under_norm=worst,
        contacts=contacts,
        respondents=unit.respondents,
    )


def _compared(figure, change: Change, overview: UnitOverview) -> str:
    if change is figure.vs_previous and overview.before is not None:
        return overview.before.name
    return _("de nulmeting")


def _statement_part(item, overview: UnitOverview) -> str:
    statement, figure, change = item
    text = {"statement": statement.text.rstrip("."), "share": format_percent(figure.share)}
    if change is None:
        return _("‘%(statement)s’ %(share)s eens") % text
    return _("‘%(statement)s’ %(share)s, significant lager dan %(compared)s") % {
        **text,
        "compared": _compared(figure, change, overview),
    }
