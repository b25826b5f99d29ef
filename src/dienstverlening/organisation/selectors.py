"""Reading the organisation: the directory and its search."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from .models import Domain, Service, Team
from .search import Document, rank


def domains_with_teams() -> QuerySet[Domain]:
    return Domain.objects.prefetch_related(
        Prefetch("teams", queryset=Team.objects.order_by("name"))
    )


@dataclass(frozen=True)
class DirectoryHit:
    kind: str  # "service" or "team"
    service: Service | None
    team: Team
    score: float


def directory_search(query: str, *, limit: int = 20) -> list[DirectoryHit]:
    """Services and teams matching ``query``, best first, each with the team that handles it."""
    services = Service.objects.select_related("team", "team__domain").order_by("name")
    teams = Team.objects.select_related("domain").order_by("name")
    documents = [
        Document(
            obj=service,
            fields={
                "name": (3.0, service.name),
                "keywords": (2.5, service.keywords),
                "description": (1.0, service.description),
            },
        )
        for service in services
    ] + [
        Document(
            obj=team,
            fields={
                "name": (3.0, team.name),
                "core_tasks": (2.0, team.core_tasks),
                "description": (1.0, team.description),
            },
        )
        for team in teams
    ]
    hits = []
    for score, obj in rank(documents, query, limit=limit):
        if isinstance(obj, Service):
            hits.append(DirectoryHit(kind="service", service=obj, team=obj.team, score=score))
        elif isinstance(obj, Team):
            hits.append(DirectoryHit(kind="team", service=None, team=obj, score=score))
    return hits
