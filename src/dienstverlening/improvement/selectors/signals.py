"""Reading signals: the sender's own, a team's list, one signal's history."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from dienstverlening.organisation.models import Service, Team
from dienstverlening.organisation.selectors import directory_search

from ..models import Signal, SignalEvent, SignalStatus

OPEN_STATUSES = (SignalStatus.NEW, SignalStatus.IN_PROGRESS)


def _listed() -> QuerySet[Signal]:
    return Signal.objects.select_related("service", "team", "channel")


def signals_sent_by(user) -> QuerySet[Signal]:
    """What ``user`` passed on, newest first ("Mijn signalen")."""
    return _listed().filter(sender=user)


def signals_of_team(team: Team, *, status: str = "open") -> QuerySet[Signal]:
    """A team's signals: ``open`` (new and in progress, oldest first), ``done`` or ``all``."""
    signals = _listed().select_related("sender").filter(team=team)
    if status == "open":
        return signals.filter(status__in=OPEN_STATUSES).order_by("submitted_at", "pk")
    if status in SignalStatus.values:
        return signals.filter(status=status)
    return signals


def open_signal_counts(teams: QuerySet[Team]) -> list[Team]:
    """``teams`` with ``new`` and ``in_progress`` counted on each, one query."""
    return list(
        teams.annotate(
            new=Count("signals", filter=Q(signals__status=SignalStatus.NEW)),
            in_progress=Count("signals", filter=Q(signals__status=SignalStatus.IN_PROGRESS)),
        )
    )


def signal_history(signal: Signal) -> QuerySet[SignalEvent]:
    """Every step of ``signal``, oldest first, with who did it and between which teams."""
    return signal.events.select_related("by", "from_team", "to_team")


def signal_service_choices(query: str, *, chosen_id: int | None = None) -> list[Service]:
    """The services to choose from for a new signal: the chosen one first, then what the
    "Wie doet wat" search finds for ``query`` (``organisation.selectors.directory_search``);
    a team found gives no choice, only its services do."""
    services: list[Service] = []
    if chosen_id is not None:
        chosen = Service.objects.select_related("team").filter(pk=chosen_id).first()
        if chosen is not None:
            services.append(chosen)
    if query:
        for hit in directory_search(query, limit=10):
            if hit.service is not None and hit.service not in services:
                services.append(hit.service)
    return services
