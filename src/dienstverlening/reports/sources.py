"""What a report reads from the improvement cycle: the one door to the ``improvement`` app.

Each function returns plain dataclasses, so the report does not depend on how the improvement
app stores its tracks, its measured effects, the implementation plan or "where to start": the
tracks with their actions and measured effect, the plan's progress per advice
(``improvement.selectors.implementation_progress``) and the services where residents are least
satisfied (``improvement.selectors.where_to_start``, the same ranking as its page).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dienstverlening.core.localtime import AMSTERDAM
from dienstverlening.insights.periods import Period
from dienstverlening.insights.scope import Scope


@dataclass(frozen=True)
class TrackSummary:
    """An improvement track as a report shows it."""

    title: str
    team: str
    status: str  # in words
    opened_on: datetime.date
    closed_on: datetime.date | None
    actions_done: int
    actions_total: int
    effect: str | None = None  # the measured effect in words; None: not measured yet


@dataclass(frozen=True)
class AdviceProgress:
    """One advice of the implementation plan and how far it is."""

    number: str
    title: str
    owner: str
    status: str  # in words
    actions_done: int
    actions_total: int


@dataclass(frozen=True)
class Standout:
    """A service that stands out in "where to start", up or down."""

    service: str
    team: str
    direction: str  # "up" or "down"
    text: str  # why, in words, with the dashboard's figure


def tracks_for_report(scope: Scope, period: Period) -> list[TrackSummary]:
    """Tracks that ran during ``period`` (opened before its end, not closed before its start),
    of teams that serve the scope's municipality. One query."""
    from dienstverlening.improvement.models import ActionStatus, Track

    start = datetime.datetime.combine(period.start, datetime.time.min, tzinfo=AMSTERDAM)
    end = datetime.datetime.combine(
        period.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=AMSTERDAM
    )
    tracks = Track.objects.filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=start), opened_at__lt=end
    )
    if scope.municipality is not None:
        tracks = tracks.filter(
            Q(services__municipalities=scope.municipality) | Q(services__isnull=True)
        ).distinct()
    tracks = (
        tracks.select_related("team")
        .annotate(
            actions_total=Count("actions", distinct=True),
            actions_done=Count(
                "actions", filter=Q(actions__status=ActionStatus.DONE), distinct=True
            ),
        )
        .order_by("opened_at", "pk")
    )
    return [
        TrackSummary(
            title=track.title,
            team=track.team.name,
            status=str(track.get_status_display()),
            opened_on=timezone.localdate(track.opened_at),
            closed_on=timezone.localdate(track.closed_at) if track.closed_at else None,
            actions_done=track.actions_done,
            actions_total=track.actions_total,
            effect=_effect(track),
        )
        for track in tracks
    ]


def _effect(track) -> str | None:
    """The measured effect in words, as the track's evaluation judged it (the dashboard's
    significance rules); None while it is not measured."""
    if not track.evaluation:
        return None
    if track.improved:
        return str(_("echte verbetering gemeten"))
    return str(_("geen echte verbetering gemeten"))


def implementation_progress() -> list[AdviceProgress]:
    """The implementation plan's advices and how far their actions are (counted, per advice)."""
    from dienstverlening.improvement.selectors import implementation_progress as progress

    return [
        AdviceProgress(
            number=row.key,
            title=row.label,
            owner="",
            status=_status(row),
            actions_done=row.done,
            actions_total=row.total,
        )
        for row in progress().by_advice
    ]


def _status(row) -> str:
    if row.total and row.done == row.total:
        return _("klaar")
    if row.running or row.done:
        return _("loopt")
    return _("nog niet begonnen")


STANDOUTS = 3


def standouts(scope: Scope, period: Period) -> list[Standout]:
    """The services that stand out, from "where to start": up to ``STANDOUTS`` where a
    statement rose for real (the largest rise first), then its first ``STANDOUTS`` where
    improving pays most, each with its one sentence. Services below the minimum group size are
    never among them."""
    from dienstverlening.improvement.selectors import where_to_start

    where = where_to_start(scope, period)
    up = [
        Standout(item.service.name, item.service.team.name, "up", item.reason)
        for item in where.risen[:STANDOUTS]
    ]
    down = [
        Standout(item.service.name, item.service.team.name, "down", item.reason)
        for item in where.ranked[:STANDOUTS]
    ]
    return up + down
