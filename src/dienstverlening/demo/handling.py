"""Demo handling data: two years of call-backs, e-mails, applications and more.

About 300,000 items at scale 1: a weekly rhythm (busy Mondays, quiet Fridays), nothing on
weekends, holidays and closing days, a summer dip, the tax-season peak at Belastingen, and a few
teams that struggle (Vergunningen's e-mail, Wmo decisions, Belastingen in spring). Written in
bulk through ``handling.services.items_upsert`` so the roll-ups are filled in the same way as
for a real import.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from dienstverlening.core.tabular import AMSTERDAM

SOURCE = "demo"
TOTAL_PER_DAY = 600  # at scale 1, over all streams, per working day


@dataclass(frozen=True)
class Stream:
    team: str
    kind: str
    share: float  # of the daily volume
    service: str | None = None
    channels: tuple[str, ...] = ("e-mail",)
    norm_days: int = 1  # typical term in working days (weeks converted roughly)
    on_time: float = 0.92  # share handled within the term


STREAMS = [
    Stream("kcc", "callback", 0.20, "terugbelverzoek", ("telefoon",), 1, 0.88),
    Stream("burgerzaken", "callback", 0.03, None, ("telefoon",), 1, 0.93),
    Stream("wmo", "callback", 0.02, None, ("telefoon",), 1, 0.80),
    Stream("kcc", "email", 0.10, None, ("e-mail",), 2, 0.93),
    Stream("burgerzaken", "email", 0.06, None, ("e-mail",), 2, 0.94),
    Stream("belastingen", "email", 0.07, None, ("e-mail",), 1, 0.85),
    Stream("vergunningen", "email", 0.05, None, ("e-mail",), 2, 0.70),
    Stream("afval", "email", 0.04, None, ("e-mail",), 1, 0.91),
    Stream("parkeren", "email", 0.03, None, ("e-mail",), 2, 0.95),
    Stream("wmo", "email", 0.03, None, ("e-mail",), 2, 0.86),
    Stream("werk-en-inkomen", "email", 0.03, None, ("e-mail",), 2, 0.90),
    Stream("online", "email", 0.02, None, ("sociale-media", "chat"), 1, 0.90),
    Stream("burgerzaken", "application", 0.08, "paspoort-aanvragen", ("balie",), 5, 0.97),
    Stream("burgerzaken", "application", 0.05, "verhuizing-doorgeven", ("website",), 5, 0.96),
    Stream("burgerzaken", "application", 0.03, "uittreksel-brp", ("website", "balie"), 1, 0.95),
    Stream("parkeren", "application", 0.02, "parkeervergunning-bewoners", ("website",), 10, 0.9),
    Stream(
        "vergunningen", "application", 0.02, "omgevingsvergunning-bouwen", ("website",), 40, 0.8
    ),
    Stream("vergunningen", "application", 0.01, "kapvergunning", ("website",), 40, 0.9),
    Stream("wmo", "application", 0.02, "wmo-huishoudelijke-hulp", ("telefoon",), 40, 0.72),
    Stream("werk-en-inkomen", "application", 0.02, "bijstandsuitkering", ("website",), 40, 0.93),
    Stream("openbare-ruimte", "report", 0.06, "melding-openbare-ruimte", ("website",), 5, 0.85),
    Stream("juridische-zaken", "complaint", 0.01, "klacht-indienen", ("website", "post"), 30, 0.9),
    Stream("juridische-zaken", "objection", 0.01, "bezwaar-maken", ("post", "website"), 60, 0.85),
    Stream("werk-en-inkomen", "letter", 0.02, None, ("post",), 15, 0.9),
]
WEEKDAY = [1.3, 1.1, 1.0, 1.0, 0.7]


def _season(stream: Stream, day: datetime.date) -> float:
    factor = 0.75 if day.month in (7, 8) else 1.0
    if day.month == 12 and day.day > 20:
        factor *= 0.6
    if stream.team == "belastingen" and day.month in (2, 3):
        factor *= 2.2  # the tax assessments land in February
    return factor


def _struggle(stream: Stream, day: datetime.date) -> float:
    """Share on time for this stream on this day: some teams have hard periods."""
    share = stream.on_time
    if stream.team == "belastingen" and day.month in (2, 3, 4):
        share -= 0.25
    if stream.team == "vergunningen" and day.year == timezone.localdate().year:
        share -= 0.1
    return max(share, 0.3)


def generate(*, rng: random.Random, scale: float) -> dict[str, int]:
    """Build the demo handling items; returns counts for the summary printed by ``demo``."""
    from dienstverlening.handling.due import Calendars
    from dienstverlening.handling.models import ClosingDay, HandlingItem
    from dienstverlening.handling.services import Context, ItemInput, items_delete, items_upsert
    from dienstverlening.organisation.models import Channel, Municipality, Service, Team

    teams = {t.slug: t.pk for t in Team.objects.all()}
    services = {s.slug: s.pk for s in Service.objects.all()}
    channels = {c.slug: c.pk for c in Channel.objects.all()}
    municipalities = {m.slug: m.pk for m in Municipality.objects.all()}
    if not teams or "woerden" not in municipalities:
        return {}
    streams = [
        s for s in STREAMS if s.team in teams and (s.service is None or s.service in services)
    ]
    today = timezone.localdate()
    start = today - datetime.timedelta(days=730)
    with transaction.atomic():
        # Oudewater's town hall closes between Christmas and New Year.
        if "oudewater" in municipalities:
            for year in range(start.year, today.year + 1):
                for number in (28, 29, 30):
                    date = datetime.date(year, 12, number)
                    if date.weekday() < 5:
                        ClosingDay.objects.get_or_create(
                            municipality_id=municipalities["oudewater"],
                            date=date,
                            defaults={"reason": "Tussen kerst en oud en nieuw"},
                        )
        old = HandlingItem.objects.filter(source=SOURCE)
        if old.exists():
            items_delete(queryset=old)
        calendars = Calendars()
        woerden, oudewater = municipalities["woerden"], municipalities.get("oudewater")
        now = timezone.now()
        rows: list[ItemInput] = []
        number = 0
        day = start
        while day <= today:
            if calendars.for_municipality(woerden).calendar.is_working_day(day):
                for stream in streams:
                    expected = TOTAL_PER_DAY * scale * stream.share
                    expected *= WEEKDAY[day.weekday()] * _season(stream, day)
                    count = int(expected) + (1 if rng.random() < expected % 1 else 0)
                    on_time_share = _struggle(stream, day)
                    for _n in range(count):
                        number += 1
                        municipality = oudewater if oudewater and rng.random() < 0.16 else woerden
                        received = datetime.datetime.combine(
                            day,
                            datetime.time(rng.randint(8, 16), rng.randint(0, 59)),
                            tzinfo=AMSTERDAM,
                        )
                        if rng.random() < on_time_share:
                            lead = rng.randint(0, max(stream.norm_days - 1, 0))
                        else:
                            lead = stream.norm_days + 1 + int(rng.expovariate(0.3))
                        closed_day = calendars.for_municipality(municipality).add(day, lead)
                        closed = datetime.datetime.combine(
                            closed_day,
                            datetime.time(rng.randint(8, 16), rng.randint(0, 59)),
                            tzinfo=AMSTERDAM,
                        )
                        # A few items are forgotten: the backlog the advice worries about.
                        forgotten = rng.random() < (0.004 if on_time_share < 0.85 else 0.0005)
                        if closed < received:
                            closed = received + datetime.timedelta(minutes=rng.randint(5, 120))
                        rows.append(
                            ItemInput(
                                kind=stream.kind,
                                source=SOURCE,
                                source_id=f"D{number:07d}",
                                municipality_id=municipality,
                                team_id=teams[stream.team],
                                service_id=services.get(stream.service) if stream.service else None,
                                channel_id=channels.get(rng.choice(stream.channels)),
                                received_at=received,
                                closed_at=None if forgotten or closed > now else closed,
                            )
                        )
            day += datetime.timedelta(days=1)
        result = items_upsert(items=rows, context=Context())
    open_count = HandlingItem.objects.filter(source=SOURCE, closed_at__isnull=True).count()
    return {"afhandelitems": result.created + result.updated, "waarvan open": open_count}
