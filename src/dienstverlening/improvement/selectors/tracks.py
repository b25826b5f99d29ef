"""The KPIs of a track before and after, read through ``insights`` and compared the way the
dashboard compares; and the lists of tracks and actions people read.

A measurement (``kpi_measure``) is plain JSON, frozen on the track: the period, the survey
round and per scope (the team, and each service of the track) the figures with their counts,
as ``insights`` computed and suppressed them. The eight statements, the four core values and the
mark come from ``insights.experience.experience_overview``; the on-time share per kind of work
from ``insights.work.handling_overview``. A figure ``insights`` hides (too few answers, or one
that would give a hidden group away) is stored as hidden, without numbers.

Comparing (``kpi_compare``) rebuilds the figures from those counts and asks
``insights.figures``: ``share_change`` (two proportions) for statements, values and the
on-time share, ``mark_change`` (Welch) for the mark. A change is "echte verbetering" or
"echte verslechtering" only when it is statistically real; otherwise "binnen de marge".
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from dienstverlening.core.access import managed_teams, sees_everything
from dienstverlening.core.formats import format_number, format_percent
from dienstverlening.insights import experience, rollup, work
from dienstverlening.insights.disclosure import min_group_size
from dienstverlening.insights.figures import (
    Change,
    ShareFigure,
    hidden_share,
    mark_change,
    share_change,
)
from dienstverlening.insights.periods import (
    Period,
    cell,
    cell_code,
    cell_name,
    period_from,
)
from dienstverlening.insights.rounds import DEFAULT_ROUND
from dienstverlening.insights.scope import Scope
from dienstverlening.organisation.models import Service, Team

from ..models import Action, ActionStatus, Track, TrackStatus

MEASURE_VERSION = 1
AFTER_GRAINS = ("quarter", "half", "month")


# --- periods ------------------------------------------------------------------------------------


def snapshot_period(*, today: datetime.date) -> Period:
    """The period the KPIs before are measured over: the last full quarter before today."""
    return period_from("kwartaal", today=today)


def period_of(measurement: dict) -> Period | None:
    """The period a stored measurement covers."""
    stored = measurement.get("period")
    if not stored:
        return None
    start = datetime.date.fromisoformat(stored["start"])
    return cell(start, stored["grain"]) if stored["grain"] else None


def after_period_choices(track: Track, *, today: datetime.date) -> list[tuple[str, str]]:
    """The whole months, quarters and half-years that started after the period before and are
    over by now: what the KPIs after may be measured over (newest first, quarters first)."""
    before = period_of(track.snapshot)
    if before is None:
        return []
    choices = []
    for grain in AFTER_GRAINS:
        found = []
        start = cell(before.end + datetime.timedelta(days=1), grain).start
        while True:
            period = cell(start, grain)
            if period.end >= today:
                break
            if period.start > before.end:
                found.append((cell_code(period.start, grain), cell_name(period.start, grain)))
            start = period.end + datetime.timedelta(days=1)
        choices += reversed(found)
    return choices


# --- measuring ----------------------------------------------------------------------------------


def _share_entry(kind: str, pk: int | str, label: str, figure: ShareFigure) -> dict[str, Any]:
    entry: dict[str, Any] = {"key": f"{kind}:{pk}", "kind": kind, "label": label}
    if figure.suppressed:
        return {**entry, "hidden": True}
    return {
        **entry,
        "hidden": False,
        "n": figure.n,
        "agree": figure.agree,
        "share": figure.share,
        "low": figure.low,
        "high": figure.high,
    }


def _scope_measure(scope: Scope, period: Period) -> dict[str, Any]:
    """The figures of one scope, as ``insights`` shows them on the dashboard."""
    basis = experience.page_basis(scope, period, survey_round=DEFAULT_ROUND, compare=False)
    overview = experience.experience_overview(
        scope, period, survey_round=DEFAULT_ROUND, organisation_mix={}, basis=basis
    )
    figures = []
    for value in overview.values:
        figures.append(_share_entry("value", value.value.pk, value.value.name, value.figure))
        for statement, figure in value.statements:
            figures.append(_share_entry("statement", statement.pk, statement.text, figure))
    mark = overview.mark
    mark_entry: dict[str, Any] = {"key": "mark", "kind": "mark", "label": str(_("Rapportcijfer"))}
    if mark.suppressed:
        mark_entry["hidden"] = True
    else:
        counts = rollup.tallies(
            scope, period=period, survey_round=DEFAULT_ROUND, statement_of=basis.statement_of
        )
        mark_entry.update(
            hidden=False, n=mark.n, mean=mark.mean, low=mark.low, high=mark.high,
            marks=dict(counts.marks),
        )  # fmt: skip
    figures.append(mark_entry)
    for row in work.handling_overview(scope, period):
        entry: dict[str, Any] = {
            "key": f"handling:{row.kind}",
            "kind": "handling",
            "label": _("Op tijd: %(kind)s") % {"kind": row.label},
            "target": row.target_share,
            "verdict": str(row.status),
        }
        if row.closed < min_group_size() or row.on_time_share is None:
            entry["hidden"] = True
        else:
            entry.update(hidden=False, n=row.closed, agree=row.on_time, share=row.on_time_share)
        figures.append(entry)
    return {
        "level": scope.level,
        "id": (scope.service or scope.team).pk,
        "label": scope.label,
        "respondents": None if overview.suppressed else overview.respondents,
        "figures": figures,
    }


def track_scopes(team: Team, services: Iterable[Service]) -> list[Scope]:
    """The team of the track, and each of its services."""
    return [Scope(team=team), *(Scope(service=service) for service in services)]


def kpi_measure(*, team: Team, services: Iterable[Service], period: Period) -> dict[str, Any]:
    """The KPIs of the track's team and services over ``period``, as JSON to keep."""
    return {
        "version": MEASURE_VERSION,
        "taken_at": timezone.now().isoformat(),
        "round": str(DEFAULT_ROUND),
        "period": {
            "code": period.code,
            "name": period.name,
            "title": period.title,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "grain": period.grain if period.on_grid else "",
        },
        "min_group_size": min_group_size(),
        "scopes": [_scope_measure(scope, period) for scope in track_scopes(team, services)],
    }


# --- comparing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class KpiRow:
    """One KPI of one scope: before, after (when measured) and the change."""

    kind: str
    label: str
    before: str
    after: str | None
    change: Change | None
    compared: bool  # both were measured, so "niet te vergelijken" means a figure was hidden

    @property
    def verdict(self) -> str:
        """better, worse, same (within the margin) or none (not comparable)."""
        if self.change is None:
            return "none"
        if not self.change.real:
            return "same"
        return "better" if self.change.delta > 0 else "worse"

    @property
    def verdict_text(self) -> str:
        return str(VERDICT_TEXT[self.verdict]())

    @property
    def badge(self) -> str:
        return {"better": "success", "worse": "danger", "same": "neutral"}.get(
            self.verdict, "inactive"
        )

    @property
    def delta_text(self) -> str:
        if self.change is None:
            return "–"
        decimals = 1 if self.kind == "mark" else 0
        text = format_number(self.change.delta, decimals)
        if self.change.delta > 0:
            text = "+" + text
        if self.kind == "mark":
            return text
        return _("%(delta)s procentpunt") % {"delta": text}


VERDICT_TEXT = {
    "better": lambda: _("echte verbetering"),
    "worse": lambda: _("echte verslechtering"),
    "same": lambda: _("binnen de marge"),
    "none": lambda: _("niet te vergelijken"),
}


@dataclass(frozen=True)
class ScopeKpis:
    label: str
    level: str
    respondents_before: int | None
    respondents_after: int | None
    rows: list[KpiRow]

    @property
    def improvements(self) -> list[KpiRow]:
        return [row for row in self.rows if row.verdict == "better"]


def _figure_text(entry: dict | None) -> str:
    if entry is None:
        return "–"
    if entry.get("hidden"):
        return str(_("te weinig om te tonen"))
    if entry["kind"] == "mark":
        return _("%(mean)s (%(low)s–%(high)s) van %(n)s") % {
            "mean": format_number(entry["mean"], 1),
            "low": format_number(entry["low"], 1),
            "high": format_number(entry["high"], 1),
            "n": format_number(entry["n"]),
        }
    if entry["kind"] == "handling":
        return _("%(share)s van %(n)s afgehandeld") % {
            "share": format_percent(entry["share"]),
            "n": format_number(entry["n"]),
        }
    return _("%(share)s (%(low)s–%(high)s) van %(n)s") % {
        "share": format_percent(entry["share"]),
        "low": format_number(entry["low"]),
        "high": format_percent(entry["high"]),
        "n": format_number(entry["n"]),
    }


def _share(entry: dict) -> ShareFigure:
    if entry.get("hidden"):
        return hidden_share()
    return ShareFigure(n=entry["n"], agree=entry["agree"], share=entry["share"], suppressed=False)


def _change(before: dict, after: dict) -> Change | None:
    if before.get("hidden") or after.get("hidden"):
        return None
    if before["kind"] == "mark":
        return mark_change(after["marks"], before["marks"])
    return share_change(_share(after), _share(before))


def kpi_compare(before: dict, after: dict | None = None) -> list[ScopeKpis]:
    """Per scope of the snapshot its KPIs, and with ``after`` the change and the verdict."""
    after_scopes = {
        (scope["level"], scope["id"]): scope for scope in (after or {}).get("scopes", [])
    }
    result = []
    for scope in before.get("scopes", []):
        later = after_scopes.get((scope["level"], scope["id"]))
        later_figures = {entry["key"]: entry for entry in (later or {}).get("figures", [])}
        rows = []
        for entry in scope["figures"]:
            other = later_figures.get(entry["key"]) if later is not None else None
            rows.append(
                KpiRow(
                    kind=entry["kind"],
                    label=entry["label"],
                    before=_figure_text(entry),
                    after=_figure_text(other) if later is not None else None,
                    change=_change(entry, other) if other is not None else None,
                    compared=other is not None,
                )
            )
        result.append(
            ScopeKpis(
                label=scope["label"],
                level=scope["level"],
                respondents_before=scope["respondents"],
                respondents_after=later["respondents"] if later else None,
                rows=rows,
            )
        )
    return result


def is_improved(before: dict, after: dict) -> bool:
    """At least one KPI of the track really improved (and none really got worse)."""
    verdicts = {row.verdict for scope in kpi_compare(before, after) for row in scope.rows}
    return "better" in verdicts and "worse" not in verdicts


# --- lists --------------------------------------------------------------------------------------


def tracks_for(user) -> dict[str, QuerySet]:
    """What the list of tracks shows ``user``: the running tracks they may follow (their own
    teams'; every team's for the coördinator and directie) and every finished track."""
    base = Track.objects.select_related("team").order_by("-opened_at", "-pk")
    if sees_everything(user):
        running = base.exclude(status=TrackStatus.CLOSED)
    else:
        teams = managed_teams(user).values("pk")
        running = (
            base.exclude(status=TrackStatus.CLOSED)
            .filter(Q(team__in=teams) | Q(actions__team__in=teams))
            .distinct()
        )
    return {"running": running, "closed": base.filter(status=TrackStatus.CLOSED)}


def good_examples() -> QuerySet:
    """Finished tracks whose evaluation showed a real improvement: the organisation's examples."""
    return (
        Track.objects.filter(status=TrackStatus.CLOSED, improved=True)
        .select_related("team")
        .prefetch_related("services")
        .order_by("-closed_at", "-pk")
    )


def team_actions(team: Team) -> list[Action]:
    """The team's actions that are not done yet, soonest first, with their track (one query)."""
    return list(
        Action.objects.filter(team=team)
        .exclude(status=ActionStatus.DONE)
        .select_related("track")
        .order_by("due", "pk")
    )
