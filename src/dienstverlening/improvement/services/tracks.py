"""Opening improvement tracks and keeping their actions."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from dienstverlening.core.localtime import AMSTERDAM
from dienstverlening.organisation.models import Service, Team

from ..models import Action, ActionStatus, Track


@transaction.atomic
def track_open(
    *, team: Team, title: str, problem: str, services: Iterable[Service] = (), opened_by
) -> Track:
    """Start a track for ``team``. Alerts and signals that lead to one call this too."""
    track = Track.objects.create(
        team=team, title=title, problem=problem, opened_by=opened_by, opened_at=timezone.now()
    )
    track.services.set(list(services))
    return track


@transaction.atomic
def action_create(
    *, team: Team, title: str, due: datetime.date, track: Track | None = None
) -> Action:
    """Add an action for ``team`` (the owner); its date may not lie in the past."""
    now = timezone.now()
    action = Action(team=team, title=title, due=due, track=track, created_at=now)
    action.clean_due(today=now.astimezone(AMSTERDAM).date())
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def action_set_status(*, action: Action, status: str) -> Action:
    action.status = status
    action.done_at = timezone.now() if status == ActionStatus.DONE else None
    action.full_clean()
    action.save(update_fields=["status", "done_at"])
    return action
