"""Demo handling data: two years of call-backs, e-mails, applications and more, up to the moment
the demo is loaded.

About 300,000 items at scale 1: a weekly rhythm (busy Mondays, quiet Fridays), nothing on
weekends, holidays and local closing days, a summer dip, the tax-season peak at Belastingen, and
a few teams that struggle (Vergunningen's e-mail, Wmo decisions, Belastingen in spring). Written
in bulk through ``handling.services.items_upsert`` so the roll-ups are filled in the same way as
for a real import.

Each item comes from the system that would deliver it: call-backs from the KCC system, e-mails
from the team mailboxes (or the webcare tool for social media and chat), applications,
complaints and objections from the case system, reports from the reporting system and letters
from the post registration. The demo sets up those import sources (with the column names of
their exports) and the team mailboxes. It has no mail server, so the mailboxes point to a host
that does not exist and the mailbox page says why they cannot be read.

What is still open is what a real organisation has open on that day: the work of the last days
and weeks, some of it late, a few applications waiting for the resident's documents. Nothing is
left open for months.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.utils import timezone

from dienstverlening.core.localtime import AMSTERDAM

from . import content

TOTAL_PER_DAY = 600  # at scale 1, over all streams, per working day
# The source system of each kind; e-mails come from a team mailbox unless ``Stream.source`` says.
SOURCES = {
    "callback": "kcc",
    "application": "zaaksysteem",
    "complaint": "zaaksysteem",
    "objection": "zaaksysteem",
    "report": "meldingen",
    "letter": "postregistratie",
}
# How each source numbers its items (per year).
NUMBERS = {
    "kcc": "TB-{year}-{number:06d}",
    "zaaksysteem": "Z-{year}-{number:06d}",
    "meldingen": "M-{year}-{number:05d}",
    "postregistratie": "P{year}-{number:06d}",
    "webcare": "WC-{year}-{number:06d}",
}
LEGACY_SOURCE = "demo"  # what earlier versions of the demo wrote; removed on a reload
# Applications that may wait for the resident's documents (Awb: the clock stops).
SUSPENDABLE_SERVICES = (
    "omgevingsvergunning-bouwen",
    "kapvergunning",
    "wmo-huishoudelijke-hulp",
    "bijstandsuitkering",
)
SUSPENDED_AT_SCALE_1 = 12


@dataclass(frozen=True)
class Stream:
    team: str
    kind: str
    share: float  # of the daily volume
    service: str | None = None
    channels: tuple[str, ...] = ("e-mail",)
    norm_days: int = 1  # typical term in working days (weeks converted roughly)
    on_time: float = 0.92  # share handled within the term
    source: str | None = None  # None: by kind, or the team's mailbox for e-mail


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
    Stream("online", "email", 0.02, None, ("sociale-media", "chat"), 1, 0.90, "webcare"),
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


def _struggle(stream: Stream, day: datetime.date, today: datetime.date) -> float:
    """Share on time for this stream on this day: some teams have hard periods."""
    share = stream.on_time
    if stream.team == "belastingen" and day.month in (2, 3, 4):
        share -= 0.25
    if stream.team == "vergunningen" and day.year == today.year:
        share -= 0.1
    return max(share, 0.3)


def _lead(rng: random.Random, stream: Stream, on_time_share: float) -> int:
    """Working days from receipt to closing."""
    # A few items are forgotten and found again weeks later: the backlog the advice worries
    # about. Received recently, they are still open on the day the demo is loaded.
    if rng.random() < (0.004 if on_time_share < 0.85 else 0.0005):
        return stream.norm_days + rng.randint(8, 15)
    if rng.random() < on_time_share:
        return rng.randint(0, max(stream.norm_days - 1, 0))
    late = min(int(rng.expovariate(0.3)), max(10, stream.norm_days))
    return stream.norm_days + 1 + late


def intake_setup(*, now: datetime.datetime) -> dict[str, dict]:
    """The import sources and team mailboxes of the demo. Returns the mailboxes by team and
    municipality slug."""
    from dienstverlening.handling.models import ImportSource, Mailbox, MailSecurity
    from dienstverlening.organisation.models import Municipality, Team

    teams = {t.slug: t for t in Team.objects.all()}
    municipalities = {m.slug: m for m in Municipality.objects.all()}
    for item in content.IMPORT_SOURCES:
        ImportSource.objects.update_or_create(
            name=item["name"],
            defaults={
                "description": item["description"],
                "default_kind": item["default_kind"],
                "default_municipality": municipalities.get(item["default_municipality"] or ""),
                "default_team": teams.get(item["default_team"] or ""),
                "mapping": item["mapping"],
            },
        )
    boxes: dict[str, dict] = {}
    for item in content.MAILBOXES:
        team = teams.get(item["team"])
        municipality = municipalities.get(item["municipality"])
        if team is None or municipality is None:
            continue
        mailbox, _ = Mailbox.objects.update_or_create(
            name=item["name"],
            defaults={
                "team": team,
                "municipality": municipality,
                "host": content.MAILBOX_HOST,
                "port": 993,
                "security": MailSecurity.SSL,
                "username": item["name"],
                "password_env": content.MAILBOX_PASSWORD_ENV,
                "folders": "INBOX",
                "sent_folder": "Verzonden items",
                "done_folders": "Afgehandeld",
                "active": True,
                "last_synced_at": None,
                "last_error": content.MAILBOX_ERROR.format(host=content.MAILBOX_HOST),
                "last_error_at": now,
            },
        )
        boxes.setdefault(team.slug, {})[municipality.slug] = mailbox
    return boxes


def generate(
    *, rng: random.Random, scale: float, now: datetime.datetime | None = None
) -> dict[str, int]:
    """Build the demo handling items as they stand at ``now``; returns counts for the summary."""
    from dienstverlening.handling.due import Calendars
    from dienstverlening.handling.mailsync import message_hash
    from dienstverlening.handling.models import ClosingDay, HandlingItem
    from dienstverlening.handling.services import (
        Context,
        ItemInput,
        items_delete_nested,
        items_upsert_nested,
    )
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
    now = now or timezone.now()
    today = timezone.localdate(now)
    start = today - datetime.timedelta(days=730)
    # Inside the demo's one transaction (``demo_load``): the services' ``_nested`` twins.
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
    mailboxes = intake_setup(now=now)
    sources = {*SOURCES.values(), *NUMBERS, LEGACY_SOURCE}
    sources |= {box.source for boxes in mailboxes.values() for box in boxes.values()}
    old = HandlingItem.objects.filter(source__in=sources)
    if old.exists():
        items_delete_nested(queryset=old)
    calendars = Calendars()
    woerden, oudewater = municipalities["woerden"], municipalities.get("oudewater")
    rows: list[ItemInput] = []
    counters: dict[tuple[str, int], int] = {}
    number = 0
    day = start
    while day <= today:
        if calendars.for_municipality(woerden).is_working_day(day):
            oudewater_open = oudewater is not None and (
                calendars.for_municipality(oudewater).is_working_day(day)
            )
            for stream in streams:
                expected = TOTAL_PER_DAY * scale * stream.share
                expected *= WEEKDAY[day.weekday()] * _season(stream, day)
                count = int(expected) + (1 if rng.random() < expected % 1 else 0)
                on_time_share = _struggle(stream, day, today)
                for _n in range(count):
                    number += 1
                    in_oudewater = rng.random() < 0.16
                    municipality = oudewater if in_oudewater and oudewater_open else woerden
                    received = datetime.datetime.combine(
                        day,
                        datetime.time(rng.randint(8, 16), rng.randint(0, 59)),
                        tzinfo=AMSTERDAM,
                    )
                    lead = _lead(rng, stream, on_time_share)
                    if received >= now:
                        continue  # not yet arrived when the demo is loaded
                    source = stream.source or SOURCES.get(stream.kind)
                    if source is None:  # e-mail: the team's mailbox
                        team_boxes = mailboxes.get(stream.team, {})
                        mailbox = team_boxes.get(
                            "oudewater" if municipality == oudewater else "woerden"
                        ) or next(iter(team_boxes.values()), None)
                        if mailbox is None:
                            continue
                        source, municipality = mailbox.source, mailbox.municipality_id
                        source_id = message_hash(f"<{number}.{day:%Y%m%d}@mail.demo.invalid>")
                    else:
                        key = (source, day.year)
                        counters[key] = counters.get(key, 0) + 1
                        source_id = NUMBERS[source].format(year=day.year, number=counters[key])
                    if lead == 0:  # handled the same day: within a few hours
                        closed = received + datetime.timedelta(minutes=rng.randint(10, 240))
                    else:
                        calendar = calendars.for_municipality(municipality)
                        closed = datetime.datetime.combine(
                            calendar.add_working_days(day, lead),
                            datetime.time(rng.randint(8, 16), rng.randint(0, 59)),
                            tzinfo=AMSTERDAM,
                        )
                    rows.append(
                        ItemInput(
                            kind=stream.kind,
                            source=source,
                            source_id=source_id,
                            municipality_id=municipality,
                            team_id=teams[stream.team],
                            service_id=services.get(stream.service) if stream.service else None,
                            channel_id=channels.get(rng.choice(stream.channels)),
                            received_at=received,
                            closed_at=None if closed > now else closed,
                        )
                    )
        day += datetime.timedelta(days=1)
    result = items_upsert_nested(items=rows, context=Context(), keep=False, progress=None)
    suspended = _suspend_some(rng=rng, scale=scale, today=today)
    open_count = HandlingItem.objects.filter(source__in=sources, closed_at__isnull=True).count()
    return {
        "afhandelitems": result.created + result.updated,
        "waarvan open": open_count,
        "opgeschort": suspended,
    }


def _suspend_some(*, rng: random.Random, scale: float, today: datetime.date) -> int:
    """A few open applications wait for the resident's documents: their clock has stopped."""
    from dienstverlening.handling.models import HandlingItem, ItemKind, ItemStatus
    from dienstverlening.handling.services import item_suspend_nested

    candidates = list(
        HandlingItem.objects.filter(
            source=SOURCES["application"],
            kind=ItemKind.APPLICATION,
            status=ItemStatus.OPEN,
            service__slug__in=SUSPENDABLE_SERVICES,
            received_on__lte=today - datetime.timedelta(days=14),
        ).order_by("source_id")
    )
    wanted = min(len(candidates), max(1, round(SUSPENDED_AT_SCALE_1 * scale)))
    for item in rng.sample(candidates, wanted):
        # The request for documents went out a week or two after receipt.
        starts_on = min(item.received_on + datetime.timedelta(days=rng.randint(7, 14)), today)
        item_suspend_nested(item=item, starts_on=starts_on)
    return wanted
