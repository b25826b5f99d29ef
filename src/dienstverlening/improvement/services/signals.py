"""Passing on, handling and answering signals (advice 6).

Each function is one durable transaction that also keeps the signal's item in the handling
register current (through ``handling.services``' inner ``_nested`` functions, which run in
this transaction and move the roll-ups ``DailyFlow`` and ``LeadTimeBucket`` with it), so a
signal counts in open work and on-time shares like any other kind of work.

The mails go out after the commit (no transaction waits for the mail server). A mail that
cannot be sent is logged and reported back (``Signal.mail_failed``); the signal itself is
saved either way, and the team finds it in its list.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienstverlening.core.access import manages_team
from dienstverlening.core.localtime import AMSTERDAM
from dienstverlening.core.scrub import scrub_text
from dienstverlening.handling.models import HandlingItem, ItemKind
from dienstverlening.handling.services import ItemInput, items_close_nested, items_upsert_nested
from dienstverlening.organisation.models import Channel, Municipality, Service, Team

from ..models import (
    SIGNAL_SOURCE,
    SIGNAL_TRANSITIONS,
    Signal,
    SignalEvent,
    SignalEventKind,
    SignalOrigin,
    SignalStatus,
    Track,
)
from .tracks import track_open

logger = logging.getLogger(__name__)

DESCRIPTION_MAX = 4000
UNKNOWN_SERVICE = gettext_lazy(
    "Deze dienst bestaat niet (meer). Zoek de dienst opnieuw en kies hem uit de lijst."
)
UNKNOWN_CHANNEL = gettext_lazy("Dit kanaal bestaat niet (meer). Kies er een.")
CHOOSE_MUNICIPALITY = gettext_lazy("Kies de gemeente.")


# --- submitting ---------------------------------------------------------------------------------


def _found(rows, pk: int | None, *, field: str, message: Any, code: str):
    """The row ``pk`` of ``rows`` (a manager or queryset), or a ``ValidationError`` on
    ``field`` that says so."""
    obj = rows.filter(pk=pk).first() if pk is not None else None
    if obj is None:
        raise ValidationError({field: ValidationError(message, code=code)})
    return obj


def _next_reference(year: int) -> str:
    """SIG-2026-00042: numbered per year, as residents and colleagues know case numbers."""
    prefix = f"SIG-{year}-"
    last = (
        Signal.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:05d}"


def _register(signal: Signal) -> None:
    """Create or move the signal's item in the handling register (caller's transaction).

    The item belongs to the team that has the signal now. It names the service only when that
    team owns it: the register counts a team's work against the team's own services."""
    items_upsert_nested(
        items=[
            ItemInput(
                kind=ItemKind.SIGNAL,
                source=SIGNAL_SOURCE,
                source_id=signal.reference,
                municipality_id=signal.municipality_id,
                team_id=signal.team_id,
                service_id=signal.service_id if signal.service.team_id == signal.team_id else None,
                channel_id=signal.channel_id,
                received_at=signal.submitted_at,
            )
        ],
        context=None,
        keep=False,
        progress=None,
    )


def _transaction(nested: bool):
    """A service's own durable transaction; with ``nested`` the caller's (the demo loads the
    whole organisation in one)."""
    return transaction.atomic(durable=not nested)


def _after_commit(nested: bool, send: Callable[[], bool]) -> bool:
    """Mail once the data is saved: now, after the service's own transaction, or when the
    caller's transaction commits (``nested``; then a failure is not reported back)."""
    if nested:
        transaction.on_commit(send)
        return True
    return send()


def _event(signal: Signal, kind: str, *, by, at: datetime.datetime, **fields) -> SignalEvent:
    return SignalEvent.objects.create(signal=signal, kind=kind, by=by, at=at, **fields)


def signal_submit(
    *,
    sender,
    service_id: int | None,
    municipality_id: int | None,
    origin: str,
    description: str,
    channel_id: int | None = None,
    at: datetime.datetime | None = None,
    nested: bool = False,
) -> Signal:
    """Pass on a signal about a service; it goes to the team that owns the service.

    Refused with a Dutch message per field (``ValidationError``): a service, channel or
    municipality that does not exist, an unknown origin, an empty description. Personal data
    in the description (BSN, phone, e-mail, address, an introduced name) is removed
    (``core.scrub``). The team gets a mail after the commit."""
    at = at or timezone.now()
    description = scrub_text((description or "").strip())
    errors: dict[str, list[ValidationError]] = {}
    if not description:
        errors.setdefault("description", []).append(
            ValidationError(_("Beschrijf kort wat er is gebeurd."), code="required")
        )
    elif len(description) > DESCRIPTION_MAX:
        errors.setdefault("description", []).append(
            ValidationError(
                _("Houd het kort: hooguit %(max)s tekens.") % {"max": DESCRIPTION_MAX},
                code="max_length",
            )
        )
    if origin not in SignalOrigin.values:
        errors.setdefault("origin", []).append(
            ValidationError(_("Kies waar het signaal vandaan komt."), code="invalid_choice")
        )
    try:
        service = _found(
            Service.objects.select_related("team"),
            service_id,
            field="service",
            message=UNKNOWN_SERVICE,
            code="unknown_service",
        )
    except ValidationError as error:
        errors.update(error.error_dict)
        service = None
    lookups: list[tuple[Any, int | None, str, Promise]] = [
        (Municipality.objects, municipality_id, "municipality", CHOOSE_MUNICIPALITY)
    ]
    if channel_id is not None:
        lookups.append((Channel.objects, channel_id, "channel", UNKNOWN_CHANNEL))
    for rows, pk, field, message in lookups:
        try:
            _found(rows, pk, field=field, message=message, code=f"unknown_{field}")
        except ValidationError as error:
            errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    assert service is not None
    with _transaction(nested):
        signal = _create(
            sender=sender,
            service=service,
            municipality_id=municipality_id,
            channel_id=channel_id,
            origin=origin,
            description=description,
            at=at,
        )
        _event(signal, SignalEventKind.SUBMITTED, by=sender, at=at, to_team=signal.team)
        _register(signal)
    signal.mail_failed = not _after_commit(nested, lambda: _mail_team(signal, new=True))
    return signal


def _create(*, sender, service: Service, at: datetime.datetime, **fields) -> Signal:
    """The signal with the next free reference; two at the same moment: the second tries the
    next number (the unique reference decides)."""
    year = at.astimezone(AMSTERDAM).year
    for attempt in range(5):
        try:
            with transaction.atomic():
                return Signal.objects.create(
                    reference=_next_reference(year),
                    sender=sender,
                    service=service,
                    team=service.team,
                    submitted_at=at,
                    **fields,
                )
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


# --- handling -----------------------------------------------------------------------------------


def _check_transition(signal: Signal, status: str) -> None:
    if status not in SIGNAL_TRANSITIONS[signal.status]:
        if signal.status == SignalStatus.DONE:
            message = _("Dit signaal is al afgehandeld.")
        else:
            message = _("Deze stap kan niet bij een signaal dat %(status)s is.") % {
                "status": signal.get_status_display()
            }
        raise ValidationError(message, code="transition")


def _locked(signal: Signal) -> Signal:
    """The signal as it is in the database now (another tab may have changed it)."""
    return Signal.objects.select_for_update().select_related("service", "team").get(pk=signal.pk)


def signal_take(
    *, signal: Signal, by, at: datetime.datetime | None = None, nested: bool = False
) -> Signal:
    """The team starts on a new signal: status "in behandeling"."""
    at = at or timezone.now()
    with _transaction(nested):
        signal = _locked(signal)
        if signal.status == SignalStatus.IN_PROGRESS:
            return signal
        _check_transition(signal, SignalStatus.IN_PROGRESS)
        signal.status = SignalStatus.IN_PROGRESS
        signal.save(update_fields=["status"])
        _event(signal, SignalEventKind.TAKEN, by=by, at=at, to_team=signal.team)
    return signal


def signal_answer(
    *,
    signal: Signal,
    by,
    answer: str,
    at: datetime.datetime | None = None,
    nested: bool = False,
) -> Signal:
    """Done, with an answer for the sender: the item in the register closes now and the sender
    gets a mail after the commit."""
    at = at or timezone.now()
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError(
            {"answer": _("Schrijf een antwoord voor wie het signaal doorgaf.")}, code="required"
        )
    with _transaction(nested):
        signal = _locked(signal)
        _check_transition(signal, SignalStatus.DONE)
        signal.status = SignalStatus.DONE
        signal.answer = answer
        signal.answered_at = at
        signal.answered_by = by
        signal.save(update_fields=["status", "answer", "answered_at", "answered_by"])
        _event(signal, SignalEventKind.ANSWERED, by=by, at=at, note=answer)
        items = list(HandlingItem.objects.filter(source=SIGNAL_SOURCE, source_id=signal.reference))
        items_close_nested(items=items, closed_at=at)
    signal.mail_failed = not _after_commit(nested, lambda: _mail_sender(signal))
    return signal


def signal_pass_on(
    *,
    signal: Signal,
    by,
    team: Team | None,
    reason: str,
    at: datetime.datetime | None = None,
    nested: bool = False,
) -> Signal:
    """Hand the signal to ``team`` with a reason: new there, the history keeps where it was.
    The register item moves to that team; its clock keeps running from the first receipt
    (the sender has been waiting since then). The new team gets a mail after the commit."""
    at = at or timezone.now()
    reason = (reason or "").strip()
    errors = {}
    if team is None:
        errors["team"] = ValidationError(
            _("Kies het team dat het signaal oppakt."), code="required"
        )
    elif team.pk == signal.team_id:
        errors["team"] = ValidationError(
            _("Het signaal ligt al bij dit team. Kies een ander team."), code="same_team"
        )
    if not reason:
        errors["reason"] = ValidationError(
            _("Schrijf waarom het signaal naar dit team gaat."), code="required"
        )
    if errors or team is None:
        raise ValidationError(errors)
    with _transaction(nested):
        signal = _locked(signal)
        _check_transition(signal, SignalStatus.NEW)
        previous = signal.team
        signal.team = team
        signal.status = SignalStatus.NEW
        signal.save(update_fields=["team", "status"])
        _event(
            signal,
            SignalEventKind.PASSED_ON,
            by=by,
            at=at,
            from_team=previous,
            to_team=team,
            note=reason,
        )
        _register(signal)
    signal.mail_failed = not _after_commit(
        nested, lambda: _mail_team(signal, new=False, reason=reason, previous=previous)
    )
    return signal


def signal_start_track(
    *, signal: Signal, by, at: datetime.datetime | None = None, nested: bool = False
) -> Track:
    """Open an improvement track for the signal's team from the signal (``track_open``); the
    signal is then in progress and points to the track."""
    at = at or timezone.now()
    with _transaction(nested):
        signal = _locked(signal)
        if signal.track_id is not None:
            raise ValidationError(
                _("Voor dit signaal loopt al een verbetertraject."), code="has_track"
            )
        track = track_open(
            team=signal.team,
            title=_("Signaal %(reference)s: %(service)s")
            % {"reference": signal.reference, "service": signal.service.name},
            problem=signal.description,
            services=[signal.service],
            opened_by=by,
        )
        signal.track = track
        fields = ["track"]
        if signal.status == SignalStatus.NEW:
            signal.status = SignalStatus.IN_PROGRESS
            fields.append("status")
        signal.save(update_fields=fields)
        _event(signal, SignalEventKind.TRACK_STARTED, by=by, at=at, to_team=signal.team)
    return track


# --- mail ---------------------------------------------------------------------------------------


def team_recipients(team: Team) -> list[str]:
    """Where a team's signals are mailed: its team mailbox and its teammanagers, each once."""
    addresses = [team.mailbox] if team.mailbox else []
    for manager in team.managers.filter(is_active=True).exclude(email="").order_by("pk"):
        if manages_team(manager, team) and manager.email not in addresses:
            addresses.append(manager.email)
    return addresses


def _send(*, subject: str, template: str, context: dict, to: list[str]) -> bool:
    """Send one mail; False (and a line in the log) when the mail server refuses or is away."""
    if not to:
        return True
    body = render_to_string(template, {**context, "site": settings.DV_SITE_URL})
    message = mail.EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    try:
        message.send()
    except (OSError, mail.BadHeaderError) as error:  # smtplib's errors are OSErrors
        logger.warning("Mail over signaal niet verstuurd (%s): %s", subject, error)
        return False
    return True


def _mail_team(
    signal: Signal, *, new: bool, reason: str = "", previous: Team | None = None
) -> bool:
    subject = (
        _("Nieuw signaal %(reference)s over %(service)s")
        if new
        else _("Signaal %(reference)s doorgestuurd naar uw team: %(service)s")
    ) % {"reference": signal.reference, "service": signal.service.name}
    return _send(
        subject=subject,
        template="improvement/signals/mail/to_team.txt",
        context={"signal": signal, "new": new, "reason": reason, "previous": previous},
        to=team_recipients(signal.team),
    )


def _mail_sender(signal: Signal) -> bool:
    sender = signal.sender
    if sender is None or not sender.email or not sender.is_active:
        return True
    subject = _("Antwoord op uw signaal %(reference)s over %(service)s") % {
        "reference": signal.reference,
        "service": signal.service.name,
    }
    return _send(
        subject=subject,
        template="improvement/signals/mail/answer.txt",
        context={"signal": signal},
        to=[sender.email],
    )
