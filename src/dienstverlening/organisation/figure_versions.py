"""A version per team and municipality of the figures built from the roll-ups.

Every write that changes a roll-up (the handling register's ``DailyFlow``/``LeadTimeBucket`` and
their monthly sums, the survey roll-up ``AnswerTally``) calls ``figures_changed`` with the teams
(or services) and municipalities it touched, in its own transaction: the version rows move with
the data (one ``INSERT … ON CONFLICT`` through ``core.bulk``, rows in key order, as the last write
of the transaction so the row is locked as briefly as possible). ``figures_version(q)`` reads
one number for a scope: the sum of its rows, which grows with every change in it. The
dashboard's figure cache (``insights.figure_cache``) puts that number in its keys, so a cached
figure is never read after a change it does not hold.

Lives in ``organisation`` because both intake apps (``surveys``, ``handling``) write it and
``insights`` reads it; it knows nothing of either.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import F, Q, Sum

from dienstverlening.core.bulk import RollupKey, increment_upsert

from .models import FigureVersion, Service

KEY = RollupKey("municipality", "team")


def figures_changed(
    *,
    teams: Iterable[tuple[int, int]] = (),
    services: Iterable[tuple[int, int]] = (),
) -> None:
    """Raise the version of every (municipality id, team id) in ``teams`` and of the team of
    every (municipality id, service id) in ``services``. Call inside the writing transaction."""
    rows = {(int(m), int(t)) for m, t in teams if m is not None and t is not None}
    if rows:
        increment_upsert(FigureVersion, KEY, ["version"], [(m, t, 1) for m, t in rows])
    pairs = sorted({(int(m), int(s)) for m, s in services if m is not None and s is not None})
    if not pairs:
        return
    table = connection.ops.quote_name(FigureVersion._meta.db_table)
    services_table = connection.ops.quote_name(Service._meta.db_table)
    values = ", ".join(["(%s, %s)"] * len(pairs))
    with connection.cursor() as cursor:
        # The team of each service from the database: one statement, however many services.
        cursor.execute(
            f"INSERT INTO {table} (municipality_id, team_id, version) "
            f"SELECT DISTINCT v.column1, s.team_id, 1 FROM (VALUES {values}) v "
            f"JOIN {services_table} s ON s.id = v.column2 WHERE true "
            f"ORDER BY 1, 2 "
            f"ON CONFLICT {KEY.conflict_target(FigureVersion)} "
            f"DO UPDATE SET version = {table}.version + 1",
            [value for pair in pairs for value in pair],
        )


def figures_changed_everywhere() -> None:
    """Raise every version: something every cached figure may show changed (a unit renamed,
    a service moved to another team). Rare, and one statement over a small table."""
    FigureVersion.objects.update(version=F("version") + 1)


def figures_version(where: Q | None = None) -> int:
    """The version of the figures of the teams and municipalities ``where`` selects (a filter
    on ``FigureVersion``: ``team``, ``team__domain``, ``municipality``): one query."""
    return FigureVersion.objects.filter(where or Q()).aggregate(v=Sum("version"))["v"] or 0
