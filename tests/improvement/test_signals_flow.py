"""A signal from an employee reaches the owning team (list and mail) and its answer comes back."""

import pytest
from django.urls import reverse

from dienstverlening.improvement.models import Signal, SignalEventKind, SignalStatus
from dienstverlening.improvement.services import signal_answer, signal_take
from tests.conftest import logged_in
from tests.improvement.factories import signal_submitted
from tests.organisation.factories import ChannelFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db

NEW = reverse("improvement-signal-new")


def test_a_signal_submitted_on_the_page_is_in_the_teams_list_and_mailed_to_the_team(
    client, sender, team, team_manager, service, smtp_server
):
    woerden, balie = MunicipalityFactory(), ChannelFactory()
    logged_in(client, sender)

    response = client.post(
        NEW,
        {
            "q": "paspoort",
            "service": service.pk,
            "channel": balie.pk,
            "municipality": woerden.pk,
            "origin": "resident",
            "description": "Inwoner stond voor niets aan de balie: de afspraak was niet bevestigd.",
        },
    )

    signal = Signal.objects.get()
    assert response.status_code == 302 and response.url == signal.get_absolute_url()
    assert (signal.team, signal.status, signal.sender) == (team, SignalStatus.NEW, sender)
    [mail] = smtp_server.messages
    assert set(mail.recipients) == {"burgerzaken@woerden.nl", "marco@woerden.nl"}
    assert signal.reference in mail.subject and "Paspoort aanvragen" in mail.subject
    assert "de afspraak was niet bevestigd" in mail.body
    assert signal.get_absolute_url() in mail.body
    team_list = logged_in(client, team_manager).get(
        reverse("improvement-team-signals", args=[team.slug])
    )
    assert signal.reference in team_list.content.decode()


def test_the_answer_is_mailed_to_the_sender_and_shown_on_my_signals(
    client, sender, team_manager, service, smtp_server
):
    signal = signal_submitted(service, sender)
    logged_in(client, team_manager)

    client.post(reverse("improvement-signal-take", args=[signal.pk]))
    response = client.post(
        reverse("improvement-signal-answer", args=[signal.pk]),
        {"answer": "We zetten de eisen aan de pasfoto voortaan in de bevestigingsmail."},
    )

    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.status == SignalStatus.DONE and signal.answered_by == team_manager
    [answer_mail] = smtp_server.to("sanne@woerden.nl")
    assert "Antwoord op uw signaal" in answer_mail.subject
    assert "eisen aan de pasfoto voortaan" in answer_mail.body
    mine = logged_in(client, sender).get(reverse("improvement-signals")).content.decode()
    assert "eisen aan de pasfoto voortaan" in mine and "afgehandeld" in mine
    kinds = list(signal.events.values_list("kind", flat=True))
    assert kinds == [SignalEventKind.SUBMITTED, SignalEventKind.TAKEN, SignalEventKind.ANSWERED]


def test_passing_on_moves_the_signal_to_the_other_team_with_a_mail_and_keeps_the_history(
    client, sender, team, team_manager, other_team, other_manager, service, smtp_server
):
    signal = signal_submitted(service, sender)
    signal_take(signal=signal, by=team_manager)
    smtp_server.messages.clear()

    response = logged_in(client, team_manager).post(
        reverse("improvement-signal-pass-on", args=[signal.pk]),
        {"team": other_team.pk, "reason": "Het ging om de aanslag, niet om het paspoort."},
    )

    assert response.status_code == 302
    signal.refresh_from_db()
    assert (signal.team, signal.status) == (other_team, SignalStatus.NEW)
    [mail] = smtp_server.messages
    assert set(mail.recipients) == {"belastingen@woerden.nl", "bo@woerden.nl"}
    assert "doorgestuurd" in mail.subject and "niet om het paspoort" in mail.body
    page = logged_in(client, other_manager).get(signal.get_absolute_url()).content.decode()
    assert "van Burgerzaken naar Belastingen" in page and "niet om het paspoort" in page
    # The team it came from no longer handles it.
    refused = logged_in(client, team_manager).get(signal.get_absolute_url())
    assert refused.status_code == 403


def test_a_signal_starts_an_improvement_track_for_its_team(client, sender, team_manager, service):
    signal = signal_submitted(service, sender)

    response = logged_in(client, team_manager).post(
        reverse("improvement-signal-track", args=[signal.pk])
    )

    signal.refresh_from_db()
    track = signal.track
    assert response.status_code == 302 and response.url == track.get_absolute_url()
    assert track.team == signal.team and list(track.services.all()) == [service]
    assert track.problem == signal.description
    assert signal.status == SignalStatus.IN_PROGRESS
    # A second track from the same signal is refused in words.
    again = client.post(reverse("improvement-signal-track", args=[signal.pk]), follow=True)
    assert "loopt al een verbetertraject" in again.content.decode()


def test_a_mail_server_that_is_away_loses_no_signal(client, sender, service, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there

    signal = signal_submitted(service, sender)

    assert Signal.objects.get() == signal and signal.mail_failed
    answered = signal_answer(signal=signal, by=None, answer="Opgepakt.")
    assert answered.status == SignalStatus.DONE and answered.mail_failed


def test_the_sender_with_another_team_manager_sees_the_answer_without_forms(
    client, sender, team_manager, service
):
    signal = signal_submitted(service, sender)
    signal_answer(signal=signal, by=team_manager, answer="Dank, opgelost.")

    page = logged_in(client, sender).get(signal.get_absolute_url()).content.decode()

    assert "Dank, opgelost." in page
    assert "Doorsturen" not in page and "In behandeling nemen" not in page
