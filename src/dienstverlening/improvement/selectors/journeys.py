"""Reading a resident journey: the map (phases with their steps), the feeling curve as a chart
with its data table (``insights.charts``), the checklist of the method, the method itself."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from dienstverlening.core.access import manages_team
from dienstverlening.insights import charts

from ..models import (
    Feeling,
    Journey,
    JourneyMethod,
    JourneyPhase,
    JourneyStep,
    MethodStep,
    Participant,
    ParticipantKind,
    Track,
)


@dataclass
class PhaseMap:
    phase: JourneyPhase
    steps: list[JourneyStep] = field(default_factory=list)


@dataclass(frozen=True)
class JourneyMap:
    journey: Journey | None
    phases: list[PhaseMap]
    participants: list[Participant]
    checklist: list[tuple[MethodStep, bool]]
    warnings: list[str]

    @property
    def steps(self) -> list[JourneyStep]:
        return [step for phase in self.phases for step in phase.steps]

    @property
    def numbered(self) -> list[tuple[int, JourneyStep]]:
        return list(enumerate(self.steps, start=1))

    @property
    def pain_point_count(self) -> int:
        return sum(1 for step in self.steps if step.pain_points)


def journey_method() -> JourneyMethod:
    """The method (one row, filled by the migration); an empty one before anyone wrote it."""
    return JourneyMethod.objects.order_by("pk").first() or JourneyMethod(intro="", toolbox="")


def journey_map(track: Track) -> JourneyMap:
    """Everything the journey page and its PDF show, in five small queries."""
    journey = Journey.objects.filter(track=track).first()
    steps_of_method = list(MethodStep.objects.all())
    if journey is None:
        return JourneyMap(None, [], [], [(s, False) for s in steps_of_method if s.active], [])
    phases = {phase.pk: PhaseMap(phase) for phase in journey.phases.all()}
    for step in journey.steps.select_related("channel").order_by("phase__order", "order", "pk"):
        phases[step.phase_id].steps.append(step)
    participants = list(journey.participants.select_related("user"))
    done = set(journey.checklist.values_list("pk", flat=True))
    checklist = [(s, s.pk in done) for s in steps_of_method if s.active or s.pk in done]
    return JourneyMap(
        journey,
        list(phases.values()),
        participants,
        checklist,
        _warnings(track, participants),
    )


def _warnings(track: Track, participants: list[Participant]) -> list[str]:
    """What the method asks that this journey does not have (yet)."""
    kinds = {participant.kind for participant in participants}
    warnings = []
    if ParticipantKind.RESIDENT not in kinds:
        warnings.append(
            _("Er deed nog geen echte gebruiker mee. De methode vraagt minstens twee inwoners.")
        )
    if ParticipantKind.FACILITATOR not in kinds:
        warnings.append(_("Er is nog geen begeleider van buiten het team."))
    for participant in participants:
        facilitating = participant.kind == ParticipantKind.FACILITATOR
        if facilitating and participant.user and manages_team(participant.user, track.team):
            warnings.append(
                _("%(name)s begeleidt, maar is eigenaar van het proces.")
                % {"name": participant.user}
            )
    return warnings


def feeling_chart(journey_map: JourneyMap, *, key: str = "gevoel") -> charts.Chart | None:
    """The feeling curve: the feeling (1–5) per step, with the data table beside it."""
    numbered = journey_map.numbered
    if not numbered:
        return None
    labels = dict(Feeling.choices)
    series = str(_("Gevoel van de inwoner"))
    rows, table = [], []
    for number, step in numbered:
        label = str(number)
        rows.append(
            {
                "periode": label,
                "reeks": series,
                "waarde": step.feeling,
                "tekst": f"{number}. {step.title}: {step.feeling} ({labels[step.feeling]})",
                "lopend": False,
            }
        )
        table.append(
            [label, step.phase.name, step.title, f"{step.feeling} – {labels[step.feeling]}"]
        )
    spec = charts.trend_lines(
        rows,
        periods=[row["periode"] for row in rows],
        series=[series],
        unit=str(_("gevoel (1–5)")),
        domain=(1, 5),
        tooltip_title=str(_("Stap")),
    )
    lowest = min(numbered, key=lambda item: (item[1].feeling, item[0]))
    summary = _(
        "Het gevoel van de inwoner per stap, van 1 (heel negatief) tot 5 (heel positief). Het "
        "dieptepunt is stap %(number)s, ‘%(title)s’, met %(feeling)s."
    ) % {"number": lowest[0], "title": lowest[1].title, "feeling": lowest[1].feeling}
    return charts.Chart(
        key=key,
        title=str(_("Gevoelslijn")),
        summary=summary,
        spec=spec,
        columns=[str(_("Nr.")), str(_("Fase")), str(_("Stap")), str(_("Gevoel"))],
        rows=table,
    )
