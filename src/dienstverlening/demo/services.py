"""Builds the demo organisation from ``content.py``.

Everything is placed relative to the moment the demo is loaded (``now``): the baseline two
years back, a closed and an open continuous survey, norms and focus periods around it, open work
that is days or weeks old. Loaded on any day, the organisation looks like it does on that day.

Safe to run twice: it updates, never duplicates. Deterministic from its seed for a given day.

Only this module ever creates the demo log-ins (password ``demo``).
"""

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from dienstverlening.framework.models import CoreValue, FocusPeriod, Norm, Statement, WorkAgreement
from dienstverlening.organisation.models import Channel, Domain, Municipality, Service, Team

from . import content
from . import handling as handling_demo
from . import improvement_alerts as alerts_demo
from . import improvement_plans as improvement_plans_demo
from . import improvement_signals as improvement_signals_demo
from . import reports as reports_demo
from . import surveys as surveys_demo
from .improvement_tracks import generate as improvement_tracks_generate

GENERATORS = [surveys_demo.generate, handling_demo.generate]
GENERATORS.append(improvement_plans_demo.generate)  # team plans, implementation plan status
# The improvement cycle reads the measurements above, so it comes after them.
GENERATORS.append(improvement_tracks_generate)
GENERATORS += [improvement_signals_demo.generate]  # after handling: signals join its register
GENERATORS += [alerts_demo.generate]
# The reports read the figures and the improvement cycle above, so they come last.
GENERATORS += [reports_demo.generate]

DEMO_PASSWORD = "demo"


@dataclass
class DemoReport:
    counts: dict[str, int] = field(default_factory=dict)
    users: list[tuple[str, str]] = field(default_factory=list)


def _date(text: str, today: datetime.date) -> datetime.date:
    """A date of ``content``, moved by whole years from its reference year to ``today``'s."""
    day = datetime.date.fromisoformat(text)
    year = day.year + today.year - content.REFERENCE_YEAR
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a year without it
        return day.replace(year=year, day=28)


def demo_load(
    *, seed: int = 2026, scale: float = 1.0, now: datetime.datetime | None = None
) -> DemoReport:
    """Load (or refresh) the demo organisation as it looks at ``now`` (default: this moment).

    ``seed`` and ``scale`` drive generated volumes.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    report = DemoReport()
    extra: dict[str, int] = {}
    # All or nothing: a load that fails leaves the database as it was. The generators call the
    # ``_nested`` twins of the services, which run inside this transaction.
    with transaction.atomic(durable=True):
        _load_organisation()
        _load_framework(today=today)
        report.users = _load_users()
        # Each generator gets its own random stream, so adding one never changes another's data.
        for offset, generator in enumerate(GENERATORS, start=1):
            extra.update(generator(rng=random.Random(seed * 1000 + offset), scale=scale, now=now))
    report.counts = {
        "gemeenten": Municipality.objects.count(),
        "domeinen": Domain.objects.count(),
        "teams": Team.objects.count(),
        "diensten": Service.objects.count(),
        "normen": Norm.objects.count(),
        "werkafspraken": WorkAgreement.objects.count(),
        **extra,
    }
    return report


def _load_organisation() -> None:
    for item in content.MUNICIPALITIES:
        Municipality.objects.update_or_create(slug=item["slug"], defaults=item)
    for item in content.CHANNELS:
        Channel.objects.update_or_create(slug=item["slug"], defaults=item)
    domains = {}
    for item in content.DOMAINS:
        domains[item["slug"]], _ = Domain.objects.update_or_create(slug=item["slug"], defaults=item)
    for item in content.TEAMS:
        Team.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "domain": domains[item["domain"]],
                "description": item["description"],
                "core_tasks": "\n".join(item["core_tasks"]),
                "mailbox": item["mailbox"],
                "phone": item["phone"],
            },
        )
    teams = {team.slug: team for team in Team.objects.all()}
    municipalities = {m.slug: m for m in Municipality.objects.all()}
    channels = {c.slug: c for c in Channel.objects.all()}
    for item in content.SERVICES:
        service, _ = Service.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "team": teams[item["team"]],
                "description": item["description"],
                "keywords": ", ".join(item["keywords"]),
                "process_url": item["process_url"],
            },
        )
        service.municipalities.set([municipalities[s] for s in item["municipalities"]])
        service.channels.set([channels[s] for s in item["channels"]])


def _scope(item: dict) -> dict:
    return {
        "level": item["level"],
        "team": Team.objects.get(slug=item["team"]) if item.get("team") else None,
        "service": Service.objects.get(slug=item["service"]) if item.get("service") else None,
    }


def _load_framework(*, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    values = {}
    for item in content.VALUES:
        values[item["slug"]], _ = CoreValue.objects.update_or_create(
            slug=item["slug"], defaults=item
        )
    for order, item in enumerate(content.STATEMENTS, start=1):
        Statement.objects.update_or_create(
            value=values[item["value"]],
            order=order,
            defaults={"text": item["text"], "explanation": item["explanation"]},
        )
    for starts_on, ends_on, value, note in focus_periods(today=today):
        FocusPeriod.objects.update_or_create(
            starts_on=starts_on,
            defaults={"value": values[value], "ends_on": ends_on, "note": note},
        )
    for item in sorted([*content.NORMS, *content.NORM_HISTORY], key=lambda n: n["valid_from"]):
        # Keyed by its title, not its date: loaded in another year the dates move, the norm
        # stays the same record.
        Norm.objects.update_or_create(
            **_scope(item),
            subject=item["subject"],
            title=item["title"],
            defaults={
                "valid_from": _date(item["valid_from"], today),
                "valid_until": None,
                "target_value": item["target_value"],
                "unit": item["unit"],
                "target_share": item["target_share"],
            },
        )
    _chain_norm_versions()
    for order, item in enumerate(content.AGREEMENTS, start=1):
        WorkAgreement.objects.update_or_create(
            **_scope(item),
            text=item["text"],
            defaults={"value": values.get(item.get("value") or ""), "order": order},
        )


def focus_periods(*, today: datetime.date) -> list[tuple[datetime.date, datetime.date, str, str]]:
    """The half-years from January last year up to the one after ``today``'s.

    The values take turns in a fixed order counted from ``FOCUS_ROTATION``, so a half-year gets
    the same value whichever day the demo is loaded.
    """
    first_year, first_half = content.FOCUS_ROTATION["first_half_year"]
    order = content.FOCUS_ROTATION["values"]
    origin = first_year * 2 + first_half - 1
    current = today.year * 2 + (0 if today.month <= 6 else 1)
    periods = []
    for index in range((today.year - 1) * 2, current + 2):
        year, half = divmod(index, 2)
        step = index - origin
        value = order[step % len(order)]
        notes = content.FOCUS_NOTES[value]
        starts_on = datetime.date(year, 7 if half else 1, 1)
        ends_on = datetime.date(year, 12, 31) if half else datetime.date(year, 6, 30)
        periods.append((starts_on, ends_on, value, notes[(step // len(order)) % len(notes)]))
    return periods


def _chain_norm_versions() -> None:
    """Where a norm got a new version, end the older one the day before and link them."""
    previous = None
    for norm in Norm.objects.order_by("level", "team_id", "service_id", "subject", "valid_from"):
        key = (norm.level, norm.team_id, norm.service_id, norm.subject)
        if previous is not None and previous[0] == key:
            older = previous[1]
            older.valid_until = norm.valid_from - datetime.timedelta(days=1)
            older.save(update_fields=["valid_until"])
            if norm.previous_id != older.pk:
                norm.previous = older
                norm.save(update_fields=["previous"])
        previous = (key, norm)


def _load_users() -> list[tuple[str, str]]:
    user_model = get_user_model()
    created = []
    for item in content.USERS:
        user, _ = user_model.objects.update_or_create(
            username=item["username"],
            defaults={
                "first_name": item["first_name"],
                "last_name": item["last_name"],
                "role": item["role"],
                "is_active": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        if item["manages"]:
            user.managed_teams.set(Team.objects.filter(slug__in=item["manages"]))
        created.append((user.username, user.get_role_display()))
    return created
