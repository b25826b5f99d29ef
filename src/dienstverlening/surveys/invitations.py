"""Personal invitations: single-use links by e-mail, sent in batches, with one reminder.

Addresses are kept only as long as a mail may still go out: they are wiped when the reminder
is sent, when the invitation is used or when the run closes. A salted hash stays, so the same
person is not invited again within ``SURVEYS_REINVITE_MONTHS``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from dienstverlening.core.importing import header_find, rows_check
from dienstverlening.core.progress import Progress, Stage
from dienstverlening.core.tabular import CellError, Row, Table, parse_past_date
from dienstverlening.framework.selectors import outcome_find, outcome_unknown_message
from dienstverlening.organisation.selectors import OrganisationLookup

from .models import Invitation, InvitationStatus, RunStatus, SurveyRun
from .services import salted_hash

COLUMNS = {
    "email": ["e-mailadres", "e-mail", "email", "emailadres", "mail"],
    "service": ["dienst", "product", "service"],
    "channel": ["kanaal", "channel"],
    "municipality": ["gemeente", "municipality"],
    "outcome": ["uitkomst", "besluit", "outcome"],
    "date": ["datum", "datum contact", "date"],
}


@dataclass
class Contact:
    email: str
    service_id: int
    channel_id: int
    municipality_id: int
    outcome: str
    contact_on: datetime.date


@dataclass
class ContactList:
    contacts: list[Contact] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def contacts_parse(*, table: Table, progress: Progress | None = None) -> ContactList:
    """Read a contact list (CSV/XLSX); every bad row is reported with its line number."""
    result = ContactList()
    columns = {target: header_find(table.headers, aliases) for target, aliases in COLUMNS.items()}
    missing = [t for t in ("email", "service", "channel", "municipality", "date") if not columns[t]]
    if missing:
        result.errors.append(
            _("Het bestand mist een kolom voor: %(columns)s.")
            % {"columns": ", ".join(COLUMNS[m][0] for m in missing)}
        )
        return result
    lookup = OrganisationLookup()

    def check(values: dict[str, str], row: Row, problems: list[str]) -> Contact | None:
        contact, found = contact_check(values, lookup)
        problems.extend(found)
        return contact

    checked = rows_check(table=table, mapping=columns, check=check, progress=progress)
    result.contacts = checked.items
    result.errors = [str(error) for error in checked.errors]
    return result


def contact_check(
    data: dict[str, str], lookup: OrganisationLookup
) -> tuple[Contact | None, list[str]]:
    problems = []
    try:
        validate_email(data.get("email", ""))
    except ValidationError:
        problems.append(_("'%(value)s' is geen e-mailadres") % {"value": data.get("email", "")})
    found = {}
    for target, name in (
        ("service", _("dienst")),
        ("channel", _("kanaal")),
        ("municipality", _("gemeente")),
    ):
        found[target] = lookup.find(target, data.get(target, ""))
        if found[target] is None:
            problems.append(
                _("%(what)s '%(value)s' is onbekend")
                % {"what": name, "value": data.get(target, "")}
            )
    outcome = outcome_find(data.get("outcome", ""))
    if outcome is None:
        problems.append(outcome_unknown_message(data.get("outcome", "")))
    day = None
    try:
        day = parse_past_date(data.get("date", ""), today=timezone.localdate())
    except CellError as error:
        problems.append(str(error))
    if problems:
        return None, problems
    return (
        Contact(
            email=data["email"],
            service_id=found["service"].pk,
            channel_id=found["channel"].pk,
            municipality_id=found["municipality"].pk,
            outcome=outcome,
            contact_on=day,
        ),
        [],
    )


def _months_ago(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 - months
    year = day.year + month // 12
    month = month % 12 + 1
    return datetime.date(year, month, min(day.day, 28))


def invitations_create(*, run: SurveyRun, contacts: list[Contact]) -> tuple[int, int]:
    """Create one invitation per contact, skipping people invited recently. (created, skipped)

    Lists for one run are set ready one after the other (the run's row is locked), so the same
    list sent twice at the same moment invites everyone once: the second finds them invited."""
    if run.status == RunStatus.CLOSED:
        raise ValidationError(_("Deze meting is gesloten."), code="closed")
    today = timezone.localdate()
    since = _months_ago(today, settings.SURVEYS_REINVITE_MONTHS)
    with transaction.atomic(durable=True):
        SurveyRun.objects.select_for_update().filter(pk=run.pk).first()
        hashes = {salted_hash(c.email): c for c in contacts}
        recent = set(
            Invitation.objects.filter(address_hash__in=hashes, created_on__gte=since).values_list(
                "address_hash", flat=True
            )
        )
        new = [
            Invitation(
                run=run,
                email=c.email.strip(),
                address_hash=h,
                service_id=c.service_id,
                channel_id=c.channel_id,
                municipality_id=c.municipality_id,
                outcome=c.outcome,
                contact_on=c.contact_on,
            )
            for h, c in hashes.items()
            if h not in recent
        ]
        Invitation.objects.bulk_create(new)
    return len(new), len(contacts) - len(new)


def _message(invitation: Invitation, *, reminder: bool) -> mail.EmailMessage:
    link = settings.SURVEYS_PUBLIC_URL + invitation.get_absolute_url()
    context = {
        "invitation": invitation,
        "link": link,
        "reminder": reminder,
        "organisation_name": settings.DV_ORGANISATION_NAME,  # signed by team and organisation
    }
    subject = (
        _("Herinnering: wat vond u van ons contact?")
        if reminder
        else _("Wat vond u van ons contact?")
    )
    body = render_to_string("surveys/mail/invitation.txt", context)
    return mail.EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])


def _due(status: str, remind_before: datetime.date | None):
    # An invitation whose address the daily purge wiped gets no mail (``retention``).
    due = Invitation.objects.filter(status=status, run__status=RunStatus.OPEN).exclude(email="")
    if remind_before is not None:
        due = due.filter(sent_on__lte=remind_before)
    return due


def _claim(
    *, reminder: bool, remind_before: datetime.date, batch_size: int, today: datetime.date
) -> list[Invitation]:
    """Take the next batch of due invitations and mark them sent (or reminded) before the mail
    goes out, in one short transaction: a second sender skips them, and no transaction waits
    for the mail server."""
    with transaction.atomic(durable=True):
        due = (
            _due(InvitationStatus.SENT, remind_before)
            if reminder
            else _due(InvitationStatus.PENDING, None)
        )
        due = due.select_for_update(skip_locked=True, of=("self",))
        batch = list(due.select_related("service__team").order_by("pk")[:batch_size])
        ids = [i.pk for i in batch]
        if reminder:
            Invitation.objects.filter(pk__in=ids).update(
                status=InvitationStatus.REMINDED, reminded_on=today
            )
        else:
            Invitation.objects.filter(pk__in=ids).update(
                status=InvitationStatus.SENT, sent_on=today
            )
    return batch


def invitations_send(
    *,
    today: datetime.date | None = None,
    batch_size: int | None = None,
    progress: Progress | None = None,
) -> dict:
    """Send due invitations and reminders for open runs, in batches. Returns counts.

    ``progress(Stage.SEND, mails sent, mails due)`` after every batch."""
    today = today or timezone.localdate()
    batch_size = batch_size or settings.SURVEYS_INVITATION_BATCH
    remind_before = today - datetime.timedelta(days=settings.SURVEYS_REMINDER_DAYS)
    counts = {"sent": 0, "reminded": 0}
    total = 0
    if progress:
        total = (
            _due(InvitationStatus.PENDING, None).count()
            + _due(InvitationStatus.SENT, remind_before).count()
        )
        progress(Stage.SEND, 0, total)
    for status, reminder in ((InvitationStatus.PENDING, False), (InvitationStatus.SENT, True)):
        while True:
            batch = _claim(
                reminder=reminder, remind_before=remind_before, batch_size=batch_size, today=today
            )
            if not batch:
                break
            ids = [i.pk for i in batch]
            messages = [_message(i, reminder=reminder) for i in batch]
            try:
                with mail.get_connection() as connection:
                    connection.send_messages(messages)
            except BaseException:
                # Not sent: the batch is due again (unless answered in the meantime).
                claimed = InvitationStatus.REMINDED if reminder else InvitationStatus.SENT
                Invitation.objects.filter(pk__in=ids, status=claimed).update(
                    status=status, **({"reminded_on": None} if reminder else {"sent_on": None})
                )
                raise
            if reminder:
                # The last mail: the address goes.
                Invitation.objects.filter(pk__in=ids).update(email="")
                counts["reminded"] += len(ids)
            else:
                counts["sent"] += len(ids)
            if progress:
                done = counts["sent"] + counts["reminded"]
                progress(Stage.SEND, done, max(total, done))
    return counts
