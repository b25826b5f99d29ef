"""Reading team plans and the progress of the implementation plan."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from dienstverlening.framework.models import Level, Norm, WorkAgreement
from dienstverlening.framework.selectors import TeamFramework, team_framework
from dienstverlening.organisation.models import Team

from ..models import Action, ActionStatus, Advice, CostColour, ImplementationAction, TeamPlan
from ..models.plans import COST_MEANING


def plan_day(year: int, today: datetime.date) -> datetime.date:
    """The day whose framework a plan for ``year`` is chosen from: today in this year, else the
    first day of a coming year or the last day of a past one."""
    if year == today.year:
        return today
    return datetime.date(year, 1, 1) if year > today.year else datetime.date(year, 12, 31)


def plan_years(today: datetime.date) -> list[int]:
    """The years the team plan pages offer: last year, this year, next year and any with plans."""
    years = {today.year - 1, today.year, today.year + 1}
    years.update(TeamPlan.objects.values_list("year", flat=True).distinct())
    return sorted(years, reverse=True)


def _team_scope(team: Team) -> Q:
    return Q(level=Level.ORGANISATION) | Q(team=team) | Q(service__team=team)


def plan_norms_in_scope(plan: TeamPlan) -> QuerySet[Norm]:
    """Norms a plan may choose: the team's, its services' and the organisation's, valid at some
    moment in the plan's year (the norms already chosen stay choosable)."""
    in_year = Q(valid_from__lte=datetime.date(plan.year, 12, 31)) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=datetime.date(plan.year, 1, 1))
    )
    chosen = Q(pk__in=plan.norms.values("pk")) if plan.pk else Q(pk__in=[])
    return Norm.objects.filter((_team_scope(plan.team) & in_year) | chosen)


def plan_agreements_in_scope(plan: TeamPlan) -> QuerySet[WorkAgreement]:
    return WorkAgreement.objects.filter(_team_scope(plan.team))


def plan_actions_in_scope(plan: TeamPlan) -> QuerySet[Action]:
    """The team's actions (from its tracks or its own), and those already in the plan."""
    chosen = Q(pk__in=plan.actions.values("pk")) if plan.pk else Q(pk__in=[])
    return Action.objects.filter(Q(team=plan.team) | chosen)


@dataclass(frozen=True)
class PlanOptions:
    """What a team plan chooses from: the framework that holds for the team, and its actions."""

    framework: TeamFramework
    actions: list[Action]

    @property
    def norms(self) -> list[Norm]:
        return self.framework.norms_own + self.framework.norms_organisation

    @property
    def agreements(self) -> list[WorkAgreement]:
        f = self.framework
        return f.agreements_team + f.agreements_services + f.agreements_organisation


def plan_options(*, plan: TeamPlan, today: datetime.date) -> PlanOptions:
    """The norms and agreements of the framework for the plan's team (``team_framework``) on the
    plan's day, the norms the plan already holds, and the actions it may hold. Four queries."""
    framework = team_framework(team=plan.team, day=plan_day(plan.year, today))
    offered = {norm.pk for norm in framework.norms_own + framework.norms_organisation}
    extra = list(plan.norms.exclude(pk__in=offered).select_related("service", "team"))
    if extra:  # chosen earlier, since replaced by a new version: still shown, still chosen
        framework = TeamFramework(
            norms_team=framework.norms_team,
            norms_services=framework.norms_services,
            norms_organisation=framework.norms_organisation + extra,
            agreements_team=framework.agreements_team,
            agreements_services=framework.agreements_services,
            agreements_organisation=framework.agreements_organisation,
        )
    actions = list(
        plan_actions_in_scope(plan).select_related("track", "team").order_by("due", "pk")
    )
    return PlanOptions(framework=framework, actions=actions)


@dataclass(frozen=True)
class PlanRow:
    team: Team
    plan: TeamPlan | None


def team_plans_overview(*, year: int) -> list[PlanRow]:
    """Every team with its plan for ``year`` (or none yet) and what the plan holds. Two queries."""
    plans = {
        plan.team_id: plan
        for plan in TeamPlan.objects.filter(year=year).annotate(
            norm_count=Count("norms", distinct=True),
            agreement_count=Count("agreements", distinct=True),
            action_count=Count("actions", distinct=True),
            done_count=Count("actions", filter=Q(actions__status=ActionStatus.DONE), distinct=True),
        )
    }
    teams = Team.objects.select_related("domain").order_by("domain__name", "name")
    return [PlanRow(team=team, plan=plans.get(team.pk)) for team in teams]


def team_plan_detail(plan_id: int) -> TeamPlan:
    """A plan with its norms, agreements and actions fetched: four queries in all."""
    return (
        TeamPlan.objects.select_related("team", "team__domain", "updated_by")
        .prefetch_related(
            Prefetch(
                "norms",
                Norm.objects.select_related("service", "team").order_by("subject", "title"),
            ),
            Prefetch(
                "agreements",
                WorkAgreement.objects.select_related("service", "team", "value").order_by(
                    "level", "order", "pk"
                ),
            ),
            Prefetch(
                "actions", Action.objects.select_related("team", "track").order_by("due", "pk")
            ),
        )
        .get(pk=plan_id)
    )


# --- the implementation plan ------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """How far the actions of one advice or one colour are: counted, never estimated."""

    key: str
    label: str
    total: int
    running: int
    done: int

    @property
    def not_started(self) -> int:
        return self.total - self.running - self.done


@dataclass(frozen=True)
class ImplementationProgress:
    by_advice: list[Progress]
    by_colour: list[Progress]

    @property
    def total(self) -> Progress:
        rows = self.by_colour
        return Progress(
            key="",
            label=_("Alle acties"),
            total=sum(row.total for row in rows),
            running=sum(row.running for row in rows),
            done=sum(row.done for row in rows),
        )


def _counts(prefix: str = "") -> dict:
    status = f"{prefix}status"
    counted = prefix.rstrip("_") or "pk"
    return {
        "total": Count(counted, distinct=True),
        "running": Count(counted, filter=Q(**{status: ActionStatus.RUNNING}), distinct=True),
        "done": Count(counted, filter=Q(**{status: ActionStatus.DONE}), distinct=True),
    }


def implementation_progress() -> ImplementationProgress:
    """Per advice (1–10) and per colour: how many actions, how many running and done. Two
    queries. An action that serves three advices counts once for each of them."""
    by_advice = [
        Progress(
            key=str(advice.number),
            label=str(advice),
            total=advice.total,
            running=advice.running,
            done=advice.done,
        )
        for advice in Advice.objects.annotate(**_counts("implementation_actions__"))
    ]
    counted = {
        row["colour"]: row
        for row in ImplementationAction.objects.order_by().values("colour").annotate(**_counts())
    }
    colours = [*CostColour.values, ""]
    by_colour = [
        Progress(
            key=colour or "none",
            label=f"{CostColour(colour).label}: {COST_MEANING[colour]}"
            if colour
            else str(COST_MEANING[""]),
            total=counted[colour]["total"],
            running=counted[colour]["running"],
            done=counted[colour]["done"],
        )
        for colour in colours
        if colour in counted
    ]
    return ImplementationProgress(by_advice=by_advice, by_colour=by_colour)


def implementation_actions(
    *, advice: Advice | None = None, colour: str | None = None
) -> QuerySet[ImplementationAction]:
    """The actions of the plan in the advice's order, optionally of one advice or one colour
    (``"none"``: without a colour). Two queries with their advices."""
    actions = ImplementationAction.objects.prefetch_related(
        Prefetch("advices", Advice.objects.order_by("number"))
    )
    if advice is not None:
        actions = actions.filter(advices=advice)
    if colour is not None:
        actions = actions.filter(colour="" if colour == "none" else colour)
    return actions.order_by("position")
