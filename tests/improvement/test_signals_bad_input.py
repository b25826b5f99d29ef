"""Bad input on the signal pages: a clear Dutch message, and everything typed is still there."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dienstverlening.improvement.models import Signal, SignalStatus
from dienstverlening.improvement.services import signal_answer, signal_pass_on, signal_submit
from tests.conftest import logged_in
from tests.improvement.factories import signal_submitted
from tests.organisation.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

NEW = reverse("improvement-signal-new")
TEXT = "Op de website staat nog het oude telefoonnummer van de balie."


def test_a_signal_for_a_service_that_does_not_exist_is_refused_and_the_text_stays(
    client, sender, service
):
    woerden = MunicipalityFactory()
    missing = service.pk + 1000

    response = logged_in(client, sender).post(
        NEW,
        {"service": missing, "municipality": woerden.pk, "origin": "own", "description": TEXT},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Deze dienst bestaat niet (meer)" in page
    assert TEXT in page  # nothing lost
    assert 'value="own" ' in page and "checked" in page
    assert not Signal.objects.exists()


def test_the_service_layer_refuses_an_unknown_service_in_dutch(sender):
    with pytest.raises(ValidationError) as refused:
        signal_submit(
            sender=sender,
            service_id=999_999,
            municipality_id=MunicipalityFactory().pk,
            origin="own",
            description=TEXT,
        )
    assert "bestaat niet" in refused.value.message_dict["service"][0]


def test_without_a_service_or_description_the_form_says_what_is_missing(client, sender):
    response = logged_in(client, sender).post(NEW, {"q": "paspoort", "origin": "colleague"})

    page = response.content.decode()
    assert "Kies de dienst waar het signaal over gaat" in page
    assert "Beschrijf kort wat er is gebeurd" in page
    assert 'value="paspoort"' in page
    assert not Signal.objects.exists()


def test_searching_again_keeps_what_was_typed_and_shows_the_services_found(client, sender, service):
    response = logged_in(client, sender).post(
        NEW, {"q": "paspoort", "zoeken": "1", "description": TEXT, "origin": "own"}
    )

    page = response.content.decode()
    assert "Paspoort aanvragen (team Burgerzaken)" in page
    assert TEXT in page
    assert "Controleer wat u heeft ingevuld" not in page  # searching is not a mistake


def test_the_htmx_search_returns_only_the_choice_of_services(client, sender, service):
    response = logged_in(client, sender).get(NEW, {"q": "paspoort"}, headers={"HX-Request": "true"})

    page = response.content.decode()
    assert page.strip().startswith('<div id="id_service"')
    assert "Paspoort aanvragen" in page and "<form" not in page


def test_a_search_without_results_says_so(client, sender, service):
    page = logged_in(client, sender).get(NEW, {"q": "zwembad"}).content.decode()
    assert "Geen dienst gevonden voor “zwembad”" in page


def test_an_empty_answer_is_refused_and_the_signal_stays_open(client, sender, manager, service):
    signal = signal_submitted(service, sender)

    response = logged_in(client, manager).post(
        reverse("improvement-signal-answer", args=[signal.pk]), {"answer": "  "}
    )

    assert response.status_code == 400
    assert "Schrijf een antwoord" in response.content.decode()
    signal.refresh_from_db()
    assert signal.status == SignalStatus.NEW


def test_passing_on_without_a_reason_keeps_the_chosen_team(
    client, sender, manager, other_team, service
):
    signal = signal_submitted(service, sender)

    response = logged_in(client, manager).post(
        reverse("improvement-signal-pass-on", args=[signal.pk]), {"team": other_team.pk}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Schrijf waarom het signaal naar dit team gaat" in page
    assert f'<option value="{other_team.pk}" selected>' in page
    signal.refresh_from_db()
    assert signal.team == service.team


def test_passing_on_to_the_same_team_is_refused(sender, manager, service):
    signal = signal_submitted(service, sender)
    with pytest.raises(ValidationError) as refused:
        signal_pass_on(signal=signal, by=manager, team=service.team, reason="Toch maar hier.")
    assert "al bij dit team" in refused.value.message_dict["team"][0]


def test_a_signal_answered_in_another_tab_cannot_be_answered_again(
    client, sender, manager, service
):
    signal = signal_submitted(service, sender)
    signal_answer(signal=signal, by=manager, answer="Opgelost.")

    response = logged_in(client, manager).post(
        reverse("improvement-signal-answer", args=[signal.pk]),
        {"answer": "Nog een antwoord."},
        follow=True,
    )

    assert "Dit signaal is al afgehandeld" in response.content.decode()
    signal.refresh_from_db()
    assert signal.answer == "Opgelost."


def test_personal_data_in_a_signal_is_removed_before_it_is_stored(sender, service):
    signal = signal_submitted(
        service, sender, description="Mevrouw belde vanaf 06-12345678 over haar paspoort."
    )
    assert "12345678" not in signal.description
    assert "[telefoonnummer verwijderd]" in signal.description
