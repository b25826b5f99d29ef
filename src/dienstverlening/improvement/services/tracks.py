"""Opening improvement tracks, keeping their actions, evaluating and closing them.

The life of a track: ``open`` (the KPIs before are frozen; the journey is worked out) →
``running`` (from its first action) → ``evaluating`` (the KPIs after are measured and compared)
→ ``closed`` (with lessons learned, once every action is done).
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dienstverlening.core.localtime import AMSTERDAM
from dienstverlening.insights.periods import Period, PeriodError, period_from
from dienstverlening.organisation.models import Service, Team

from ..models import Action, ActionStatus, Track, TrackStatus
from ..selectors.tracks import after_period_choices, is_improved, kpi_measure, snapshot_period


@transaction.atomic
def track_open(
    *,
    team: Team,
    title: str,
    problem: str,
    services: Iterable[Service] = (),
    opened_by,
    period: Period | None = None,
) -> Track:
    """Start a track for ``team``. Alerts and signals that lead to one call this too.

    Freezes the KPIs before (``selectors.tracks.kpi_measure``) over ``period``, by default the
    last full quarter. Services of another team are refused: the track belongs to one team.
    """
    services = list(services)
    strangers = [service.name for service in services if service.team_id != team.pk]
    if strangers:
        raise ValidationError(
            {
                "services": _(
                    "Deze diensten horen niet bij team %(team)s: %(services)s. Kies diensten "
                    "van het team zelf, of open het traject voor het andere team."
                )
                % {"team": team.name, "services": ", ".join(strangers)}
            },
            code="other_team",
        )
    now = timezone.now()
    period = period or snapshot_period(today=now.astimezone(AMSTERDAM).date())
    track = Track(team=team, title=title, problem=problem, opened_by=opened_by, opened_at=now)
    track.snapshot = kpi_measure(team=team, services=services, period=period)
    track.full_clean()
    track.save()
    track.services.set(services)
    return track


def _today() -> datetime.date:
    return timezone.now().astimezone(AMSTERDAM).date()


@transaction.atomic
def action_create(
    *, team: Team | None, title: str, due: datetime.date | None, track: Track | None = None
) -> Action:
    """Add an action for ``team`` (the owner); its date may not lie in the past.

    The first action of an opened track sets the track running.
    """
    errors = {}
    if team is None:
        errors["team"] = _("Kies het team dat de actie uitvoert: elke actie heeft een eigenaar.")
    if due is None:
        errors["due"] = _("Vul de datum in waarop de actie klaar is.")
    if track is not None and track.is_closed:
        errors["__all__"] = _("Dit traject is afgerond: er kunnen geen acties meer bij.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    action = Action(team=team, title=title, due=due, track=track, created_at=now)
    action.clean_due(today=_today())
    action.full_clean()
    action.save()
    if track is not None and track.status == TrackStatus.OPEN:
        Track.objects.filter(pk=track.pk).update(status=TrackStatus.RUNNING)
        track.status = TrackStatus.RUNNING
    return action


@transaction.atomic
def action_set_status(*, action: Action, status: str) -> Action:
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Kies een status uit de lijst.")})
    action.status = status
    action.done_at = timezone.now() if status == ActionStatus.DONE else None
    action.full_clean()
    action.save(update_fields=["status", "done_at"])
    return action


@transaction.atomic
def track_evaluate(*, track: Track, period_code: str) -> Track:
    """Measure the KPIs after over the period ``period_code`` (a month, quarter or half-year
    that started after the period before and is over) and compare them with the snapshot."""
    if track.is_closed:
        raise ValidationError(_("Dit traject is afgerond; de meting staat vast."), code="closed")
    today = _today()
    allowed = dict(after_period_choices(track, today=today))
    if period_code not in allowed:
        raise ValidationError(
            {
                "period": _(
                    "Kies een periode na de meting vooraf die al voorbij is. Is er nog geen? "
                    "Meet dan opnieuw als de eerste maand na de acties om is."
                )
            },
            code="period",
        )
    try:
        period = period_from(period_code, today=today)
    except PeriodError as error:  # pragma: no cover - the choices are valid codes
        raise ValidationError({"period": error.message}, code=error.code) from error
    track.evaluation = kpi_measure(team=track.team, services=track.services.all(), period=period)
    track.evaluated_at = timezone.now()
    track.improved = is_improved(track.snapshot, track.evaluation)
    track.status = TrackStatus.EVALUATING
    track.save(update_fields=["evaluation", "evaluated_at", "improved", "status"])
    return track


@transaction.atomic
def track_close(*, track: Track, lessons: str, closed_by) -> Track:
    """Close the track with the lessons learned, readable by every employee from now on."""
    errors = []
    if track.is_closed:
        errors.append(_("Dit traject is al afgerond."))
    if not track.evaluation:
        errors.append(
            _("Meet eerst het effect: vergelijk de cijfers na de acties met de meting vooraf.")
        )
    open_actions = track.actions.exclude(status=ActionStatus.DONE).count()
    if open_actions:
        errors.append(
            _(
                "Nog %(count)s actie(s) zijn niet klaar. Zet ze op ‘klaar’ voordat u het "
                "traject afrondt."
            )
            % {"count": open_actions}
        )
    if not lessons.strip():
        raise ValidationError(
            {
                "lessons": _("Schrijf op wat u leerde: collega's lezen dit als voorbeeld."),
                **({"__all__": errors} if errors else {}),
            }
        )
    if errors:
        raise ValidationError(errors)
    track.lessons = lessons.strip()
    track.status = TrackStatus.CLOSED
    track.closed_at = timezone.now()
    track.closed_by = closed_by
    track.save(update_fields=["lessons", "status", "closed_at", "closed_by"])
    return track
