"""Reading the organisation: the directory, its search, and names typed in a file."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Model, Prefetch, QuerySet

from dienstverlening.core.importing import name_key

from .models import Channel, Domain, Municipality, Service, Team
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


# --- finding the organisation by a name typed in a file ---------------------------------------

# What a typed name may be of each kind: its name first (a name wins over another's slug).
_NAMES: dict[str, tuple[type[Model], tuple[str, ...]]] = {
    "service": (Service, ("name", "slug")),
    "team": (Team, ("name", "slug")),
    "channel": (Channel, ("name", "slug")),
    "municipality": (Municipality, ("name", "slug", "cbs_code")),
}


def names_index(kind: str) -> dict[str, Model]:
    """Every service, team, channel or municipality (``kind``) by ``name_key`` of its name,
    slug (and CBS code): one query. Where two share a key, a name goes before a slug and the
    first in the model's order wins."""
    model, attributes = _NAMES[kind]
    objects = list(model._default_manager.all())
    index: dict[str, Model] = {}
    for attribute in attributes:
        for obj in objects:
            key = name_key(getattr(obj, attribute) or "")
            if key:
                index.setdefault(key, obj)
    return index


def names_resolve(*, kind: str, names: Iterable[str]) -> dict[str, Model]:
    """Many typed names of one ``kind`` at once, with one query: ``{typed name: object}`` for
    the names that were found."""
    index = names_index(kind)
    found = {}
    for name in names:
        obj = index.get(name_key(name))
        if obj is not None:
            found[name] = obj
    return found


class OrganisationLookup:
    """Finds services, teams, channels and municipalities by a typed name, for a whole file:
    each kind is read once (one query), when it is first asked for."""

    def __init__(self) -> None:
        self._indexes: dict[str, dict[str, Model]] = {}

    def find(self, kind: str, text: str) -> Model | None:
        """The object of ``kind`` whose name, slug (or CBS code) ``text`` is, or None."""
        if kind not in self._indexes:
            self._indexes[kind] = names_index(kind)
        return self._indexes[kind].get(name_key(text))
