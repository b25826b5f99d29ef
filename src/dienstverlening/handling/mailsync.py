"""Following team mailboxes over IMAP: headers only, nothing personal kept.

Rules (see docs/handling.md, "IMAP"):

- a new message in a watched folder from outside the organisation's own domains opens an
  e-mail item; its id is a SHA-256 hash of the Message-ID, nothing else of the message is kept;
- it closes when the message has the ``\\Answered`` flag, when a message in the sent folder
  refers to it (In-Reply-To or References), or when it shows up in a folder marked as done;
- every folder is read from the last UID seen; a new UIDVALIDITY reads the folder again, which
  is harmless because items are recognised by their hash;
- one mailbox failing never stops the others: its error is kept for the functioneel beheerder;
- no transaction waits for the mail server: a folder is read over IMAP first, then what was read
  is written in one short durable transaction per folder (``_watched_record``,
  ``_closing_record``), through the inner functions of ``services``.
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import hashlib
import os
import re
import socket
import ssl
from dataclasses import dataclass, field
from email.utils import getaddresses, parsedate_to_datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dienstverlening.organisation.models import Channel

from .models import HandlingItem, ItemKind, Mailbox, MailFolderState, MailMessage
from .retention import purged_before
from .services import Context, ItemInput, items_close_nested, items_upsert_nested

MESSAGE_ID = re.compile(r"<[^<>\s]+>")


# --- passwords ----------------------------------------------------------------------------------


def _fernet():
    from cryptography.fernet import Fernet

    key = getattr(settings, "DV_HANDLING_MAIL_KEY", "")
    if not key:
        digest = hashlib.sha256(("dv-handling-mail:" + settings.SECRET_KEY).encode()).digest()
        key = base64.urlsafe_b64encode(digest).decode()
    return Fernet(key.encode() if isinstance(key, str) else key)


def mailbox_set_password(*, mailbox: Mailbox, password: str) -> None:
    """Store the password encrypted. It is never shown again."""
    mailbox.password_encrypted = _fernet().encrypt(password.encode()).decode() if password else ""
    mailbox.save(update_fields=["password_encrypted"])


def mailbox_password(mailbox: Mailbox) -> str:
    if mailbox.password_env:
        value = os.environ.get(mailbox.password_env)
        if value is None:
            raise SyncError(
                _("De omgevingsvariabele %(name)s met het wachtwoord bestaat niet.")
                % {"name": mailbox.password_env}
            )
        return value
    if not mailbox.password_encrypted:
        return ""
    return _fernet().decrypt(mailbox.password_encrypted.encode()).decode()


# --- reading ------------------------------------------------------------------------------------


class SyncError(Exception):
    """A mailbox could not be read; the message is Dutch and shown to the beheerder."""


@dataclass
class SyncResult:
    opened: int = 0
    closed: int = 0
    fetched: int = 0
    errors: list[str] = field(default_factory=list)


def message_hash(message_id: str) -> str:
    return hashlib.sha256(message_id.strip().lower().encode()).hexdigest()


def _own_domain(address: str) -> bool:
    domain = address.rsplit("@", 1)[-1].lower().strip()
    for own in getattr(settings, "DV_HANDLING_OWN_DOMAINS", ()):
        own = own.lower()
        if domain == own or domain.endswith("." + own):
            return True
    return False


def _header(msg, name: str) -> str:
    values = msg.headers.get(name.lower())
    return " ".join(values) if values else ""


def _moment(msg) -> datetime.datetime:
    text = _header(msg, "date")
    try:
        moment = parsedate_to_datetime(text) if text else None
    except (TypeError, ValueError, IndexError):
        moment = None
    if moment is None:
        return timezone.now()
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    return min(moment, timezone.now())


def _connect(mailbox: Mailbox):
    from imap_tools import MailBox, MailBoxStartTls, MailBoxUnencrypted

    timeout = getattr(settings, "DV_HANDLING_IMAP_TIMEOUT", 20)
    if mailbox.security == "ssl":
        client = MailBox(
            mailbox.host, mailbox.port, timeout=timeout, ssl_context=ssl.create_default_context()
        )
    elif mailbox.security == "starttls":
        client = MailBoxStartTls(
            mailbox.host, mailbox.port, timeout=timeout, ssl_context=ssl.create_default_context()
        )
    else:
        client = MailBoxUnencrypted(mailbox.host, mailbox.port, timeout=timeout)
    client.login(mailbox.username, mailbox_password(mailbox))
    return client


def _state(mailbox: Mailbox, client, folder: str) -> tuple[MailFolderState, int]:
    """The folder's saved state, reset when the server gives it a new UIDVALIDITY."""
    status = client.folder.status(folder, ["UIDNEXT", "UIDVALIDITY"])
    with transaction.atomic(durable=True):
        state, _created = MailFolderState.objects.get_or_create(mailbox=mailbox, folder=folder)
        if state.uidvalidity != status["UIDVALIDITY"]:
            MailMessage.objects.filter(folder_state=state).delete()
            state.uidvalidity = status["UIDVALIDITY"]
            state.last_uid = 0
            state.save(update_fields=["uidvalidity", "last_uid"])
    return state, status["UIDNEXT"]


def _new_messages(client, folder: str, state: MailFolderState, uidnext: int):
    if uidnext - 1 <= state.last_uid:
        return []
    client.folder.set(folder, readonly=True)
    criteria = f"UID {state.last_uid + 1}:*"
    messages = [
        msg
        for msg in client.fetch(criteria, headers_only=True, mark_seen=False, bulk=500)
        if msg.uid and int(msg.uid) > state.last_uid
    ]
    return messages


def _message_id(msg, folder: str, state: MailFolderState) -> str:
    found = MESSAGE_ID.search(_header(msg, "message-id"))
    if found:
        return found.group(0)
    return f"<{state.mailbox_id}/{folder}/{state.uidvalidity}/{msg.uid}@zonder-message-id>"


def _last_uid(messages) -> int | None:
    return max(int(msg.uid) for msg in messages) if messages else None


def _sync_watched(
    mailbox: Mailbox, client, folder: str, context: Context, channel_id, result: SyncResult
) -> None:
    """Read the folder over IMAP first, then write what was read in one short transaction."""
    state, uidnext = _state(mailbox, client, folder)
    messages = _new_messages(client, folder, state, uidnext)
    result.fetched += len(messages)
    incoming: dict[str, tuple[int, datetime.datetime, bool]] = {}
    for msg in messages:
        if _header(msg, "auto-submitted").lower() not in ("", "no"):
            continue  # out-of-office replies and bounces are not questions
        senders = getaddresses([_header(msg, "from")])
        if not senders or _own_domain(senders[0][1]):
            continue
        digest = message_hash(_message_id(msg, folder, state))
        incoming[digest] = (int(msg.uid), _moment(msg), "\\Answered" in msg.flags)
    # Flags change on messages we saw before: which ones are answered now?
    answered: set[int] = set()
    if (
        incoming
        or MailMessage.objects.filter(folder_state=state, item__closed_at__isnull=True).exists()
    ):
        client.folder.set(folder, readonly=True)
        answered = {int(uid) for uid in client.uids("ANSWERED")}
    _watched_record(
        mailbox=mailbox,
        state=state,
        incoming=incoming,
        answered=answered,
        last_uid=_last_uid(messages),
        context=context,
        channel_id=channel_id,
        result=result,
    )


def _watched_record(
    *,
    mailbox: Mailbox,
    state: MailFolderState,
    incoming: dict[str, tuple[int, datetime.datetime, bool]],
    answered: set[int],
    last_uid: int | None,
    context: Context,
    channel_id: int | None,
    result: SyncResult,
) -> None:
    """Write what was read from a watched folder: new items, their UIDs, answered items closed."""
    now = timezone.now()
    purged = purged_before()
    with transaction.atomic(durable=True):
        known = dict(
            HandlingItem.objects.filter(
                source=mailbox.source, source_id__in=list(incoming)
            ).values_list("source_id", "pk")
        )
        new = [
            ItemInput(
                kind=ItemKind.EMAIL,
                source=mailbox.source,
                source_id=digest,
                municipality_id=mailbox.municipality_id,
                team_id=mailbox.team_id,
                channel_id=channel_id,
                received_at=received_at,
                closed_at=max(now, received_at) if is_answered else None,
            )
            for digest, (_uid, received_at, is_answered) in incoming.items()
            # Unknown mail received before the last purge's cutoff was answered and purged
            # long ago (an open item is never purged): found again (a rebuilt folder), it
            # would count twice.
            if digest not in known and (purged is None or received_at >= purged)
        ]
        created = items_upsert_nested(items=new, context=context, keep=True, progress=None).items
        result.opened += sum(1 for item in created if item.closed_at is None)
        ids = {item.source_id: item.pk for item in created}
        ids.update(known)
        MailMessage.objects.filter(item_id__in=list(known.values())).delete()
        MailMessage.objects.bulk_create(
            [
                MailMessage(item_id=ids[digest], folder_state=state, uid=uid)
                for digest, (uid, _moment_, _answered) in incoming.items()
                if digest in ids
            ],
            batch_size=1000,
        )
        if last_uid is not None:
            state.last_uid = last_uid
            state.save(update_fields=["last_uid"])
        if answered:
            open_uids = dict(
                MailMessage.objects.filter(
                    folder_state=state, item__closed_at__isnull=True
                ).values_list("uid", "item_id")
            )
            to_close = [open_uids[uid] for uid in answered if uid in open_uids]
            if to_close:
                result.closed += items_close_nested(
                    items=list(HandlingItem.objects.filter(pk__in=to_close)),
                    closed_at=now,
                    context=context,
                )


def _referenced(msg) -> list[str]:
    text = _header(msg, "in-reply-to") + " " + _header(msg, "references")
    return MESSAGE_ID.findall(text)


def _sync_closing(
    mailbox: Mailbox, client, folder: str, context: Context, result: SyncResult, *, sent: bool
) -> None:
    """Sent folder (replies referring to an item) or done folder (the item itself moved there).

    Read over IMAP first, then close the items in one short transaction."""
    state, uidnext = _state(mailbox, client, folder)
    messages = _new_messages(client, folder, state, uidnext)
    result.fetched += len(messages)
    now = timezone.now()
    moments: dict[str, datetime.datetime] = {}
    for msg in messages:
        ids = _referenced(msg) if sent else [_message_id(msg, folder, state)]
        moment = _moment(msg) if sent else now
        for message_id in ids:
            digest = message_hash(message_id)
            moments[digest] = min(moments.get(digest, moment), moment)
    _closing_record(
        mailbox=mailbox,
        state=state,
        moments=moments,
        last_uid=_last_uid(messages),
        context=context,
        result=result,
    )


def _closing_record(
    *,
    mailbox: Mailbox,
    state: MailFolderState,
    moments: dict[str, datetime.datetime],
    last_uid: int | None,
    context: Context,
    result: SyncResult,
) -> None:
    """Close the open items the messages of a sent or done folder point at."""
    with transaction.atomic(durable=True):
        items = []
        for start in range(0, len(moments), 5000):
            items += list(
                HandlingItem.objects.open().filter(
                    source=mailbox.source, source_id__in=list(moments)[start : start + 5000]
                )
            )
        if items:
            result.closed += items_close_nested(
                items=items,
                closed_at={item.pk: moments[item.source_id] for item in items},
                context=context,
            )
        if last_uid is not None:
            state.last_uid = last_uid
            state.save(update_fields=["last_uid"])


def _connection_problem(mailbox: Mailbox, error: Exception) -> str:
    """Why a connection failed, in words a beheerder can act on (no "[Errno -2]")."""
    place = {"host": mailbox.host, "port": mailbox.port}
    if isinstance(error, socket.gaierror):
        return (
            _(
                "Server %(host)s is niet te vinden. Controleer de naam van de mailserver, "
                "of vraag de netwerkbeheerder of deze server vanaf hier bereikbaar is."
            )
            % place
        )
    if isinstance(error, ConnectionRefusedError):
        return (
            _(
                "Server %(host)s weigert de verbinding op poort %(port)s. Controleer de poort en "
                "of de IMAP-dienst aan staat."
            )
            % place
        )
    if isinstance(error, TimeoutError | socket.timeout):
        return _(
            "Server %(host)s geeft geen antwoord op poort %(port)s (na %(seconds)s seconden)."
        ) % {**place, "seconds": settings.DV_HANDLING_IMAP_TIMEOUT}
    if isinstance(error, ssl.SSLError):
        return (
            _(
                "De beveiligde verbinding met %(host)s:%(port)s lukt niet. Controleer de "
                "instelling voor beveiliging (SSL of STARTTLS) en het certificaat."
            )
            % place
        )
    return _("Verbinden met %(host)s:%(port)s lukt niet: %(error)s") % {
        **place,
        "error": error or type(error).__name__,
    }


def mailbox_sync(*, mailbox: Mailbox, context: Context | None = None) -> SyncResult:
    """Read one mailbox. Raises ``SyncError`` (Dutch) when it cannot be reached or read."""
    context = context or Context()
    result = SyncResult()
    channel_id = Channel.objects.filter(slug="e-mail").values_list("pk", flat=True).first()
    try:
        client = _connect(mailbox)
    except SyncError:
        raise
    except Exception as error:
        raise SyncError(_connection_problem(mailbox, error)) from error
    try:
        for folder in mailbox.folder_list:
            _sync_watched(mailbox, client, folder, context, channel_id, result)
        if mailbox.sent_folder:
            _sync_closing(mailbox, client, mailbox.sent_folder, context, result, sent=True)
        for folder in mailbox.done_folder_list:
            _sync_closing(mailbox, client, folder, context, result, sent=False)
    except SyncError:
        raise
    except Exception as error:
        raise SyncError(
            _("Lezen van de mailbox lukt niet: %(error)s")
            % {"error": error or type(error).__name__}
        ) from error
    finally:
        with contextlib.suppress(Exception):  # a broken connection needs no goodbye
            client.logout()
    return result


def mailboxes_sync(*, progress=None) -> list[tuple[Mailbox, SyncResult | None, str]]:
    """Every active mailbox, one after the other; a failure is recorded and the next one runs."""
    outcomes = []
    context = Context()
    for mailbox in Mailbox.objects.filter(active=True).order_by("name"):
        try:
            result = mailbox_sync(mailbox=mailbox, context=context)
        except SyncError as error:
            Mailbox.objects.filter(pk=mailbox.pk).update(
                last_error=str(error), last_error_at=timezone.now()
            )
            outcomes.append((mailbox, None, str(error)))
        else:
            Mailbox.objects.filter(pk=mailbox.pk).update(
                last_error="", last_error_at=None, last_synced_at=timezone.now()
            )
            outcomes.append((mailbox, result, ""))
        if progress:
            progress(outcomes[-1])
    return outcomes
