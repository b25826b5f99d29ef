"""A track with a resident journey, written through the services, for the journey tests."""

from dienstverlening.improvement.models import Feeling, ParticipantKind, Track
from dienstverlening.improvement.services import journey_save, participant_add, phase_add, step_add
from tests.organisation.factories import ChannelFactory


def track_with_journey(team, now, *, steps: bool = True) -> Track:
    track = Track.objects.create(
        team=team, title="Paspoort sneller klaar", problem="Lang wachten.", opened_at=now
    )
    journey = journey_save(track=track, resident="inwoner van 70, eerste paspoort")
    if not steps:
        return track
    oriënteren = phase_add(journey=journey, name="Oriënteren")
    aanvragen = phase_add(journey=journey, name="Aanvragen")
    website = ChannelFactory(name="Website", slug="website")
    balie = ChannelFactory(name="Balie", slug="balie")
    step_add(
        journey=journey, phase=oriënteren, title="Zoekt op de website", channel=website,
        does="Zoekt ‘paspoort aanvragen’", thinks="Wat moet ik meenemen?",
        feeling=Feeling.NEUTRAL, opportunities="Lijstje van wat mee moet bovenaan",
    )  # fmt: skip
    step_add(
        journey=journey, phase=aanvragen, title="Wacht aan de balie", channel=balie,
        does="Neemt een nummer", thinks="Duurt dit nog lang?", feeling=Feeling.VERY_NEGATIVE,
        pain_points="Geen idee hoe lang het duurt", opportunities="Wachttijd op een scherm",
    )  # fmt: skip
    participant_add(journey=journey, kind=ParticipantKind.RESIDENT, description="inwoner, 70")
    return track
