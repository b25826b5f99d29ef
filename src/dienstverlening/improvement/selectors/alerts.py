"""Which alert rules fire, for which teams, with which numbers: read through ``insights``.

Every figure is the dashboard's (``insights.units``: the same shares, marks, significance and
suppression; ``insights.work``: the same on-time shares and verdict on the norm). A figure that
is not shown (too few residents, or it would give a small group away) never fires; a fall fires
only when the change is real (``figures.Change.real``); an on-time week with fewer closed items
than the minimum group size has no verdict, so it breaks a run of weeks.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from dienstverlening.core.formats import format_number, format_percent
from dienstverlening.insights.figures import Change
from dienstverlening.insights.periods import period_from
from dienstverlening.insights.scope import Scope
from dienstverlening.insights.units import UnitFigures, UnitOverview, unit_figures
from dienstverlening.insights.work import OnTime, on_time_weeks
from dienstverlening.organisation.models import Team

from ..models import Alert, AlertRule, Compare, Measure, RuleKind


@dataclass(frozen=True)
class Firing:
    """A rule that fires for a team: the cause (one open alert per team and cause) and the
    numbers that made it fire."""

    rule: AlertRule
    team: Team
    cause: str
    numbers: dict


def rules_active() -> QuerySet:
    return AlertRule.objects.filter(active=True).select_related(
        "statement", "value", "domain", "team"
    )


def alerts_due(*, today: datetime.date, rules: list[AlertRule] | None = None) -> list[Firing]:
    """Every (rule, team) that fires today; one per team and cause (the first rule wins).

    Queries: six per period the rules use (``insights.units``), two for the weekly on-time
    shares, one for the teams; however many rules and teams."""
    rules = list(rules_active()) if rules is None else rules
    teams = {team.pk: team for team in Team.objects.order_by("name")}
    overviews: dict[str, UnitOverview] = {}
    weeks_needed = max((r.weeks or 0 for r in rules if r.kind == RuleKind.ON_TIME), default=0)
    weekly = on_time_weeks(Scope(), weeks=weeks_needed, today=today) if weeks_needed else {}
    found: dict[tuple[int, str], Firing] = {}
    for rule in rules:
        in_scope = [team for team in teams.values() if _in_scope(rule, team)]
        if rule.kind == RuleKind.ON_TIME:
            firings = _on_time_firings(rule, in_scope, weekly)
        else:
            if rule.period not in overviews:
                period = period_from(rule.period, today=today)
                overviews[rule.period] = unit_figures(Scope(), period, "team")
            firings = _experience_firings(rule, in_scope, overviews[rule.period])
        for firing in firings:
            found.setdefault((firing.team.pk, firing.cause), firing)
    return list(found.values())


def _in_scope(rule: AlertRule, team: Team) -> bool:
    if rule.team_id:
        return team.pk == rule.team_id
    if rule.domain_id:
        return team.domain_id == rule.domain_id
    return True


def _figure(rule: AlertRule, unit: UnitFigures):
    if rule.measure == Measure.STATEMENT:
        return unit.statements.get(rule.statement_id)
    if rule.measure == Measure.VALUE:
        return unit.values.get(rule.value_id)
    return unit.mark


def _label(rule: AlertRule) -> str:
    if rule.measure == Measure.STATEMENT:
        return rule.statement.text
    if rule.measure == Measure.VALUE:
        return rule.value.name
    return ""


def _experience_firings(rule: AlertRule, teams: list[Team], overview: UnitOverview):
    for team in teams:
        unit = overview.units.get(team.pk)
        if unit is None or not unit.shown:
            continue
        figure = _figure(rule, unit)
        if figure is None or figure.suppressed:
            continue
        is_mark = rule.measure == Measure.MARK
        level = figure.mean if is_mark else figure.share
        numbers = {
            "type": "experience",
            "rule": rule.kind,
            "measure": rule.measure,
            "label": _label(rule),
            "period": overview.period.name,
            "n": figure.n,
            "level": round(level, 2),
        }
        if rule.kind == RuleKind.BELOW:
            if level >= float(rule.threshold):
                continue
            numbers["threshold"] = float(rule.threshold)
        else:
            baseline = rule.compare_with == Compare.BASELINE
            change: Change | None = figure.vs_baseline if baseline else figure.vs_previous
            if change is None or change.direction != "down":
                continue
            numbers.update(
                {
                    "delta": round(change.delta, 2),
                    "p_value": change.p_value,
                    "compare": rule.compare_with,
                    "compared": "" if baseline or overview.before is None else overview.before.name,
                }
            )
        yield Firing(rule=rule, team=team, cause=rule.cause, numbers=numbers)


def _on_time_firings(rule: AlertRule, teams: list[Team], weekly: dict):
    for team in teams:
        for kind, weeks in weekly.get(team.pk, {}).items():
            last: list[OnTime] = weeks[-rule.weeks :]
            if len(last) < rule.weeks or not all(week.below_target for week in last):
                continue
            numbers = {
                "type": "on_time",
                "kind": kind,
                "label": last[0].label,
                "target": last[0].target_share,
                "weeks": [
                    {
                        "start": week.start.isoformat(),
                        "closed": week.closed,
                        "on_time": week.on_time,
                        "share": round(week.share, 1),
                    }
                    for week in last
                ],
            }
            yield Firing(rule=rule, team=team, cause=f"{rule.cause}:{kind}", numbers=numbers)


# --- reading alerts ---------------------------------------------------------------------------


def alert_text(numbers: dict) -> str:
    """The numbers of an alert in one Dutch sentence (the page and the mail)."""
    if numbers.get("type") == "on_time":
        weeks = numbers["weeks"]
        latest = weeks[-1]
        return _(
            "%(kind)s: %(count)s weken op rij minder op tijd dan de norm van %(target)s "
            "(laatste week %(share)s op tijd, van %(closed)s afgehandeld)."
        ) % {
            "kind": str(numbers["label"]).capitalize(),
            "count": len(weeks),
            "target": format_percent(numbers["target"]),
            "share": format_percent(latest["share"]),
            "closed": format_number(latest["closed"]),
        }
    if numbers["measure"] == Measure.MARK:
        what = _("Rapportcijfer %(mark)s") % {"mark": format_number(numbers["level"], 1)}
    else:
        what = _("‘%(label)s’: %(share)s eens") % {
            "label": str(numbers["label"]).rstrip("."),
            "share": format_percent(numbers["level"]),
        }
    base = _("%(what)s (van %(n)s antwoorden, %(period)s)") % {
        "what": what,
        "n": format_number(numbers["n"]),
        "period": numbers["period"],
    }
    if numbers["rule"] == RuleKind.BELOW:
        limit = (
            format_number(numbers["threshold"], 1)
            if numbers["measure"] == Measure.MARK
            else format_percent(numbers["threshold"])
        )
        return _("%(base)s, lager dan de drempel van %(limit)s.") % {"base": base, "limit": limit}
    compared = numbers["compared"] or _("de nulmeting")
    if numbers["measure"] == Measure.MARK:
        delta = _("%(points)s punt") % {"points": format_number(-numbers["delta"], 1)}
    else:
        delta = _("%(points)s procentpunt") % {"points": format_number(-numbers["delta"])}
    return _("%(base)s: echt gedaald, %(delta)s lager dan %(compared)s.") % {
        "base": base,
        "delta": delta,
        "compared": compared,
    }


def team_alerts(team: Team) -> QuerySet:
    return (
        Alert.objects.filter(team=team)
        .select_related("rule", "acknowledged_by", "track")
        .order_by("resolved_at", "-created_at", "-pk")
    )
