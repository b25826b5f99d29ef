"""Writes of the directory that people make themselves (teams, services: the admin)."""

from collections.abc import Iterable

from django.db import transaction

from .models import Team


@transaction.atomic
def membership_set(*, user, teams: Iterable[Team]) -> list[Team]:
    """The teams ``user`` works in (``Team.members``), replacing the earlier choice."""
    chosen = list(teams)
    user.member_teams.set(chosen)
    return chosen
