"""Who may see or change which part of the improvement cycle, built on ``core.access``.

Teammanagers change their own team's tracks, plans and signals; the coördinator owns the alert
rules, the journey method and the implementation plan; everyone signed in reads finished tracks
and team plans.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from dienstverlening.core.access import (
    is_framework_owner,
    is_signed_in,
    is_team_member,
    managed_teams,
    may_edit_team,
    member_teams,
    sees_everything,
)
from dienstverlening.organisation.models import Team

from .models import Alert, AlertRule

# --- alerts (signaleringen) and where to start ------------------------------------------------


def can_manage_alert_rules(user) -> bool:
    """The coördinator owns the alert rules."""
    return is_framework_owner(user)


def access_alert_rules(user) -> None:
    if not can_manage_alert_rules(user):
        raise PermissionDenied


def access_alert_rule_for_edit(user, pk: int) -> AlertRule:
    access_alert_rules(user)
    return get_object_or_404(AlertRule, pk=pk)


def can_read_team_alerts(user, team: Team | None) -> bool:
    """A team's alerts: the people who work in it (its managers and members), the coördinator
    and directie."""
    return sees_everything(user) or is_team_member(user, team)


def access_team_alerts(user, slug: str) -> Team:
    team = get_object_or_404(Team, slug=slug)
    if not can_read_team_alerts(user, team):
        raise PermissionDenied
    return team


def alert_teams_for(user) -> QuerySet:
    """The teams whose alerts ``user`` reads, by name."""
    if sees_everything(user):
        return Team.objects.order_by("name")
    ids = {t.pk for t in managed_teams(user)} | {t.pk for t in member_teams(user)}
    return Team.objects.filter(pk__in=ids).order_by("name")


def can_handle_team_alerts(user, team: Team) -> bool:
    """Acknowledge a team's alerts or turn them into a track: its manager or the coördinator."""
    return may_edit_team(user, team)


def can_handle_alert(user, alert: Alert) -> bool:
    return can_handle_team_alerts(user, alert.team)


def access_alert_for_handling(user, pk: int) -> Alert:
    alert = get_object_or_404(Alert.objects.select_related("team", "track"), pk=pk)
    if not can_handle_alert(user, alert):
        raise PermissionDenied
    return alert


def access_where_to_start(user) -> None:
    """Where to start reads aggregated figures: everyone signed in, as the dashboard."""
    if not is_signed_in(user):
        raise PermissionDenied
