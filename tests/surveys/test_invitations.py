"""Invitations: upload or API, single-use links, batches, one reminder, addresses wiped."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from dienstverlening.surveys.invitations import invitations_send
from dienstverlening.surveys.models import Invitation, InvitationStatus, Response, RunStatus
from dienstverlening.surveys.services import run_transition
from tests.conftest import logged_in
from tests.core.factories import api_client
from tests.surveys.conftest import answers_post

pytestmark = pytest.mark.django_db

CONTACTS = (
    "e-mailadres;dienst;kanaal;gemeente;uitkomst;datum\n"
    "anna@example.org;Paspoort aanvragen;Balie;Woerden;toegekend;20-11-2026\n"
    "bert@example.org;paspoort;balie;woerden;afgewezen;21-11-2026\n"
)


def upload(client, run, text: str):
    return client.post(
        f"/metingen/{run.pk}/uitnodigen/",
        {"file": SimpleUploadedFile("contacten.csv", text.encode("cp1252"))},
        follow=True,
    )


def _invite(
    run,
    service,
    *addresses: str,
    outcome: str = "granted",
    contact_on: datetime.date = datetime.date(2026, 11, 23),
) -> None:
    """Invitations for ``addresses`` to ``run``, about ``service`` at its first channel and
    municipality."""
    from dienstverlening.surveys.invitations import Contact, invitations_create

    invitations_create(
        run=run,
        contacts=[
            Contact(
                address,
                service.pk,
                service.channels.first().pk,
                service.municipalities.first().pk,
                outcome,
                contact_on,
            )
            for address in addresses
        ],
    )


def test_upload_send_answer_once(client, coordinator, run, service):
    logged_in(client, coordinator)
    assert "2 uitnodigingen klaargezet" in upload(client, run, CONTACTS).content.decode()
    today = datetime.date(2026, 11, 25)
    assert invitations_send(today=today, batch_size=1) == {"sent": 2, "reminded": 0}
    assert len(mail.outbox) == 2
    anna = Invitation.objects.get(outcome="granted")
    assert anna.get_absolute_url() in mail.outbox[0].body + mail.outbox[1].body
    client.logout()
    page = client.get(anna.get_absolute_url())
    assert "Hoe is uw vraag of aanvraag afgelopen?" not in page.content.decode()
    client.post(anna.get_absolute_url(), answers_post(page))
    response = Response.objects.get()
    assert response.outcome == "granted" and response.source == "invitation"
    anna.refresh_from_db()
    assert anna.status == InvitationStatus.ANSWERED and anna.email == ""
    # The used link, opened again or posted again with a fresh form: already answered.
    again = client.get(anna.get_absolute_url())
    assert "U heeft deze vragenlijst al ingevuld" in again.content.decode()
    assert Response.objects.count() == 1
    # One reminder, only to who did not answer; then the address is gone.
    counts = invitations_send(today=today + datetime.timedelta(days=8))
    assert counts == {"sent": 0, "reminded": 1}
    bert = Invitation.objects.get(outcome="refused")
    assert bert.status == InvitationStatus.REMINDED and bert.email == ""
    assert "Herinnering" in mail.outbox[-1].subject
    assert invitations_send(today=today + datetime.timedelta(days=30)) == {"sent": 0, "reminded": 0}


def test_used_invitation_posted_twice_in_parallel_tabs(client, run, service):
    _invite(run, service, "c@example.org", outcome="unknown", contact_on=datetime.date(2026, 11, 1))
    invitation = Invitation.objects.get()
    first = client.get(invitation.get_absolute_url())
    second = client.get(invitation.get_absolute_url())
    client.post(invitation.get_absolute_url(), answers_post(first))
    result = client.post(invitation.get_absolute_url(), answers_post(second))
    assert "U heeft deze vragenlijst al ingevuld" in result.content.decode()
    assert Response.objects.count() == 1


def test_no_second_invitation_within_months(client, coordinator, run):
    logged_in(client, coordinator)
    upload(client, run, CONTACTS)
    result = upload(client, run, CONTACTS.replace("anna@", "ANNA@").replace("bert@", "carla@"))
    assert "1 uitnodiging klaargezet." in result.content.decode()
    assert "1 persoon is overgeslagen omdat die kort geleden al een uitnodiging kreeg." in (
        result.content.decode()
    )
    assert Invitation.objects.count() == 3


def test_bad_contact_rows_are_listed(client, coordinator, run):
    logged_in(client, coordinator)
    result = upload(
        client, run, CONTACTS + "geen-adres;Paspoort aanvragen;Balie;Woerden;;32-01-2026\n"
    ).content.decode()
    assert "Regel 4:" in result and "geen e-mailadres" in result and "geen geldige datum" in result
    assert Invitation.objects.count() == 0


def test_closing_the_run_wipes_addresses(coordinator, run, client):
    logged_in(client, coordinator)
    upload(client, run, CONTACTS)
    run_transition(run=run, status=RunStatus.CLOSED)
    assert set(Invitation.objects.values_list("email", flat=True)) == {""}
    assert all(Invitation.objects.values_list("address_hash", flat=True))


def test_command_and_api(client, coordinator, run, service):
    api = api_client("enquetesysteem", scopes=["invitations"], sources=[])
    result = api.post(
        "/api/v1/uitnodigingen/",
        {
            "meting": run.pk,
            "contacten": [
                {
                    "email": "dirk@example.org",
                    "dienst": "paspoort",
                    "kanaal": "balie",
                    "gemeente": "woerden",
                    "uitkomst": "",
                    "datum": "2026-11-20",
                }
            ],
        },
        format="json",
    )
    assert result.status_code == 201 and result.json() == {"aangemaakt": 1, "overgeslagen": 0}
    bad = api.post(
        "/api/v1/uitnodigingen/",
        {
            "meting": run.pk,
            "contacten": [
                {
                    "email": "e@example.org",
                    "dienst": "onbekend",
                    "kanaal": "balie",
                    "gemeente": "woerden",
                    "datum": "2026-11-20",
                }
            ],
        },
        format="json",
    )
    assert bad.status_code == 400 and bad["Content-Type"] == "application/problem+json"
    call_command("send_invitations")
    assert len(mail.outbox) == 1


def test_api_refuses_a_client_without_the_invitation_scope_and_any_session(client, employee, run):
    reader = api_client("powerbi", scopes=["kpis"], sources=[])
    assert reader.post("/api/v1/uitnodigingen/", {}, format="json").status_code == 403
    # Employees upload a list on the site; the API is for systems with a token.
    logged_in(client, employee)
    response = client.post("/api/v1/uitnodigingen/", {}, content_type="application/json")
    assert response.status_code == 401


def test_invitation_back_after_answering_shows_already_answered(client, run, service):
    _invite(run, service, "d@example.org", contact_on=datetime.date(2026, 11, 1))
    url = Invitation.objects.get().get_absolute_url()
    page = client.get(url)
    assert "no-store" in page["Cache-Control"]  # Back asks the server again
    assert client.post(url, answers_post(page)).status_code == 302
    back = client.get(url)
    assert "U heeft deze vragenlijst al ingevuld" in back.content.decode()
    assert 'name="token"' not in back.content.decode() and "no-store" in back["Cache-Control"]
    # The single-use link needs no cookie: a fresh browser is refused as well.
    from django.test import Client

    assert "al ingevuld" in Client().get(url).content.decode()
    assert "al ingevuld" in client.post(url, answers_post(page)).content.decode()
    assert Response.objects.count() == 1


def test_invitation_is_signed_by_the_team_and_the_organisation(run, service, settings):
    _invite(run, service, "e@example.org")
    invitations_send(today=datetime.date(2026, 11, 25))
    invitations_send(today=datetime.date(2026, 12, 3))  # the reminder, a week later
    invitation, reminder = mail.outbox
    for message in (invitation, reminder):
        signature = message.body.strip().split("Met vriendelijke groet,")[-1].strip()
        assert signature.splitlines() == ["Burgerzaken", settings.DV_ORGANISATION_NAME]
    assert settings.DV_ORGANISATION_NAME == "Gemeenten Woerden en Oudewater"


def test_sending_more_invitations_asks_the_database_no_more_often(run, service):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _invite(run, service, "f@example.org")
    with CaptureQueriesContext(connection) as one:
        invitations_send(today=datetime.date(2026, 11, 25))
    _invite(run, service, "g@example.org", "h@example.org", "i@example.org")
    with CaptureQueriesContext(connection) as three:
        invitations_send(today=datetime.date(2026, 11, 25))
    assert len(mail.outbox) == 4
    assert len(three) == len(one)


def test_counts_in_messages_are_singular_or_plural_and_in_dutch_format(client, coordinator, run):
    logged_in(client, coordinator)
    many = "".join(
        f"inwoner{n}@example.org;Paspoort aanvragen;Balie;Woerden;toegekend;20-11-2026\n"
        for n in range(1234)
    )
    html = upload(client, run, CONTACTS.splitlines()[0] + "\n" + many).content.decode()
    assert "1.234 uitnodigingen klaargezet." in html
    assert "overgeslagen" not in html  # nobody was skipped: no "0 mensen"
    run_page = client.get(run.get_absolute_url()).content.decode()
    assert "1.234 uitnodigingen: 1.234 nog te versturen, 0 verstuurd" in run_page
    html = upload(client, run, CONTACTS).content.decode()
    assert "2 uitnodigingen klaargezet." in html
    bad = upload(client, run, CONTACTS.splitlines()[0] + "\n" + many.replace("@", "-"))
    assert "Er zijn 1.234 fouten gevonden." in bad.content.decode()  # the job's page


def test_send_invitations_command_counts_in_words(run, service):
    from io import StringIO

    _invite(run, service, "j@example.org")
    out = StringIO()
    call_command("send_invitations", stdout=out)
    assert out.getvalue().strip() == "1 uitnodiging en 0 herinneringen verstuurd."


def test_the_same_list_sent_twice_sets_everyone_ready_once(client, coordinator, run, settings):
    from dienstverlening.core.models import Job
    from tests.workers import DATABASE_TASKS

    logged_in(client, coordinator)
    key = client.get(f"/metingen/{run.pk}/uitnodigen/").context["form"]["sleutel"].value()

    def send():
        return client.post(
            f"/metingen/{run.pk}/uitnodigen/",
            {"sleutel": key, "file": SimpleUploadedFile("contacten.csv", CONTACTS.encode())},
        )

    first, second = send(), send()  # a double click
    assert second["Location"] == first["Location"] and Job.objects.count() == 1
    page = client.get(second["Location"]).content.decode()
    assert "2 uitnodigingen klaargezet." in page and "Dit was al verstuurd" in page
    assert Invitation.objects.count() == 2
    # While the first list still waits for the worker, the second click finds it too.
    settings.TASKS = DATABASE_TASKS
    key = client.get(f"/metingen/{run.pk}/uitnodigen/").context["form"]["sleutel"].value()
    waiting, again = send(), send()
    assert waiting["Location"] == again["Location"] and Job.objects.count() == 2
    assert "wordt nu verwerkt" in client.get(again["Location"]).content.decode()


def test_two_lists_with_the_same_people_invite_each_once(run, service):
    """Lists for one run are set ready one after the other: the run's row is locked (on
    PostgreSQL; SQLite has one writer anyway), so the second list finds the first's people."""
    from dienstverlening.core.tabular import read_csv
    from dienstverlening.surveys.invitations import contacts_parse, invitations_create

    contacts = contacts_parse(table=read_csv(CONTACTS.encode())).contacts
    assert invitations_create(run=run, contacts=contacts) == (2, 0)
    assert invitations_create(run=run, contacts=contacts) == (0, 2)
    assert Invitation.objects.count() == 2


def test_a_contact_date_before_2000_or_in_the_future_is_refused(client, coordinator, run):
    logged_in(client, coordinator)
    rows = CONTACTS + (
        "carla@example.org;Paspoort aanvragen;Balie;Woerden;toegekend;01-01-0001\n"
        "dirk@example.org;Paspoort aanvragen;Balie;Woerden;toegekend;31-12-9999\n"
    )
    result = upload(client, run, rows).content.decode()
    assert "Regel 4: de datum 01-01-0001 ligt vóór 01-01-2000." in result
    assert "Regel 5: de datum 31-12-9999 ligt in de toekomst." in result
    assert Invitation.objects.count() == 0


class _Refusing:
    """A mail connection whose server refuses every message."""

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_invitations_the_mail_server_refused_are_sent_again_later(run, service, monkeypatch):
    _invite(run, service, "k@example.org")
    monkeypatch.setattr(mail, "get_connection", _Refusing)
    with pytest.raises(ConnectionRefusedError):
        invitations_send(today=datetime.date(2026, 11, 25))
    invitation = Invitation.objects.get()
    assert (invitation.status, invitation.sent_on) == (InvitationStatus.PENDING, None)
    monkeypatch.undo()
    assert invitations_send(today=datetime.date(2026, 11, 26))["sent"] == 1
    assert Invitation.objects.get().sent_on == datetime.date(2026, 11, 26)


def test_a_reminder_the_mail_server_refused_keeps_the_address_for_the_next_try(
    run, service, monkeypatch
):
    _invite(run, service, "l@example.org")
    invitations_send(today=datetime.date(2026, 11, 25))
    monkeypatch.setattr(mail, "get_connection", _Refusing)
    with pytest.raises(ConnectionRefusedError):
        invitations_send(today=datetime.date(2026, 12, 3))
    invitation = Invitation.objects.get()
    assert (invitation.status, invitation.email) == (InvitationStatus.SENT, "l@example.org")
    monkeypatch.undo()
    assert invitations_send(today=datetime.date(2026, 12, 3))["reminded"] == 1
    assert Invitation.objects.get().email == ""


@pytest.mark.django_db(transaction=True)
def test_no_transaction_waits_for_the_mail_server(run, service, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend
    from django.db import connection

    inside: list[bool] = []
    send = EmailBackend.send_messages

    def watched(self, messages):
        inside.append(connection.in_atomic_block)
        return send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", watched)
    _invite(run, service, "m@example.org")
    invitations_send(today=datetime.date(2026, 11, 25))
    invitations_send(today=datetime.date(2026, 12, 3))
    assert inside == [False, False] and len(mail.outbox) == 2
