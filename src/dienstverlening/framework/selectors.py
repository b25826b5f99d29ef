"""Reading the framework: which norm applies, what a team promises, what is in focus."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from dienstverlening.organisation.models import Service, Team

from .models import CoreValue, FocusPeriod, Level, Norm, Statement, WorkAgreement


def values_with_statements() -> QuerySet[CoreValue]:
    return CoreValue.objects.prefetch_related(
        Prefetch("statements", queryset=Statement.objects.order_by("order", "pk"))
    )


def focus_current(*, day: datetime.date) -> FocusPeriod | None:
    return (
        FocusPeriod.objects.select_related("value")
        .filter(starts_on__lte=day, ends_on__gte=day)
        .first()
    )


def norms_in_force(*, day: datetime.date) -> QuerySet[Norm]:
    return Norm.objects.valid_on(day).select_related("team", "service", "service__team")


def norm_applicable(
    *, subject: str, day: datetime.date, service: Service | None = None, team: Team | None = None
) -> Norm | None:
    """The most specific norm for ``subject`` on ``day``: service over team over organisation."""
    if service is not None and team is None:
        team = service.team
    scope = Q(level=Level.ORGANISATION)
    if team is not None:
        scope |= Q(level=Level.TEAM, team=team)
    if service is not None:
        scope |= Q(level=Level.SERVICE, service=service)
    found = {norm.level: norm for norm in Norm.objects.valid_on(day).filter(scope, subject=subject)}
    for level in (Level.SERVICE, Level.TEAM, Level.ORGANISATION):
        if level in found:
            return found[level]
    return None


def norm_history(norm: Norm) -> list[Norm]:
    """All versions of a norm, oldest first."""
    same_scope = Q(team_id=norm.team_id) & Q(service_id=norm.service_id)  # None: IS NULL
    versions = Norm.objects.filter(same_scope, level=norm.level, subject=norm.subject).order_by(
        "valid_from"
    )
    return list(versions)


@dataclass(frozen=True)
class TeamFramework:
    norms_team: list[Norm]
    norms_services: list[Norm]
    norms_organisation: list[Norm]
    agreements_team: list[WorkAgreement]
    agreements_services: list[WorkAgreement]
    agreements_organisation: list[WorkAgreement]

    @property
    def norms_own(self) -> list[Norm]:
        return self.norms_team + self.norms_services


def team_framework(*, team: Team, day: datetime.date) -> TeamFramework:
    """Everything a team promises on ``day``: its own norms, its services' and the organisation's.

    An organisation norm is left out when the team replaced it with a norm of its own.
    """
    in_scope = Q(level=Level.ORGANISATION) | Q(team=team) | Q(service__team=team)
    norms = list(
        Norm.objects.valid_on(day)
        .filter(in_scope)
        .select_related("service")
        .order_by("subject", "title")
    )
    agreements = list(
        WorkAgreement.objects.filter(in_scope)
        .select_related("service", "value")
        .order_by("order", "pk")
    )
    team_norms = [n for n in norms if n.level == Level.TEAM]
    overridden = {n.subject for n in team_norms}
    return TeamFramework(
        norms_team=team_norms,
        norms_services=[n for n in norms if n.level == Level.SERVICE],
        norms_organisation=[
            n for n in norms if n.level == Level.ORGANISATION and n.subject not in overridden
        ],
        agreements_team=[a for a in agreements if a.level == Level.TEAM],
        agreements_services=[a for a in agreements if a.level == Level.SERVICE],
        agreements_organisation=[a for a in agreements if a.level == Level.ORGANISATION],
    )


def norms_for_service(*, service: Service, day: datetime.date) -> list[Norm]:
    """Per subject the norm that applies to ``service`` on ``day`` (service over team over org)."""
    in_scope = (
        Q(level=Level.ORGANISATION)
        | Q(level=Level.TEAM, team_id=service.team_id)
        | Q(level=Level.SERVICE, service=service)
    )
    rank: dict[str, int] = {Level.SERVICE: 0, Level.TEAM: 1, Level.ORGANISATION: 2}
    best: dict[str, Norm] = {}
    for norm in Norm.objects.valid_on(day).filter(in_scope):
        current = best.get(norm.subject)
        if current is None or rank[norm.level] < rank[current.level]:
            best[norm.subject] = norm
    return sorted(best.values(), key=lambda n: n.get_subject_display())
