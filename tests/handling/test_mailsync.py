"""Mailbox tracking against a real Dovecot server: every close rule, incremental, failures."""

import datetime
import time

import pytest
from django.core.management import call_command
from django.db.models import Sum

from dienstverlening.handling.mailsync import (
    mailbox_password,
    mailbox_set_password,
    mailbox_sync,
    mailboxes_sync,
    message_hash,
)
from dienstverlening.handling.models import DailyFlow, HandlingItem, ItemKind, MailFolderState
from tests.conftest import logged_in
from tests.core.factories import UserFactory
from tests.handling.conftest import PASSWORD
from tests.handling.factories import MailboxFactory, moment
from tests.handling.rollups import assert_rollups_match_raw
from tests.organisation.factories import ChannelFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


def message(
    mid: str,
    *,
    sender: str = "inwoner@example.org",
    in_reply_to: str = "",
    references: str = "",
    date: str = "Fri, 20 Nov 2026 10:00:00 +0100",
    extra: str = "",
) -> bytes:
    headers = [
        f"From: Inwoner <{sender}>",
        "To: burgerzaken@woerden.nl",
        "Subject: Vraag over mijn paspoort (geheim)",
        f"Date: {date}",
        f"Message-ID: {mid}",
    ]
    if in_reply_to:
        headers.append(f"In-Reply-To: {in_reply_to}")
    if references:
        headers.append(f"References: {references}")
    if extra:
        headers.append(extra)
    return ("\r\n".join(headers) + "\r\n\r\nMijn BSN is 123456782.\r\n").encode()


@pytest.fixture
def setup(dovecot, team):
    user = dovecot.new_user()
    with dovecot.client(user) as box:
        box.folder.create("Sent")
        box.folder.create("Afgehandeld")
    ChannelFactory(name="E-mail", slug="e-mail")
    mailbox = MailboxFactory(
        team=team,
        municipality=MunicipalityFactory(),
        port=dovecot.port,
        username=user,
    )
    mailbox_set_password(mailbox=mailbox, password=PASSWORD)
    return dovecot, user, mailbox


def append(dovecot, user, folder, data, flags=()):
    with dovecot.client(user) as box:
        box.append(data, folder, flag_set=list(flags))


def items(mailbox):
    return HandlingItem.objects.filter(source=mailbox.source)


def test_external_mail_opens_an_item_and_keeps_nothing_personal(setup):
    dovecot, user, mailbox = setup
    append(dovecot, user, "INBOX", message("<a1@example.org>"))
    append(dovecot, user, "INBOX", message("<own@woerden.nl>", sender="collega@woerden.nl"))
    append(
        dovecot,
        user,
        "INBOX",
        message("<auto@example.org>", extra="Auto-Submitted: auto-replied"),
    )
    result = mailbox_sync(mailbox=mailbox)
    assert result.opened == 1
    item = items(mailbox).get()
    assert item.kind == ItemKind.EMAIL
    assert item.team == mailbox.team
    assert item.channel.slug == "e-mail"
    assert item.source_id == message_hash("<a1@example.org>")
    assert item.closed_at is None
    assert item.received_on == datetime.date(2026, 11, 20)
    # Nothing of sender, subject or body anywhere in the row.
    stored = " ".join(str(v) for v in HandlingItem.objects.values().get().values())
    for secret in ("inwoner", "example.org", "paspoort", "123456782", "a1@"):
        assert secret not in stored


def test_answered_flag_closes_the_item_on_a_later_sync(setup):
    dovecot, user, mailbox = setup
    append(dovecot, user, "INBOX", message("<b1@example.org>"))
    append(dovecot, user, "INBOX", message("<b2@example.org>"))
    mailbox_sync(mailbox=mailbox)
    assert items(mailbox).open().count() == 2
    with dovecot.client(user) as box:
        box.folder.set("INBOX")
        first = box.uids()[0]
        box.flag(first, "\\Answered", True)
    result = mailbox_sync(mailbox=mailbox)
    assert result.closed == 1
    assert result.fetched == 0  # nothing new was read
    closed = items(mailbox).get(closed_at__isnull=False)
    assert closed.source_id == message_hash("<b1@example.org>")
    assert_rollups_match_raw()


@pytest.mark.django_db(transaction=True)
def test_the_mail_server_is_read_outside_any_transaction(setup, monkeypatch):
    from django.db import connection

    from dienstverlening.handling import mailsync

    dovecot, user, mailbox = setup
    append(dovecot, user, "INBOX", message("<t1@example.org>"))
    append(dovecot, user, "Sent", message("<t2@woerden.nl>", in_reply_to="<t0@example.org>"))
    calls: list[tuple[str, bool]] = []

    class Watched:
        """The IMAP client, noting for every call whether a transaction is open."""

        def __init__(self, target):
            self._target = target

        def __getattr__(self, name):
            value = getattr(self._target, name)
            if name == "folder":
                return Watched(value)
            if not callable(value):
                return value

            def call(*args, **kwargs):
                calls.append((name, connection.in_atomic_block))
                result = value(*args, **kwargs)
                return list(result) if name == "fetch" else result

            return call

    connect = mailsync._connect
    monkeypatch.setattr(mailsync, "_connect", lambda box: Watched(connect(box)))
    mailbox_sync(mailbox=mailbox)  # the first sync opens the item
    mailbox_sync(mailbox=mailbox)  # the second asks which open items were answered
    assert {name for name, _inside in calls} >= {"status", "fetch", "uids"}
    assert [name for name, inside in calls if inside] == []
    assert items(mailbox).open().count() == 1


def test_already_answered_message_arrives_closed(setup, now):
    dovecot, user, mailbox = setup
    append(dovecot, user, "INBOX", message("<c1@example.org>"), flags=["\\Answered"])
    mailbox_sync(mailbox=mailbox)
    assert items(mailbox).get().closed_at == now  # answered before the first sync: closed now


def test_reply_in_sent_folder_closes_via_in_reply_to_and_references(setup):
    dovecot, user, mailbox = setup
    append(dovecot, user, "INBOX", message("<d1@example.org>"))
    append(dovecot, user, "INBOX", message("<d2@example.org>"))
    append(dovecot, user, "INBOX", message("<d3@example.org>"))
    mailbox_sync(mailbox=mailbox)
    reply_date = "Tue, 24 Nov 2026 09:30:00 +0100"
    append(
        dovecot,
        user,
        "Sent",
        message(
            "<r1@woerden.nl>",
            sender="burgerzaken@woerden.nl",
            in_reply_to="<d1@example.org>",
            date=reply_date,
        ),
    )
    append(
        dovecot,
        user,
        "Sent",
        message(
            "<r2@woerden.nl>",
            sender="burgerzaken@woerden.nl",
            references="<other@x.nl> <d2@example.org>",
            date=reply_date,
        ),
    )
    result = mailbox_sync(mailbox=mailbox)
    assert result.closed == 2
    closed = items(mailbox).filter(closed_at__isnull=False)
    assert {i.source_id for i in closed} == {
        message_hash("<d1@example.org>"),
        message_hash("<d2@example.org>"),
    }
    assert all(i.closed_on == datetime.date(2026, 11, 24) for i in closed)
    assert all(i.lead_days == 2 for i in closed)  # Friday → Tuesday: Monday and Tuesday
    assert items(mailbox).open().get().source_id == message_hash("<d3@example.org>")
    assert_rollups_match_raw()


def test_moved_to_done_folder_closes(setup):
    dovecot, user, mailbox = setup
    append(dovecot, user, "INBOX", message("<e1@example.org>"))
    mailbox_sync(mailbox=mailbox)
    with dovecot.client(user) as box:
        box.folder.set("INBOX")
        box.move(box.uids(), "Afgehandeld")
    result = mailbox_sync(mailbox=mailbox)
    assert result.closed == 1
    assert items(mailbox).get().closed_at is not None


def test_incremental_sync_reads_only_new_uids_and_is_safe_to_rerun(setup):
    dovecot, user, mailbox = setup
    for n in range(3):
        append(dovecot, user, "INBOX", message(f"<f{n}@example.org>"))
    first = mailbox_sync(mailbox=mailbox)
    assert first.fetched == 3
    again = mailbox_sync(mailbox=mailbox)
    assert again.fetched == 0 and again.opened == 0
    append(dovecot, user, "INBOX", message("<f9@example.org>"))
    third = mailbox_sync(mailbox=mailbox)
    assert third.fetched == 1 and third.opened == 1
    assert items(mailbox).count() == 4
    state = MailFolderState.objects.get(mailbox=mailbox, folder="INBOX")
    assert state.last_uid == 4


def test_new_uidvalidity_rereads_the_folder_without_duplicates(setup):
    dovecot, user, mailbox = setup
    with dovecot.client(user) as box:
        box.folder.create("Vragen")
    mailbox.folders = "Vragen"
    mailbox.save()
    append(dovecot, user, "Vragen", message("<g1@example.org>"))
    append(dovecot, user, "Vragen", message("<g2@example.org>"))
    mailbox_sync(mailbox=mailbox)
    old = MailFolderState.objects.get(mailbox=mailbox, folder="Vragen").uidvalidity
    # The folder is rebuilt on the server (for instance after a migration): new UIDVALIDITY.
    with dovecot.client(user) as box:
        box.folder.delete("Vragen")
    time.sleep(1.1)  # Dovecot takes UIDVALIDITY from the clock
    with dovecot.client(user) as box:
        box.folder.create("Vragen")
    append(dovecot, user, "Vragen", message("<g1@example.org>"))
    append(dovecot, user, "Vragen", message("<g3@example.org>"), flags=["\\Answered"])
    result = mailbox_sync(mailbox=mailbox)
    state = MailFolderState.objects.get(mailbox=mailbox, folder="Vragen")
    assert state.uidvalidity != old
    assert result.fetched == 2
    assert items(mailbox).count() == 3  # g1 recognised by its hash, g3 new
    assert items(mailbox).get(source_id=message_hash("<g3@example.org>")).closed_at is not None
    assert_rollups_match_raw()


def test_unreachable_mailbox_does_not_stop_the_others_and_is_shown(setup, client):
    dovecot, user, good = setup
    append(dovecot, user, "INBOX", message("<h1@example.org>"))
    bad = MailboxFactory(
        team=good.team,
        municipality=good.municipality,
        name="kapot@woerden.nl",
        host="127.0.0.1",
        port=1,  # nobody listens here
        username="niemand",
    )
    wrong_password = MailboxFactory(
        team=good.team,
        municipality=good.municipality,
        name="fout-wachtwoord@woerden.nl",
        port=dovecot.port,
        username=user,
        password_env="DV_TEST_ONBEKENDE_VARIABELE",
    )
    outcomes = {m.name: error for m, _result, error in mailboxes_sync()}
    assert outcomes[good.name] == ""
    assert "Server 127.0.0.1 weigert de verbinding op poort 1" in outcomes[bad.name]
    assert "DV_TEST_ONBEKENDE_VARIABELE" in outcomes[wrong_password.name]
    assert items(good).count() == 1
    bad.refresh_from_db()
    assert bad.last_error and bad.last_error_at is not None and bad.last_synced_at is None
    good.refresh_from_db()
    assert good.last_error == "" and good.last_synced_at is not None
    # The functioneel beheerder sees the failure; an employee may not open the page.
    beheerder = UserFactory(username="beheerder-test", role="administrator")
    page = logged_in(client, beheerder).get("/openstaand-werk/mailboxen/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "kapot@woerden.nl" in text and "weigert de verbinding" in text
    client.logout()
    employee = UserFactory(username="medewerker-mail", role="employee")
    assert logged_in(client, employee).get("/openstaand-werk/mailboxen/").status_code == 403


def test_command_reports_each_mailbox(setup, capsys):
    dovecot, user, mailbox = setup
    append(dovecot, user, "INBOX", message("<i1@example.org>"))
    call_command("sync_mailboxes")
    out = capsys.readouterr().out
    assert mailbox.name in out and "1 nieuw open" in out


def test_password_is_stored_encrypted(setup):
    _dovecot, _user, mailbox = setup
    mailbox.refresh_from_db()
    assert PASSWORD not in mailbox.password_encrypted
    assert mailbox_password(mailbox) == PASSWORD


def test_item_dates_are_in_the_past(setup, now):
    dovecot, user, mailbox = setup
    append(
        dovecot, user, "INBOX", message("<j1@example.org>", date="Mon, 01 Jan 2099 10:00:00 +0100")
    )
    mailbox_sync(mailbox=mailbox)
    assert items(mailbox).get().received_at == now  # a date in the future counts as now


def test_a_large_first_sync_takes_the_bulk_path_and_later_closes(setup):
    dovecot, user, mailbox = setup
    with dovecot.client(user) as box:
        for n in range(1100):
            box.append(message(f"<bulk{n}@example.org>"), "INBOX")
    result = mailbox_sync(mailbox=mailbox)
    assert result.opened == 1100
    assert MailFolderState.objects.get(mailbox=mailbox, folder="INBOX").last_uid == 1100
    with dovecot.client(user) as box:
        box.folder.set("INBOX")
        box.flag(box.uids()[:10], "\\Answered", True)
    assert mailbox_sync(mailbox=mailbox).closed == 10
    assert_rollups_match_raw()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("host", "port", "words"),
    [
        ("imap.demo.invalid", 993, "Server imap.demo.invalid is niet te vinden"),
        ("127.0.0.1", 1, "Server 127.0.0.1 weigert de verbinding op poort 1"),
    ],
)
def test_connection_failures_are_explained_in_plain_dutch(host, port, words):
    mailbox = MailboxFactory(host=host, port=port)
    (outcome,) = mailboxes_sync()
    assert words in outcome[2]
    assert "Errno" not in outcome[2]
    mailbox.refresh_from_db()
    assert words in mailbox.last_error


@pytest.mark.moment("2023-03-01 10:00")
def test_old_mail_found_again_after_its_item_was_purged_does_not_count_twice(setup, clock):
    """A folder rebuilt on the server (new UIDVALIDITY) still holds mail whose item was closed
    and purged years ago: found again, it is not taken as new (it counts already)."""
    dovecot, user, mailbox = setup
    old = message("<p1@example.org>", date="Wed, 01 Mar 2023 09:00:00 +0100")
    append(dovecot, user, "INBOX", old, flags=["\\Answered"])
    mailbox_sync(mailbox=mailbox)
    clock.move_to(moment("2026-12-02 10:00"))
    call_command("purge", verbosity=0)
    assert not items(mailbox).exists()
    received = DailyFlow.objects.aggregate(n=Sum("received"))["n"]
    MailFolderState.objects.filter(mailbox=mailbox).delete()  # as after a new UIDVALIDITY
    append(dovecot, user, "INBOX", message("<p2@example.org>"))

    result = mailbox_sync(mailbox=mailbox)

    assert result.fetched == 2
    assert list(items(mailbox).values_list("source_id", flat=True)) == [
        message_hash("<p2@example.org>")
    ]
    assert DailyFlow.objects.aggregate(n=Sum("received"))["n"] == received + 1
