"""Demo improvement tracks: one finished, with a resident journey and a measurable effect, and one
running.

The finished track of Burgerzaken (travel documents) opens after the first half-year of the
continuous survey of last year, whose figures it freezes as its measurement before; it is
evaluated over the last whole half-year before the day the demo is loaded. The demo survey
(``surveys.py``) lets scores rise slowly after the baseline (a quarter point of the latent score a
year, about ten percentage points of "eens" for a busy team), so over that distance the team's
figures really improve, by the dashboard's own test, at the demo's normal scale. At the tiny
scales of the tests the groups are small and the comparison may say "binnen de marge": then the
track is finished without being a good example, which is the honest outcome.

Everything is placed relative to ``now`` and goes through the services; dates in the past are
set afterwards (as the other demo generators do). Safe to run twice: the demo tracks are rebuilt.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from dienstverlening.core.localtime import AMSTERDAM
from dienstverlening.improvement import services
from dienstverlening.improvement.models import (
    Action,
    ActionStatus,
    Feeling,
    MethodStep,
    ParticipantKind,
    Track,
)
from dienstverlening.insights.periods import cell
from dienstverlening.organisation.models import Channel, Service, Team

FINISHED = {
    "team": "burgerzaken",
    "services": ["paspoort-aanvragen", "identiteitskaart-aanvragen"],
    "title": "Reisdocumenten: inwoners weten niet waar ze aan toe zijn",
    "problem": (
        "In de meting scoren paspoort en ID-kaart laag op ‘Ik wist waar ik aan toe was en wanneer "
        "ik iets zou horen’. Aan de telefoon vragen veel inwoners of hun document al klaar is. "
        "Bij de balie hoort de inwoner pas bij het ophalen dat er iets mist."
    ),
    "resident": "inwoner van 70 die voor het eerst in tien jaar een paspoort aanvraagt",
    "goal": "Op tijd een geldig paspoort voor de vakantie, zonder twee keer te hoeven komen.",
    "phases": [
        (
            "Oriënteren",
            [
                (
                    "Zoekt op de website wat er nodig is",
                    "website",
                    Feeling.NEUTRAL,
                    "Leest de pagina over paspoorten",
                    "Welke foto is goed genoeg?",
                    "De eisen aan de foto staan onderaan de pagina",
                    "Fotoeisen en wat mee moet als lijstje bovenaan",
                ),
                (
                    "Maakt een afspraak",
                    "website",
                    Feeling.POSITIVE,
                    "Kiest een tijd in de afsprakenmodule",
                    "Fijn, dat ging snel.",
                    "",
                    "Bevestiging met het lijstje van wat mee moet",
                ),
            ],
        ),
        (
            "Aanvragen",
            [
                (
                    "Meldt zich aan de balie",
                    "balie",
                    Feeling.NEUTRAL,
                    "Neemt een nummer en wacht",
                    "Ben ik op tijd?",
                    "",
                    "",
                ),
                (
                    "Hoort dat de foto niet goed is",
                    "balie",
                    Feeling.VERY_NEGATIVE,
                    "Moet een nieuwe foto laten maken en terugkomen",
                    "Had ik dat maar eerder geweten.",
                    "Afgewezen foto pas aan de balie ontdekt; tweede afspraak nodig",
                    "Fotoeisen in de bevestigingsmail; foto laten maken bij de balie",
                ),
            ],
        ),
        (
            "Wachten",
            [
                (
                    "Wacht op bericht dat het paspoort klaar is",
                    "telefoon",
                    Feeling.NEGATIVE,
                    "Belt na een week het KCC",
                    "Is het al klaar? Ik hoor niets.",
                    "Geen bericht wanneer het document klaar is",
                    "Sms of e-mail zodra het klaar ligt",
                ),
            ],
        ),
        (
            "Ophalen",
            [
                (
                    "Haalt het paspoort op",
                    "balie",
                    Feeling.POSITIVE,
                    "Haalt het op zonder afspraak",
                    "Eindelijk, op tijd voor de vakantie.",
                    "",
                    "",
                ),
            ],
        ),
    ],
    "actions": [
        ("Fotoeisen en lijstje ‘wat neemt u mee’ in de bevestigingsmail", "burgerzaken", 20),
        ("Sms of e-mail aan de inwoner zodra het document klaar ligt", "burgerzaken", 45),
        ("Webpagina reisdocumenten herschrijven op B1", "online", 60),
    ],
    "lessons": (
        "De inwoners in de sessie vertelden ons iets wat we niet zagen: de stress zat niet aan "
        "de balie, maar in het wachten zonder bericht. Eén sms zodra het document klaar ligt, "
        "scheelt veel telefoontjes bij het KCC.\n\n"
        "Laat een begeleider van buiten het team de sessie leiden: wij hadden zelf steeds de "
        "neiging om het proces uit te leggen in plaats van te luisteren.\n\n"
        "Tip voor andere teams: nodig inwoners uit die kort geleden bij u waren, en lees vooraf "
        "de open antwoorden van de meting."
    ),
}
RUNNING = {
    "team": "kcc",
    "services": ["terugbelverzoek"],
    "title": "Terugbellen: inwoners horen niet wanneer we terugbellen",
    "problem": (
        "Inwoners die om een terugbelverzoek vragen, weten niet wanneer ze gebeld worden. Ze "
        "bellen zelf opnieuw, en de afdeling krijgt het verzoek dan twee keer."
    ),
    "resident": "ondernemer die vraagt om teruggebeld te worden over een vergunning",
    "goal": "Weten wanneer de gemeente belt, zodat hij dan kan opnemen.",
    "phases": [
        (
            "Contact",
            [
                (
                    "Belt het KCC met een vraag",
                    "telefoon",
                    Feeling.NEUTRAL,
                    "Legt de vraag uit",
                    "Kan iemand mij nu helpen?",
                    "",
                    "",
                ),
                (
                    "Hoort dat hij wordt teruggebeld",
                    "telefoon",
                    Feeling.NEGATIVE,
                    "Geeft zijn nummer",
                    "Wanneer dan?",
                    "Geen tijdstip genoemd",
                    "Een tijdvak afspreken en per sms bevestigen",
                ),
            ],
        ),
    ],
    "actions": [
        ("Tijdvak afspreken bij elk terugbelverzoek", "kcc", 30, ActionStatus.RUNNING),
        ("Sms-bevestiging van het terugbelverzoek", "kcc", 60, ActionStatus.OPEN),
    ],
}


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=AMSTERDAM)


def _journey(track: Track, spec: dict, *, session_on: datetime.date, facilitator):
    journey = services.journey_save(
        track=track, resident=spec["resident"], goal=spec["goal"], session_on=session_on
    )
    channels = {channel.slug: channel for channel in Channel.objects.all()}
    for name, steps in spec["phases"]:
        phase = services.phase_add(journey=journey, name=name)
        for title, channel, feeling, does, thinks, pains, chances in steps:
            services.step_add(
                journey=journey,
                phase=phase,
                title=title,
                channel=channels.get(channel),
                does=does,
                thinks=thinks,
                feeling=feeling,
                pain_points=pains,
                opportunities=chances,
            )
    for description in ("inwoner, 70, vroeg in het voorjaar een paspoort aan",
                        "inwoner, 34, ID-kaart voor haar dochter"):  # fmt: skip
        services.participant_add(
            journey=journey, kind=ParticipantKind.RESIDENT, description=description
        )
    services.participant_add(
        journey=journey, kind=ParticipantKind.EMPLOYEE, description="baliemedewerker"
    )
    if facilitator is not None:
        services.participant_add(
            journey=journey, kind=ParticipantKind.FACILITATOR, user=facilitator
        )
    return journey


def _finished(today: datetime.date, manager, facilitator) -> Track | None:
    team = Team.objects.filter(slug=FINISHED["team"]).first()
    if team is None:
        return None
    # Before: the first half-year of the continuous survey (last year). After: the last whole
    # half-year before today, a year later when the demo is loaded in the second half-year.
    before = cell(datetime.date(today.year - 1, 1, 1), "half")
    after = cell(cell(today, "half").start - datetime.timedelta(days=1), "half")
    if after.start <= before.end:
        return None
    opened = before.end + datetime.timedelta(days=10)
    track = services.track_open(
        team=team,
        title=FINISHED["title"],
        problem=FINISHED["problem"],
        services=Service.objects.filter(slug__in=FINISHED["services"]).order_by("name"),
        opened_by=manager,
        period=before,
    )
    journey = _journey(
        track, FINISHED, session_on=opened + datetime.timedelta(days=21), facilitator=facilitator
    )
    services.checklist_set(journey=journey, done=MethodStep.objects.filter(active=True))
    teams = {t.slug: t for t in Team.objects.filter(slug__in={a[1] for a in FINISHED["actions"]})}
    for title, owner, days in FINISHED["actions"]:
        action = services.action_create(
            team=teams.get(owner, team), title=title, due=today, track=track
        )
        due = opened + datetime.timedelta(days=30 + days)
        Action.objects.filter(pk=action.pk).update(
            due=due,
            created_at=_at(opened + datetime.timedelta(days=28)),
            status=ActionStatus.DONE,
            done_at=_at(due - datetime.timedelta(days=3)),
        )
    services.track_evaluate(track=track, period_code=after.code)
    services.track_close(track=track, lessons=FINISHED["lessons"], closed_by=manager)
    closed = min(after.end + datetime.timedelta(days=16), today - datetime.timedelta(days=1))
    Track.objects.filter(pk=track.pk).update(
        opened_at=_at(opened), evaluated_at=_at(closed - datetime.timedelta(days=2)),
        closed_at=_at(closed, 15),
    )  # fmt: skip
    return track


def _running(today: datetime.date, manager, facilitator) -> Track | None:
    team = Team.objects.filter(slug=RUNNING["team"]).first()
    if team is None:
        return None
    track = services.track_open(
        team=team,
        title=RUNNING["title"],
        problem=RUNNING["problem"],
        services=Service.objects.filter(slug__in=RUNNING["services"]),
        opened_by=manager,
    )
    opened = today - datetime.timedelta(days=24)
    _journey(track, RUNNING, session_on=today - datetime.timedelta(days=10), facilitator=None)
    for title, _owner, days, status in RUNNING["actions"]:
        action = services.action_create(
            team=team, title=title, due=today + datetime.timedelta(days=days), track=track
        )
        services.action_set_status(action=action, status=status)
        Action.objects.filter(pk=action.pk).update(
            created_at=_at(today - datetime.timedelta(days=7))
        )
    Track.objects.filter(pk=track.pk).update(opened_at=_at(opened))
    return track


def generate(
    *, rng: random.Random, scale: float, now: datetime.datetime | None = None
) -> dict[str, int]:
    """Build the demo tracks as they are at ``now``; returns counts for the summary."""
    today = timezone.localdate(now or timezone.now())
    Track.objects.filter(title__in=[FINISHED["title"], RUNNING["title"]]).delete()
    users = get_user_model().objects.filter(username__in=["teammanager", "coordinator"])
    by_name = {user.username: user for user in users}
    manager, facilitator = by_name.get("teammanager"), by_name.get("coordinator")
    made = [_finished(today, manager, facilitator), _running(today, manager, facilitator)]
    return {"verbetertrajecten": sum(1 for track in made if track is not None)}
