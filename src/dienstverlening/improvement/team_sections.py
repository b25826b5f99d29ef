"""The improvement cycle's sections on a team's page (registered by ``core.apps``)."""

from django.http import HttpRequest

from dienstverlening.core.access import is_signed_in
from dienstverlening.core.team_sections import TeamSection
from dienstverlening.organisation.models import Team


def _actions(request: HttpRequest, team: Team) -> dict | None:
    """The team's improvement actions that are not done yet: for colleagues, not for visitors.
    Two queries: the actions with their tracks, and whether the reader may change them."""
    if not is_signed_in(request.user):
        return None
    from django.utils import timezone

    from dienstverlening.core.access import may_edit_team, sees_everything

    from .selectors.tracks import team_actions

    may_edit = may_edit_team(request.user, team)
    return {
        "improvement_actions": team_actions(team),
        "improvement_today": timezone.localdate(),
        "improvement_may_edit": may_edit,
        # Who changes this team's parts, and directie, follow the tracks behind the actions;
        # others read a track once it is finished (``access.can_read_track``).
        "improvement_may_follow": may_edit or sees_everything(request.user),
    }


def _alerts(request: HttpRequest, team: Team) -> dict | None:
    """The team's open alerts, for the people who read them (its manager and members, the
    coördinator and directie); nothing for anyone else. At most two queries: whether the reader
    works in the team, and the open alerts."""
    from .access import can_read_team_alerts
    from .selectors.alerts import alert_text, team_alerts

    if not can_read_team_alerts(request.user, team):
        return None
    open_alerts = team_alerts(team).filter(resolved_at__isnull=True)
    return {"improvement_alerts": [(a, alert_text(a.numbers)) for a in open_alerts]}


SECTIONS = [
    TeamSection("improvement-alerts", "improvement/alerts/_team_section.html", _alerts, 90),
    TeamSection("improvement-actions", "improvement/tracks/_team_actions.html", _actions, 100),
]
