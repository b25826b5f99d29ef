"""The purge's survey rules: invitation addresses and hashes wiped, open answers deleted after
their period, and nothing a figure is made from."""

import datetime

import pytest
from django.core import mail

from dienstverlening.core.retention import purge_run
from dienstverlening.surveys.invitations import invitations_send
from dienstverlening.surveys.models import (
    AnswerTally,
    Invitation,
    InvitationStatus,
    OpenAnswer,
    Response,
    StatementAnswer,
)
from dienstverlening.surveys.services import Answers, response_submit
from tests.surveys.factories import InvitationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.moment("wednesday")]

TODAY = datetime.date(2026, 12, 2)  # the suite's moment: Wednesday 2 December 2026, 10:00


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def invitation(run, service, *, status, created_on, sent_on=None, email="anna@example.org"):
    made = InvitationFactory(
        run=run,
        service=service,
        email=email,
        status=status,
        sent_on=sent_on,
        reminded_on=None,
    )
    # ``created_on`` is set on insert (auto_now_add): put it back in the past.
    Invitation.objects.filter(pk=made.pk).update(created_on=created_on)
    made.refresh_from_db()
    return made


def test_an_address_no_mail_went_to_within_fourteen_days_is_wiped_and_the_invitation_closed(
    run, service
):
    stuck = invitation(run, service, status=InvitationStatus.PENDING, created_on=days_ago(15))
    inside = invitation(run, service, status=InvitationStatus.PENDING, created_on=days_ago(14))

    purge_run(codes=["invitation_addresses"])

    stuck.refresh_from_db()
    inside.refresh_from_db()
    assert (stuck.email, stuck.status) == ("", InvitationStatus.CLOSED)
    assert stuck.address_hash  # still stops inviting the same person again
    assert (inside.email, inside.status) == ("anna@example.org", InvitationStatus.PENDING)
    # The next send mails only the one still inside its period.
    assert invitations_send(today=TODAY) == {"sent": 1, "reminded": 0}
    assert [message.to for message in mail.outbox] == [["anna@example.org"]]


def test_a_sent_invitation_whose_reminder_never_went_loses_its_address_but_its_link_works(
    client, run, service
):
    sent = invitation(
        run,
        service,
        status=InvitationStatus.SENT,
        created_on=days_ago(30),
        sent_on=days_ago(15),
    )
    recent = invitation(
        run,
        service,
        status=InvitationStatus.SENT,
        created_on=days_ago(30),
        sent_on=days_ago(14),
        email="bert@example.org",
    )

    purge_run(codes=["invitation_addresses"])

    sent.refresh_from_db()
    assert (sent.email, sent.status) == ("", InvitationStatus.SENT)
    assert Invitation.objects.get(pk=recent.pk).email == "bert@example.org"
    # No reminder to a wiped address; the other one gets its reminder.
    assert invitations_send(today=TODAY) == {"sent": 0, "reminded": 1}
    assert [message.to for message in mail.outbox] == [["bert@example.org"]]
    page = client.get(sent.get_absolute_url())
    assert page.status_code == 200
    assert "U heeft deze vragenlijst al ingevuld" not in page.content.decode()


def test_an_address_left_where_no_mail_can_go_is_wiped_whatever_its_age(run, service):
    answered = invitation(run, service, status=InvitationStatus.ANSWERED, created_on=TODAY)
    purge_run(codes=["invitation_addresses"])
    assert Invitation.objects.get(pk=answered.pk).email == ""


def test_the_hash_goes_a_year_after_the_invitation_was_made(run, service):
    old = invitation(run, service, status=InvitationStatus.CLOSED, created_on=days_ago(366))
    year = invitation(
        run, service, status=InvitationStatus.CLOSED, created_on=TODAY.replace(year=2025)
    )

    purge_run(codes=["invitation_hashes"])

    assert Invitation.objects.get(pk=old.pk).address_hash == ""
    assert Invitation.objects.get(pk=year.pk).address_hash == year.address_hash
    assert Invitation.objects.count() == 2  # the rows stay for the run's counts


def _answer(run, service, day: datetime.date, statements) -> Response:
    return response_submit(
        run=run,
        service=service,
        channel=service.channels.first(),
        municipality=service.municipalities.first(),
        answers=Answers(
            statements={s.pk: 4 for s in statements},
            mark=8,
            good="Vriendelijk geholpen aan de balie.",
            better="Het wachten duurde lang.",
        ),
        answered_on=day,
        source="open_link",
    )


def test_open_answers_go_after_five_years_and_the_rest_of_the_response_stays(
    run, service, statements, capsys
):
    old = _answer(run, service, datetime.date(2021, 12, 1), statements)
    five_years = _answer(run, service, datetime.date(2021, 12, 2), statements)
    tallies = list(AnswerTally.objects.order_by("pk").values())

    results = purge_run(codes=["open_answers"])

    assert results[0].count == 2
    assert not OpenAnswer.objects.filter(response=old).exists()
    assert OpenAnswer.objects.filter(response=five_years).count() == 2  # exactly five years
    assert Response.objects.count() == 2
    assert StatementAnswer.objects.filter(response=old).count() == len(statements)
    assert Response.objects.get(pk=old.pk).mark == 8
    assert list(AnswerTally.objects.order_by("pk").values()) == tallies


def test_open_answers_follow_the_setting(run, service, statements, settings):
    settings.DV_RETENTION = {**settings.DV_RETENTION, "open_answers": "1y"}
    _answer(run, service, datetime.date(2025, 12, 1), statements)
    kept = _answer(run, service, datetime.date(2025, 12, 2), statements)
    purge_run(codes=["open_answers"])
    assert set(OpenAnswer.objects.values_list("response", flat=True)) == {kept.pk}


def test_check_warns_when_the_purge_would_wipe_addresses_before_the_reminder(settings):
    from django.core.checks import run_checks

    settings.SURVEYS_REMINDER_DAYS = 7
    settings.DV_RETENTION = {
        **settings.DV_RETENTION,
        "invitation_addresses": "7d",
        "invitation_hashes": "90d",
    }
    found = {message.id: message.msg for message in run_checks()}
    assert found["surveys.W001"].startswith(
        "DV_RETENTION_INVITATION_ADDRESSES (7 dagen) is niet langer dan SURVEYS_REMINDER_DAYS (7)"
    )
    assert found["surveys.W002"].startswith(
        "DV_RETENTION_INVITATION_HASHES (90 dagen) is korter dan SURVEYS_REINVITE_MONTHS "
        "(6 maanden)"
    )
    settings.DV_RETENTION = {
        **settings.DV_RETENTION,
        "invitation_addresses": "8d",
        "invitation_hashes": "1y",
    }
    assert not {m.id for m in run_checks()} & {"surveys.W001", "surveys.W002"}
