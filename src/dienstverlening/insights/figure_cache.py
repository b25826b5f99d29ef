"""The dashboard's figure cache: figures computed from the roll-ups, kept per scope and period.

A cached figure is found under a key made of what it shows (its name, the scope's ids, the
period, the survey round, the language and the minimum group size) and of the **version** of
the data under it: the sum of ``organisation.FigureVersion`` over the teams and municipalities
of the scope, which every roll-up write raises in its own transaction, plus the newest entry of
the audit trail (norms, statements, questionnaires, survey runs, teams) and how many
municipalities, domains, teams, services and channels there are (and the newest of each). A new
item or response therefore changes the key, and the next page load computes afresh; an entry
that is no longer asked for ages out. One query per page reads the version.

The dashboard caches two things with it: the figures (``get``: the objects the page is built
from) and, in the template, the rendered HTML of the filters and of the survey figures
(``{% cache %}`` on ``key(...)``, which also holds the query string, the day and the value in
focus). The handling table is rendered every time; what is open and late is counted once per
minute (``work.handling_overview``: the minute is part of the key).

What is cached holds no person's data and depends on nobody's rights: every signed-in employee
reads every scope's aggregated figures (``docs/architecture.md``, Roles), and suppression is
part of the figures themselves (``disclosure``), decided by the scope, period and round in the
key. Pages that depend on rights (open answers, compliments) are never cached. A unit that is
renamed or moved (a municipality, domain, team, service, channel or core value saved again)
raises every version (``changed_units``), so its new name shows on the next load too; what
else the version does not see shows after ``DV_FIGURE_CACHE_SECONDS`` at the latest.

The cache is the alias ``DV_FIGURE_CACHE`` (``default``, in each app server's memory: the
version in the key makes that safe across servers).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from auditlog.models import LogEntry
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.models import Q
from django.db.models.signals import post_save
from django.utils import translation

from dienstverlening.framework.models import CoreValue
from dienstverlening.organisation.figure_versions import figures_changed_everywhere
from dienstverlening.organisation.models import (
    Channel,
    Domain,
    FigureVersion,
    Municipality,
    Service,
    Team,
)

from .disclosure import min_group_size
from .periods import Period
from .scope import Scope

T = TypeVar("T")

DEFAULT_SECONDS = 300


def _version_q(scope: Scope) -> Q:
    """The ``FigureVersion`` rows under the scope: its municipality and its team (a service's
    or channel's figures move with their team's version)."""
    q = Q()
    if scope.municipality is not None:
        q &= Q(municipality=scope.municipality)
    team = scope.owning_team
    if team is not None:
        q &= Q(team=team)
    elif scope.domain is not None:
        q &= Q(team__domain=scope.domain)
    return q


# The organisation's own lists: a unit that comes or goes (the filters offer it, a breakdown
# shows it) changes how many there are or the newest id.
STRUCTURE = [Municipality, Domain, Team, Service, Channel]
# A unit saved again may have a new name or place, which cached figures show.
NAMED = [*STRUCTURE, CoreValue]


def changed_units(*, created: bool = False, raw: bool = False, **kwargs) -> None:
    """Receiver: an existing unit was saved (a new one changes ``STRUCTURE``'s counts)."""
    if not created and not raw:
        figures_changed_everywhere()


def connect_signals() -> None:
    for model in NAMED:
        post_save.connect(
            changed_units, sender=model, dispatch_uid=f"insights.figure_cache.{model.__name__}"
        )


def data_version(scope: Scope) -> tuple[int, ...]:
    """(the scope's figure version, the newest audit entry, then per list of the organisation
    how many and the newest id): one query."""
    rows = FigureVersion.objects.filter(_version_q(scope)).values("version")
    sql, params = rows.query.sql_with_params()
    quote = connection.ops.quote_name
    parts = [
        f"(SELECT COALESCE(SUM(f.version), 0) FROM ({sql}) f)",
        f"(SELECT COALESCE(MAX(id), 0) FROM {quote(LogEntry._meta.db_table)})",
    ]
    for model in STRUCTURE:
        table = quote(model._meta.db_table)
        parts.append(f"(SELECT COUNT(*) FROM {table})")
        parts.append(f"(SELECT COALESCE(MAX(id), 0) FROM {table})")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        row = cursor.fetchone()
    return tuple(int(value) for value in row)


class FigureCache:
    """The cache for the figures of one page view: reads the version once."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self._version: tuple[int, ...] | None = None

    def key(self, name: str, period: Period, *parts: object) -> str:
        if self._version is None:
            self._version = data_version(self.scope)
        scope = self.scope
        ids = [
            getattr(obj, "pk", None)
            for obj in (scope.municipality, scope.domain, scope.team, scope.service, scope.channel)
        ]
        text = repr(
            (
                name,
                ids,
                period.start,
                period.end,
                period.grain,
                parts,
                translation.get_language(),
                min_group_size(),
                self._version,
            )
        )
        return "dv-figures:" + hashlib.sha256(text.encode()).hexdigest()

    @property
    def seconds(self) -> int:
        """How long an entry may live at most (``DV_FIGURE_CACHE_SECONDS``)."""
        return getattr(settings, "DV_FIGURE_CACHE_SECONDS", DEFAULT_SECONDS)

    def get(self, name: str, period: Period, *parts: object, compute: Callable[[], T]) -> T:
        """The figure from the cache, or ``compute()`` stored there."""
        cache = caches[getattr(settings, "DV_FIGURE_CACHE", "default")]
        key = self.key(name, period, *parts)
        found = cache.get(key)
        if found is None:
            found = (compute(),)  # a tuple: a figure that is None is cached as well
            cache.set(key, found, self.seconds)
        return found[0]


def figure_cache_clear() -> None:
    """Forget every cached figure (tests; after restoring a backup)."""
    caches[getattr(settings, "DV_FIGURE_CACHE", "default")].clear()
