"""Writing the resident journey of a track, and the coördinator's method."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from dienstverlening.core.access import manages_team
from dienstverlening.organisation.models import Channel

from ..models import (
    Journey,
    JourneyMethod,
    JourneyPhase,
    JourneyStep,
    MethodStep,
    Participant,
    ParticipantKind,
    Track,
)

STEP_FIELDS = ("title", "channel", "does", "thinks", "feeling", "pain_points", "opportunities")


def _refuse_closed(track: Track) -> None:
    if track.is_closed:
        raise ValidationError(_("Dit traject is afgerond: de reis staat vast."), code="closed")


@transaction.atomic
def journey_save(*, track: Track, resident: str, goal: str = "", session_on=None) -> Journey:
    """Start or change the journey of ``track``: whose journey, their goal, the session date."""
    _refuse_closed(track)
    journey = Journey.objects.filter(track=track).first() or Journey(track=track)
    journey.resident, journey.goal, journey.session_on = resident.strip(), goal.strip(), session_on
    journey.full_clean()
    journey.save()
    return journey


@transaction.atomic
def phase_add(*, journey: Journey, name: str) -> JourneyPhase:
    _refuse_closed(journey.track)
    last = journey.phases.aggregate(last=Max("order"))["last"] or 0
    phase = JourneyPhase(journey=journey, name=name.strip(), order=last + 1)
    phase.full_clean()
    phase.save()
    return phase


def _check_phase(journey: Journey, phase: JourneyPhase | None) -> None:
    if phase is None:
        message = (
            _("Kies de fase waar deze stap bij hoort.")
            if journey.phases.exists()
            else _("Voeg eerst een fase toe: elke stap hoort bij een fase van de reis.")
        )
        raise ValidationError({"phase": message}, code="no_phase")
    if phase.journey_id != journey.pk:
        raise ValidationError({"phase": _("Deze fase hoort bij een andere reis.")}, code="phase")


@transaction.atomic
def step_add(
    *,
    journey: Journey,
    phase: JourneyPhase | None,
    title: str,
    channel: Channel | None = None,
    does: str = "",
    thinks: str = "",
    feeling: int = 3,
    pain_points: str = "",
    opportunities: str = "",
) -> JourneyStep:
    """A step of the resident in ``phase``, after the phase's last step."""
    _refuse_closed(journey.track)
    _check_phase(journey, phase)
    last = phase.steps.aggregate(last=Max("order"))["last"] or 0
    step = JourneyStep(
        journey=journey,
        phase=phase,
        order=last + 1,
        title=title.strip(),
        channel=channel,
        does=does.strip(),
        thinks=thinks.strip(),
        feeling=feeling,
        pain_points=pain_points.strip(),
        opportunities=opportunities.strip(),
    )
    step.full_clean()
    step.save()
    return step


@transaction.atomic
def step_change(*, step: JourneyStep, phase: JourneyPhase | None, **fields) -> JourneyStep:
    _refuse_closed(step.journey.track)
    _check_phase(step.journey, phase)
    unknown = set(fields) - set(STEP_FIELDS)
    if unknown:
        raise TypeError(f"step_change: onbekende velden {sorted(unknown)}")
    if phase.pk != step.phase_id:
        step.order = (phase.steps.aggregate(last=Max("order"))["last"] or 0) + 1
    step.phase = phase
    for name, value in fields.items():
        setattr(step, name, value.strip() if isinstance(value, str) else value)
    step.full_clean()
    step.save()
    return step


@transaction.atomic
def step_delete(*, step: JourneyStep) -> None:
    _refuse_closed(step.journey.track)
    step.delete()


@transaction.atomic
def participant_add(
    *, journey: Journey, kind: str, description: str = "", user=None
) -> Participant:
    """Who took part. A facilitator is a colleague from outside the team that owns the process:
    the teammanager of the track's team is refused (the advice: not the process owners)."""
    _refuse_closed(journey.track)
    team = journey.track.team
    if kind == ParticipantKind.FACILITATOR:
        if user is None:
            raise ValidationError(
                {"user": _("Kies de collega die de sessie begeleidt.")}, code="required"
            )
        if manages_team(user, team):
            raise ValidationError(
                {
                    "user": _(
                        "%(name)s is teammanager van %(team)s en dus eigenaar van het proces. "
                        "Een begeleider kijkt met andere ogen: kies iemand van buiten het team."
                    )
                    % {"name": user, "team": team.name}
                },
                code="process_owner",
            )
    elif not description.strip() and user is None:
        raise ValidationError(
            {
                "description": _(
                    "Beschrijf de deelnemer in een paar woorden, zonder naam, bijvoorbeeld "
                    "‘inwoner, vroeg in maart een paspoort aan’."
                )
            },
            code="required",
        )
    participant = Participant(
        journey=journey, kind=kind, description=description.strip(), user=user
    )
    participant.full_clean()
    participant.save()
    return participant


@transaction.atomic
def participant_remove(*, participant: Participant) -> None:
    _refuse_closed(participant.journey.track)
    participant.delete()


@transaction.atomic
def checklist_set(*, journey: Journey, done: Iterable[MethodStep]) -> Journey:
    """The steps of the method this journey has done."""
    _refuse_closed(journey.track)
    journey.checklist.set(list(done))
    return journey


@transaction.atomic
def method_update(*, intro: str, toolbox: str, updated_by) -> JourneyMethod:
    """The coördinator's text of the method and its toolbox (one row)."""
    method = JourneyMethod.objects.order_by("pk").first() or JourneyMethod()
    method.intro, method.toolbox = intro.strip(), toolbox.strip()
    method.updated_at, method.updated_by = timezone.now(), updated_by
    method.full_clean()
    method.save()
    return method


@transaction.atomic
def method_step_save(
    *,
    step: MethodStep | None = None,
    title: str,
    description: str,
    order: int | None = None,
    active: bool = True,
) -> MethodStep:
    """Add a step to the method (at the end unless ``order``), or change one."""
    if step is None:
        step = MethodStep()
        if order is None:
            order = (MethodStep.objects.aggregate(last=Max("order"))["last"] or 0) + 1
    step.title, step.description, step.active = title.strip(), description.strip(), active
    if order is not None:
        step.order = order
    step.full_clean()
    step.save()
    return step
