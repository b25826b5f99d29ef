"""Demo signals (advice 6): what colleagues passed on in the last weeks, in every state.

Written through the signal services, so each signal has its history, its item in the handling
register (kind "signaal", counted against the organisation's norm of 5 working days from
``content.NORMS``) and its mails: with ``make demo`` those land as files in ``var/mail/``
(``EMAIL_BACKEND`` filebased, see ``docs/operations.md``).

A reload removes the demo's signals (and the tracks they started) and writes them again, so
their references (SIG-jjjj-nnnnn) come out the same.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.utils import timezone

from dienstverlening.core.localtime import AMSTERDAM

# The demo log-ins that pass signals on and answer them get an address, so the answer mails
# show up in the mail folder too.
ADDRESSES = {"medewerker": "sanne.devries@woerden.nl", "teammanager": "marco.jansen@woerden.nl"}


@dataclass(frozen=True)
class DemoSignal:
    service: str
    channel: str | None
    municipality: str
    origin: str
    sender: str
    days_ago: int  # working days before the demo's day
    description: str
    steps: tuple[tuple, ...] = ()  # ("take"|"answer"|"pass"|"track", who, days_ago, text, team)


# fmt: off
SIGNALS = [
    DemoSignal(
        "paspoort-aanvragen", "balie", "woerden", "resident", "medewerker", 1,
        "Een inwoner kwam voor haar paspoort, maar haar pasfoto was ouder dan zes maanden. Dat "
        "stond niet in de bevestiging van de afspraak. Ze moest een nieuwe afspraak maken.",
    ),
    DemoSignal(
        "afspraak-maken", "website", "oudewater", "own", "medewerker", 3,
        "Op de afsprakenpagina kun je voor Oudewater geen dag kiezen: de kalender blijft leeg "
        "op een telefoon. Op de computer werkt het wel.",
    ),
    DemoSignal(
        "verhuizing-doorgeven", "website", "woerden", "colleague", "medewerker", 6,
        "Een collega van het KCC hoort vaak dat inwoners na het doorgeven van een verhuizing "
        "niet weten of het gelukt is. Ze krijgen geen bevestiging.",
        (("take", "teammanager", 5, "", None),),
    ),
    DemoSignal(
        "rijbewijs-aanvragen", "telefoon", "woerden", "resident", "medewerker", 12,
        "Een inwoner belde drie keer om te vragen of zijn rijbewijs klaar lag. Hij had geen "
        "bericht gekregen.",
        (
            ("take", "teammanager", 11, "", None),
            (
                "answer", "teammanager", 9,
                "Dank voor het doorgeven. Inwoners krijgen voortaan een sms zodra hun rijbewijs "
                "klaarligt. Dat staat sinds deze week aan.",
                None,
            ),
        ),
    ),
    DemoSignal(
        "bezoekersparkeren", "website", "woerden", "resident", "medewerker", 15,
        "Een inwoner snapte niet hoeveel bezoekersuren ze nog had. Het saldo staat nergens "
        "op de pagina.",
        (
            (
                "answer", "coordinator", 10,
                "Het saldo staat nu bovenaan de pagina van bezoekersparkeren. Bedankt!",
                None,
            ),
        ),
    ),
    DemoSignal(
        "uittreksel-brp", "post", "oudewater", "resident", "medewerker", 4,
        "Een inwoner kreeg een brief over de aanslag afvalstoffenheffing met een fout "
        "adres. Hij vroeg zich af of zijn adres in de basisregistratie wel klopt.",
        (
            (
                "pass", "teammanager", 2,
                "Het adres in de basisregistratie klopt. De fout zit in het adres op de aanslag: "
                "dat is voor Belastingen.",
                "belastingen",
            ),
        ),
    ),
    DemoSignal(
        "paspoort-aanvragen", "telefoon", "woerden", "colleague", "medewerker", 8,
        "Collega's aan de telefoon krijgen elke week vragen over de pasfoto-eisen en over "
        "wat je mee moet nemen. De informatie op de website en in de bevestiging verschilt.",
        (("track", "teammanager", 6, "", None),),
    ),
]
# fmt: on


def _moment(calendar, today: datetime.date, days_ago: int, rng: random.Random):
    """A moment during office hours ``days_ago`` working days before ``today``."""
    day = today
    counted = 0
    while counted < days_ago:
        day -= datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            counted += 1
    time = datetime.time(rng.randint(8, 15), rng.choice((0, 10, 20, 30, 40, 50)))
    return datetime.datetime.combine(day, time, tzinfo=AMSTERDAM)


def _clear() -> None:
    from dienstverlening.handling.models import HandlingItem
    from dienstverlening.handling.services import items_delete_nested
    from dienstverlening.improvement.models import SIGNAL_SOURCE, Signal, Track

    tracks = list(
        Signal.objects.filter(track__isnull=False).values_list("track_id", flat=True).distinct()
    )
    Signal.objects.all().delete()
    Track.objects.filter(pk__in=tracks).delete()
    old = HandlingItem.objects.filter(source=SIGNAL_SOURCE)
    if old.exists():
        items_delete_nested(queryset=old)


def generate(
    *, rng: random.Random, scale: float, now: datetime.datetime | None = None
) -> dict[str, int]:
    """The demo signals as they stand at ``now``; returns counts for the summary."""
    from django.contrib.auth import get_user_model

    from dienstverlening.handling.due import Calendars
    from dienstverlening.improvement import services
    from dienstverlening.improvement.models import Signal
    from dienstverlening.organisation.models import Channel, Municipality, Service, Team

    names = ["medewerker", "teammanager", "coordinator"]
    users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    services_by_slug = {s.slug: s for s in Service.objects.all()}
    if "medewerker" not in users or not services_by_slug:
        return {}
    for username, address in ADDRESSES.items():
        user = users.get(username)
        if user is not None and not user.email:
            user.email = address
            user.save(update_fields=["email"])
    _clear()
    channels = {c.slug: c.pk for c in Channel.objects.all()}
    municipalities = {m.slug: m.pk for m in Municipality.objects.all()}
    teams = {t.slug: t for t in Team.objects.all()}
    now = now or timezone.now()
    today = timezone.localdate(now)
    calendars = Calendars()
    for item in sorted(SIGNALS, key=lambda s: -s.days_ago):
        service = services_by_slug.get(item.service)
        if service is None or item.municipality not in municipalities:
            continue
        # Working days of the municipality it is about: nothing lands on its closing days.
        calendar = calendars.for_municipality(municipalities[item.municipality])
        signal = services.signal_submit(
            sender=users[item.sender],
            service_id=service.pk,
            municipality_id=municipalities[item.municipality],
            channel_id=channels.get(item.channel) if item.channel else None,
            origin=item.origin,
            description=item.description,
            at=min(_moment(calendar, today, item.days_ago, rng), now),
            nested=True,
        )
        for action, who, days_ago, text, team in item.steps:
            at = min(_moment(calendar, today, days_ago, rng), now)
            by = users.get(who)
            if action == "take":
                services.signal_take(signal=signal, by=by, at=at, nested=True)
            elif action == "answer":
                services.signal_answer(signal=signal, by=by, answer=text, at=at, nested=True)
            elif action == "pass":
                services.signal_pass_on(
                    signal=signal, by=by, team=teams[team], reason=text, at=at, nested=True
                )
            elif action == "track":
                services.signal_start_track(signal=signal, by=by, at=at, nested=True)
            signal.refresh_from_db()
    return {"signalen": Signal.objects.count()}
