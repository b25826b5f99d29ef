"""The public form, as a resident uses it: nothing lost, nothing counted twice."""

import re
from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import Client

from dienstverlening.surveys import services as survey_services
from dienstverlening.surveys.models import (
    AnswerTally,
    OpenAnswer,
    Response,
    RunStatus,
    StatementAnswer,
)
from tests.organisation.factories import ChannelFactory
from tests.surveys.conftest import answers_post, statement_names
from tests.surveys.factories import OpenLinkFactory

pytestmark = pytest.mark.django_db


def test_resident_answers_and_sees_thanks(client, link):
    page = client.get(link.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ik werd vriendelijk en met respect behandeld." in html
    assert "<legend" in html and "Weet ik niet / niet van toepassing" in html
    done = client.post(
        link.get_absolute_url(), answers_post(page, good="Fijn geholpen"), follow=True
    )
    assert "Bedankt voor uw antwoorden" in done.content.decode()
    response = Response.objects.get()
    assert (response.service, response.channel, response.municipality) == (
        link.service,
        link.channel,
        link.municipality,
    )
    assert response.mark == 8 and response.questionnaire == link.run.questionnaire
    assert StatementAnswer.objects.filter(response=response, value=4).count() == 8
    assert OpenAnswer.objects.get().text == "Fijn geholpen"


def test_dont_know_is_stored_apart_from_the_scale(client, link):
    page = client.get(link.get_absolute_url())
    data = answers_post(page)
    first_statement = statement_names(page)[0]
    data[first_statement] = "0"
    client.post(link.get_absolute_url(), data)
    assert StatementAnswer.objects.filter(value=0).count() == 1
    assert AnswerTally.objects.get().s1_0 == 1


def test_validation_error_keeps_every_answer(client, link):
    page = client.get(link.get_absolute_url())
    data = answers_post(page, good="Heel vriendelijk", mark="")
    second = statement_names(page)[1]
    data[second] = "2"
    result = client.post(link.get_absolute_url(), data)
    html = result.content.decode()
    assert "Controleer wat u heeft ingevuld" in html
    assert "Kies een rapportcijfer van 1 tot 10." in html
    assert 'href="#id_mark_0"' in html  # the summary links to the field
    assert "Heel vriendelijk" in html
    assert re.search(rf'name="{second}" value="2"[^>]*checked', html)
    form = result.context["form"]
    assert form[second].value() == "2" and form["good"].value() == "Heel vriendelijk"
    assert Response.objects.count() == 0


def test_an_error_on_one_page_is_not_on_the_next_residents_page(client, link):
    """Every form of a questionnaire shares its fields: the marks of an error stay on its page."""
    url = link.get_absolute_url()
    without_mark = client.post(url, answers_post(client.get(url), mark=""))
    assert re.search(r'name="mark"[^>]*aria-invalid="true"', without_mark.content.decode())
    data = answers_post(client.get(url))
    data[statement_names(client.get(url))[0]] = ""
    other = client.post(url, data).content.decode()
    assert "Kies een antwoord bij deze stelling." in other
    assert "Kies een rapportcijfer" not in other
    assert not re.search(r'name="mark"[^>]*aria-invalid', other)
    assert 'aria-invalid="true"' not in client.get(url).content.decode()


def test_second_submit_of_the_same_form_adds_nothing(client, link):
    page = client.get(link.get_absolute_url())
    data = answers_post(page)
    client.post(link.get_absolute_url(), data)
    again = client.post(link.get_absolute_url(), data)
    assert "U heeft deze vragenlijst al ingevuld" in again.content.decode()
    assert Response.objects.count() == 1
    assert AnswerTally.objects.get().responses == 1


def test_failing_save_shows_friendly_error_with_input_intact(client, link):
    page = client.get(link.get_absolute_url())
    data = answers_post(page, better="Sneller terugbellen")
    real = survey_services.response_submit
    calls = {"n": 0}

    def flaky(**kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise DatabaseError("database is locked")
        return real(**kwargs)

    with mock.patch.object(survey_services, "response_submit", side_effect=flaky):
        failed = client.post(link.get_absolute_url(), data)
        html = failed.content.decode()
        assert failed.status_code == 503
        assert "Door een storing zijn uw antwoorden nog niet opgeslagen" in html
        assert "Sneller terugbellen" in html
        assert Response.objects.count() == 0
        # Same form, sent again: it is saved now, once.
        retry = client.post(link.get_absolute_url(), data, follow=True)
    assert "Bedankt" in retry.content.decode()
    assert Response.objects.count() == 1


def test_open_answers_are_scrubbed_before_storing(client, link):
    page = client.get(link.get_absolute_url())
    client.post(
        link.get_absolute_url(),
        answers_post(page, better="Bel me op 06-12345678, mijn BSN is 111222333."),
    )
    text = OpenAnswer.objects.get().text
    assert "12345678" not in text and "111222333" not in text
    assert "[telefoonnummer verwijderd]" in text and "[BSN verwijderd]" in text


def test_honeypot_stores_nothing(client, link):
    page = client.get(link.get_absolute_url())
    result = client.post(link.get_absolute_url(), answers_post(page, website="http://spam"))
    assert result.status_code == 302
    assert Response.objects.count() == 0


def test_too_fast_is_not_saved_but_keeps_answers(client, link, settings, clock):
    settings.SURVEYS_MIN_FILL_SECONDS = 60
    page = client.get(link.get_absolute_url())
    clock.shift(59)
    result = client.post(link.get_absolute_url(), answers_post(page, good="Prima"))
    html = result.content.decode()
    assert "erg snel verstuurd" in html and "Prima" in html
    assert Response.objects.count() == 0
    clock.shift(1)  # a minute after the form was opened, the same answers are saved
    assert client.post(link.get_absolute_url(), answers_post(page, good="Prima")).status_code == 302
    assert Response.objects.count() == 1


def test_rate_limit_per_address_without_storing_it(client, link, settings):
    settings.SURVEYS_RATE_LIMIT = 2
    for _n in range(2):
        page = client.get(link.get_absolute_url())
        assert client.post(link.get_absolute_url(), answers_post(page)).status_code == 302
        client.cookies.clear()  # another browser behind the same address
    page = client.get(link.get_absolute_url())
    blocked = client.post(link.get_absolute_url(), answers_post(page, good="Nog eens"))
    assert blocked.status_code == 429
    assert "Nog eens" in blocked.content.decode()
    assert Response.objects.count() == 2
    # Another address is not affected.
    page = client.get(link.get_absolute_url())
    other = client.post(link.get_absolute_url(), answers_post(page), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


@pytest.mark.parametrize("store", ["database", "redis"])
def test_rate_limit_holds_for_the_whole_hour_and_starts_again_in_the_next(
    client, link, settings, clock, store, request
):
    """'20 an hour' means the clock hour: six quiet minutes do not reset the count (they did
    when the database cache set its default five minutes again on every count)."""
    if store == "redis":
        request.getfixturevalue("shared_redis")
    settings.SURVEYS_RATE_LIMIT = 2
    settings.SURVEYS_RATE_WINDOW = 3600
    url = link.get_absolute_url()
    for _n in range(2):
        client.cookies.clear()  # another browser behind the same address
        assert client.post(url, answers_post(client.get(url))).status_code == 302
    clock.shift(6 * 60)
    client.cookies.clear()
    assert client.post(url, answers_post(client.get(url))).status_code == 429
    clock.shift(50 * 60)  # 10:56, still the same hour
    client.cookies.clear()
    assert client.post(url, answers_post(client.get(url))).status_code == 429
    clock.shift(5 * 60)  # 11:01: a new hour
    client.cookies.clear()
    assert client.post(url, answers_post(client.get(url))).status_code == 302
    assert Response.objects.count() == 3


def test_tampered_token_asks_to_send_again(client, link):
    page = client.get(link.get_absolute_url())
    result = client.post(link.get_absolute_url(), answers_post(page, token="vals"))
    assert "Het formulier was verlopen" in result.content.decode()
    assert Response.objects.count() == 0


def test_closed_run_says_so(client, link):
    link.run.status = RunStatus.CLOSED
    link.run.save()
    result = client.get(link.get_absolute_url())
    assert result.status_code == 410
    assert "Deze vragenlijst is gesloten" in result.content.decode()


def test_privacy_page_and_no_address_or_time_stored(client, link):
    assert "anoniem" in client.get("/m/privacy/").content.decode()
    field_names = {f.name for f in Response._meta.get_fields()}
    assert not field_names & {"ip", "ip_address", "created_at", "email", "user_agent"}


def test_form_sends_no_inline_script_or_style(client, link):
    html = client.get(link.get_absolute_url()).content.decode()
    assert "<script" not in html and "style=" not in html


def test_cached_form_has_a_fresh_token_and_needs_no_cookie(link):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    first = browser.get(link.get_absolute_url())
    second = browser.get(link.get_absolute_url())
    token = re.compile(r'name="token" value="([^"]+)"')
    definition = re.compile(r'name="definition" value="([^"]+)"')
    assert token.search(first.content.decode())[1] != token.search(second.content.decode())[1]
    # The description of the form is the same for everyone: it stays in the cached form.
    assert (
        definition.search(first.content.decode())[1]
        == (definition.search(second.content.decode())[1])
    )
    assert "placeholder" not in second.content.decode()
    assert "csrfmiddlewaretoken" not in second.content.decode() and not browser.cookies
    assert browser.post(link.get_absolute_url(), answers_post(second)).status_code == 302
    assert Response.objects.count() == 1


def test_back_after_submitting_shows_already_answered_and_a_second_submit_adds_nothing(
    client, link
):
    url = link.get_absolute_url()
    earlier = client.get(url)  # a form the browser still holds: another tab, or Back
    page = client.get(url)
    assert client.post(url, answers_post(page)).status_code == 302
    back = client.get(url)
    html = back.content.decode()
    assert back.status_code == 200 and "U heeft deze vragenlijst al ingevuld" in html
    assert 'name="token"' not in html
    again = client.post(url, answers_post(earlier, good="Nog een keer"))
    assert "U heeft deze vragenlijst al ingevuld" in again.content.decode()
    assert Response.objects.count() == 1 and AnswerTally.objects.get().responses == 1
    assert not OpenAnswer.objects.exists()


def test_the_form_and_its_answers_are_never_cached(client, link):
    url = link.get_absolute_url()
    page = client.get(url)
    assert "no-store" in page["Cache-Control"]
    with_errors = client.post(url, answers_post(page, mark="", good="Heel vriendelijk"))
    assert "Heel vriendelijk" in with_errors.content.decode()
    assert "no-store" in with_errors["Cache-Control"]


def test_answered_cookie_names_only_the_form_and_is_the_same_for_everyone(link, settings):
    url = link.get_absolute_url()
    cookies = []
    for _resident in range(2):
        browser = Client()
        browser.post(url, answers_post(browser.get(url)))
        cookies.append(browser.cookies["dv_ingevuld"])
    first, second = cookies
    # Two residents get the same value: it cannot point to a person or to a response.
    assert first.value == second.value and Response.objects.count() == 2
    assert first["path"] == url
    assert first["httponly"] and first["samesite"] == "Lax" and first["secure"]
    assert int(first["max-age"]) == 14 * 24 * 3600  # as long as a form token
    privacy = Client().get("/m/privacy/").content.decode()
    assert "onthoudt uw browser 14 dagen dat deze vragenlijst is ingevuld" in privacy
    # Local development over http (DEBUG): the cookie is not marked Secure.
    settings.SESSION_COOKIE_SECURE = False
    browser = Client()
    browser.post(url, answers_post(browser.get(url)))
    assert not browser.cookies["dv_ingevuld"]["secure"]


def test_another_link_and_a_forged_cookie_still_get_a_fresh_form(client, link):
    url = link.get_absolute_url()
    client.post(url, answers_post(client.get(url)))
    # The same browser, the QR code of another service in the same run: a new contact.
    other = OpenLinkFactory(
        run=link.run,
        service=link.service,
        channel=ChannelFactory(name="Telefoon", slug="telefoon"),
        municipality=link.municipality,
    )
    assert 'name="token"' in client.get(other.get_absolute_url()).content.decode()
    # A cookie made up by hand does not count as answered.
    forged = Client()
    forged.cookies["dv_ingevuld"] = url
    assert 'name="token"' in forged.get(url).content.decode()


def test_privacy_page_names_the_minimum_group_size_in_force(client, settings):
    settings.DV_MIN_GROUP_SIZE = 15
    html = client.get("/m/privacy/").content.decode()
    assert "Uitkomsten van groepen kleiner dan 15 mensen laten wij niet zien." in html


def test_the_answered_check_asks_the_database_nothing(client, link):
    """The public form is the hot path: the cookie check is a signature, not a query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = link.get_absolute_url()
    client.get(url)  # the empty form is rendered once per process
    with CaptureQueriesContext(connection) as fresh:
        page = client.get(url)
    client.post(url, answers_post(page))
    with CaptureQueriesContext(connection) as answered:
        assert "al ingevuld" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as resent:
        assert "al ingevuld" in client.post(url, answers_post(page)).content.decode()
    # The version stamp of the form this process keeps (in the database cache here; on Redis
    # the page asks the database nothing, tests/surveys/test_public_cache.py).
    assert len(answered) == len(resent) == len(fresh) == 1


def test_replaying_the_same_post_without_the_cookie_still_counts_once(client, link):
    """The form's own token stays the guard when the cookie is gone (or never kept)."""
    url = link.get_absolute_url()
    data = answers_post(client.get(url))
    assert client.post(url, data).status_code == 302
    replay = Client().post(url, data)
    assert "U heeft deze vragenlijst al ingevuld" in replay.content.decode()
    assert Response.objects.count() == 1 and AnswerTally.objects.get().responses == 1
