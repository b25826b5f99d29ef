"""Who may see or change which part of the improvement cycle, built on ``core.access``.

Teammanagers change their own team's tracks, plans and signals; the coördinator owns the alert
rules, the journey method and the implementation plan; everyone signed in reads finished tracks
and team plans.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from dienstverlening.core.access import (
    editable_teams,
    is_signed_in,
    managed_teams,
    may_edit_team,
)
from dienstverlening.organisation.models import Team

from .models import Signal, SignalStatus

# --- signals ------------------------------------------------------------------------------------
# A signal is handled by the team that has it now: its teammanager, or the coördinator (who
# changes every team's own parts, ``core.access.may_edit_team``). Whoever passed it on reads it
# and its answer. Nobody else reads it: a signal may quote a resident. A missing signal is a
# 404 first, then the refusal (403).


def can_handle_signal(user, signal: Signal) -> bool:
    """Take, answer, pass on or start a track from ``signal``."""
    return may_edit_team(user, signal.team)


def can_read_signal(user, signal: Signal) -> bool:
    return is_signed_in(user) and (
        (signal.sender_id is not None and signal.sender_id == user.pk)
        or can_handle_signal(user, signal)
    )


def _signal(signal_id: int) -> Signal:
    return get_object_or_404(
        Signal.objects.select_related("service", "team", "channel", "municipality", "sender"),
        pk=signal_id,
    )


def access_signal(user, signal_id: int) -> Signal:
    """The signal, for its sender and for those who handle it; else 403."""
    signal = _signal(signal_id)
    if not can_read_signal(user, signal):
        raise PermissionDenied
    return signal


def access_signal_for_handling(user, signal_id: int) -> Signal:
    """The signal, for those who handle it (its team's manager, the coördinator); else 403."""
    signal = _signal(signal_id)
    if not can_handle_signal(user, signal):
        raise PermissionDenied
    return signal


def access_team_signals(user, slug: str) -> Team:
    """A team's list of signals: for its manager and the coördinator."""
    team = get_object_or_404(Team, slug=slug)
    if not may_edit_team(user, team):
        raise PermissionDenied
    return team


def signal_teams(user) -> QuerySet[Team]:
    """The teams whose signals ``user`` handles, for the links on the signals page: the teams
    they manage, and (for the coördinator, who handles every team's) the others that have open
    signals."""
    open_signals = Q(signals__status__in=[SignalStatus.NEW, SignalStatus.IN_PROGRESS])
    return (
        editable_teams(user)
        .filter(Q(pk__in=managed_teams(user).values("pk")) | open_signals)
        .distinct()
    )


def access_signal_submit(user) -> None:
    """Every signed-in employee passes on signals."""
    if not is_signed_in(user):
        raise PermissionDenied
