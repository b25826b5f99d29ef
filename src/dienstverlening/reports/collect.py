"""The figures of a report, read once through ``insights`` exactly as the dashboard reads them
(the same page basis and suppression, overview, breakdowns, handling overview and trends), and
what the improvement cycle adds through ``sources``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from dienstverlening.insights import answers, experience, work
from dienstverlening.insights import trends as over_time
from dienstverlening.insights.periods import Period
from dienstverlening.insights.rounds import SurveyRound
from dienstverlening.insights.scope import Scope
from dienstverlening.organisation.models import Domain

from . import sources
from .targets import Target, no_data_error

COMPLIMENTS = 3


@dataclass
class Figures:
    """Everything a report shows, read through ``insights`` (and ``sources``)."""

    target: Target
    dimensions: list[str]
    overview: experience.ExperienceOverview
    rows_by: dict[str, list[experience.BreakdownRow]]
    handling: list[work.KindRow]
    before: Period | None
    points: list = field(default_factory=list)
    on_time: list[dict] = field(default_factory=list)
    grain: str = "month"
    domains: list[tuple[Domain, list[experience.BreakdownRow]]] = field(default_factory=list)
    compliments: list[str] = field(default_factory=list)
    tracks: list[sources.TrackSummary] = field(default_factory=list)
    advices: list[sources.AdviceProgress] = field(default_factory=list)
    standouts: list[sources.Standout] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.overview.respondents == 0 and not self.handling

    @property
    def is_baseline(self) -> bool:
        return self.target.survey_round == SurveyRound.BASELINE


def dimensions_for(scope: Scope) -> list[str]:
    """The rows the dashboard shows for this scope (its next level down, and the channels)."""
    return ["domain", "channel"] if scope.municipality else ["municipality", "domain", "channel"]


def figures_collect(target: Target, *, full: bool = True, today: datetime.date) -> Figures:
    """The dashboard's figures for the target; ``full`` adds trends, per-domain rows,
    compliments and the improvement cycle (the long reports)."""
    scope, period, survey_round = target.scope, target.period, target.survey_round
    dimensions = dimensions_for(scope)
    basis = experience.page_basis(scope, period, survey_round=survey_round, rows=dimensions)
    overview = experience.experience_overview(scope, period, survey_round=survey_round, basis=basis)
    rows_by = experience.breakdowns(
        scope, period, dimensions, survey_round=survey_round, disclosure=basis.disclosure
    )
    handling = [] if survey_round == SurveyRound.BASELINE else work.handling_overview(scope, period)
    figures = Figures(target, dimensions, overview, rows_by, handling, basis.before)
    if figures.is_empty:
        raise no_data_error(period)
    figures.tracks = sources.tracks_for_report(scope, period)
    figures.advices = sources.implementation_progress()
    figures.standouts = sources.standouts(scope, period)
    if not full:
        return figures
    asked = "quarter" if period.grain in ("year", "half") else "month"
    figures.grain = over_time.trend_grain(period, asked)
    figures.points = over_time.trend(scope, period, grain=figures.grain, survey_round=survey_round)
    if not figures.is_baseline:
        figures.on_time = work.on_time_trend(scope, period, grain=figures.grain)
    shown_domains = {row.key for row in rows_by.get("domain", []) if not row.reason}
    teams = experience.teams_per_domain(scope, period, survey_round=survey_round)
    for domain in Domain.objects.filter(slug__in=shown_domains).order_by("name"):
        figures.domains.append((domain, teams.get(domain.pk, [])))
    figures.compliments = [
        answer.text
        for answer in answers.newest_open_answers(
            scope, period, COMPLIMENTS, compliments=True, survey_round=survey_round
        )
    ]
    return figures
