"""The public form when things fail: a database outage, a browser without cookies, a post from
another website. The resident always gets a Dutch page in the public layout that keeps every
answer and says what to do; nothing is lost, nothing is counted twice.

The database is made to fail with Django's own ``connection.execute_wrapper``: every query the
request tries raises the error a dropped or refused connection raises.
"""

import re

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client

from dienstverlening.surveys import services as survey_services
from dienstverlening.surveys.models import AnswerTally, OpenAnswer, Response, TeamAnswer
from tests.surveys.browserless import form_fields, form_post
from tests.surveys.conftest import answers_post, statement_names
from tests.surveys.factories import InvitationFactory, TeamQuestionFactory

pytestmark = pytest.mark.django_db

STORING = "Door een storing zijn uw antwoorden nog niet opgeslagen"


def database_gone(error_class):
    """An execute wrapper that fails every query the way a lost database server does."""
    tried: list[str] = []

    def refuse(execute, sql, params, many, context):
        tried.append(sql)
        raise error_class("server closed the connection unexpectedly")

    refuse.tried = tried
    return refuse


@pytest.fixture
def team_questions(team):
    return [
        TeamQuestionFactory(team=team, kind="yes_no", text="Had u een afspraak?", order=1),
        TeamQuestionFactory(
            team=team,
            kind="multiple",
            text="Hoe nam u contact op?",
            choices="Balie\nTelefoon\nE-mail",
            order=2,
        ),
        TeamQuestionFactory(team=team, kind="open", text="Wat zou u anders doen?", order=3),
    ]


def filled_in(page, team_questions) -> dict:
    """A resident's answers with a different value per statement, every kind of question."""
    names = statement_names(page)
    data = answers_post(
        page,
        mark="7",
        outcome="refused",
        good="Vriendelijk & snel <geholpen>",
        better="Langer open\nop donderdag",
    )
    for n, name in enumerate(names):
        data[name] = str(n % 6)  # 0 (weet ik niet) .. 5
    yes_no, multiple, open_question = team_questions
    data[f"q{yes_no.pk}"] = "nee"
    data[f"q{multiple.pk}"] = ["Balie", "E-mail"]
    data[f"q{open_question.pk}"] = "Eerder terugbellen"
    return data


def as_sent(data: dict) -> dict[str, list[str]]:
    """What a browser sends, without the empty fields."""
    values = {name: value if isinstance(value, list) else [value] for name, value in data.items()}
    return {name: value for name, value in values.items() if value not in ([""], [])}


def assert_public_layout(html: str) -> None:
    assert '<html lang="nl">' in html
    assert 'class="dv-container dv-survey"' in html  # the survey's own narrow layout
    assert "/m/privacy/" in html
    assert "Hoofdmenu" not in html and "Inloggen" not in html  # not the staff layout


@pytest.mark.parametrize("error_class", [OperationalError, InterfaceError])
def test_database_down_while_sending_shows_the_form_as_filled_in_with_a_dutch_message(
    link, team_questions, error_class
):
    browser = Client(raise_request_exception=False)
    url = link.get_absolute_url()
    page = browser.get(url)
    data = filled_in(page, team_questions)
    refuse = database_gone(error_class)
    with connection.execute_wrapper(refuse):
        failed = browser.post(url, data)
    html = failed.content.decode()
    assert refuse.tried, "the request should have tried the database"
    assert failed.status_code == 503
    assert failed["Retry-After"] == "120"
    assert "no-store" in failed["Cache-Control"]
    assert_public_layout(html)
    assert "Uw antwoorden zijn nog niet verstuurd" in html
    assert STORING in html and "Probeer het over een paar minuten opnieuw" in html
    assert "Server Error" not in html and "Er ging iets mis aan onze kant" not in html
    # Every answer is still filled in: radios and boxes checked, texts in their boxes.
    assert as_sent(form_fields(html)) == as_sent(data)
    assert re.search(r'<textarea name="better"[^>]*>\nLanger open\nop donderdag</textarea>', html)
    assert "Vriendelijk &amp; snel &lt;geholpen&gt;" in html
    assert Response.objects.count() == 0
    # The database is back: clicking Versturen on that page saves the answers once.
    done = browser.post(url, form_post(html))
    assert done.status_code == 302 and done["Location"] == "/m/bedankt/"
    again = browser.post(url, form_post(html))
    assert "U heeft deze vragenlijst al ingevuld" in again.content.decode()
    response = Response.objects.get()
    assert response.mark == 7 and response.outcome == "refused"
    assert AnswerTally.objects.get().responses == 1
    assert set(TeamAnswer.objects.values_list("value", flat=True)) == {"nee", "Balie | E-mail"}
    assert OpenAnswer.objects.count() == 3


def test_a_fresh_process_draws_the_form_from_the_page_itself(link, team_questions):
    """A new app server (or one restarted during the outage) has nothing in memory: the page
    carries a signed description of the form, enough to draw it again."""
    from django.core.cache import cache

    browser = Client()
    url = link.get_absolute_url()
    data = filled_in(browser.get(url), team_questions)
    cache.clear()
    survey_services._STATEMENTS.clear()
    with connection.execute_wrapper(database_gone(OperationalError)):
        failed = browser.post(url, data)
    html = failed.content.decode()
    assert failed.status_code == 503 and STORING in html
    assert "Ik werd vriendelijk en met respect behandeld." in html
    assert "Hoe nam u contact op?" in html and "Gemeente Woerden" in html
    assert "Paspoort aanvragen" in html
    assert form_fields(html)["token"] == [data["token"]]  # sending again counts once


def test_a_changed_description_of_the_form_is_not_drawn(link):
    browser = Client()
    url = link.get_absolute_url()
    data = answers_post(browser.get(url), good="Fijn")
    data["definition"] = data["definition"][:-3] + "abc"
    with connection.execute_wrapper(database_gone(OperationalError)):
        failed = browser.post(url, data)
    html = failed.content.decode()
    assert failed.status_code == 503
    assert_public_layout(html)
    assert "Uw antwoorden zijn nog niet verstuurd" in html
    assert "terugknop" in html  # the browser still holds the answers on the page before


def test_database_down_when_opening_the_form_says_to_try_again_later(link):
    browser = Client(raise_request_exception=False)
    with connection.execute_wrapper(database_gone(OperationalError)):
        page = browser.get(link.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 503 and page["Retry-After"] == "120"
    assert_public_layout(html)
    assert "Het formulier is even niet beschikbaar" in html
    assert "Probeer het over een paar minuten opnieuw" in html


def test_an_invitation_keeps_its_answers_during_an_outage_and_counts_once(run, service, link):
    invitation = InvitationFactory(run=run, service=service, municipality=link.municipality)
    browser = Client()
    url = invitation.get_absolute_url()
    page = browser.get(url)
    data = answers_post(page, good="Prima", mark="9")
    assert "outcome" not in form_fields(page.content.decode())
    with connection.execute_wrapper(database_gone(OperationalError)):
        failed = browser.post(url, data)
    html = failed.content.decode()
    assert failed.status_code == 503 and STORING in html
    assert "Hoe is uw vraag of aanvraag afgelopen?" not in html
    assert form_fields(html)["good"] == ["Prima"] and form_fields(html)["mark"] == ["9"]
    assert browser.post(url, form_post(html)).status_code == 302
    assert browser.post(url, form_post(html)).status_code == 200  # "al ingevuld"
    assert Response.objects.count() == 1


def test_a_resident_without_cookies_can_send_the_form(link):
    browser = Client(enforce_csrf_checks=True)
    url = link.get_absolute_url()
    page = browser.get(url)
    assert "csrftoken" not in page.cookies  # the public form sets no cookie before sending
    browser.cookies.clear()
    done = browser.post(url, answers_post(page, good="Zonder cookies"))
    assert done.status_code == 302 and done["Location"] == "/m/bedankt/"
    assert OpenAnswer.objects.get().text == "Zonder cookies"


def test_a_post_from_the_site_itself_is_accepted(link):
    browser = Client(enforce_csrf_checks=True)
    url = link.get_absolute_url()
    data = answers_post(browser.get(url))
    done = browser.post(
        url, data, HTTP_ORIGIN="http://testserver", HTTP_SEC_FETCH_SITE="same-origin"
    )
    assert done.status_code == 302 and Response.objects.count() == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://elders.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://elders.example"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},
    ],
    ids=["other-origin", "null-origin", "cross-site", "same-site"],
)
def test_a_post_from_another_website_is_not_saved_but_keeps_the_answers(link, headers):
    browser = Client(enforce_csrf_checks=True)
    url = link.get_absolute_url()
    data = answers_post(browser.get(url), good="Via een andere site")
    refused = browser.post(url, data, **headers)
    html = refused.content.decode()
    assert refused.status_code == 403
    assert_public_layout(html)
    assert "via een andere website" in html and "Via een andere site" in html
    assert Response.objects.count() == 0
    # The same answers, sent from the form on our own page, are saved.
    assert browser.post(url, form_post(html)).status_code == 302
    assert Response.objects.count() == 1


@pytest.mark.parametrize("trusted", ["https://www.woerden.nl", "https://*.woerden.nl"])
def test_a_trusted_origin_may_send_the_form(link, settings, trusted):
    settings.CSRF_TRUSTED_ORIGINS = [trusted]
    browser = Client()
    url = link.get_absolute_url()
    data = answers_post(browser.get(url))
    done = browser.post(
        url, data, HTTP_ORIGIN="https://www.woerden.nl", HTTP_SEC_FETCH_SITE="same-site"
    )
    assert done.status_code == 302
    # A page of a site that is not trusted is still another website.
    other = Client()
    data = answers_post(other.get(url))
    refused = other.post(url, data, HTTP_ORIGIN="https://woerden.nl.example")
    assert refused.status_code == 403 and Response.objects.count() == 1


def test_staff_forms_keep_their_cookie_check_and_dutch_page(client):
    browser = Client(enforce_csrf_checks=True)
    refused = browser.post("/inloggen/", {"username": "anna", "password": "geheim"})
    assert refused.status_code == 403
    assert "Dit formulier is verlopen" in refused.content.decode()


def test_rate_limit_store_down_does_not_refuse_residents(link):
    """The limit's shared cache can fail (its table, or Redis) while the rest of the database
    answers: the resident is not turned away for that."""

    def cache_table_gone(execute, sql, params, many, context):
        if "dv_cache" in sql:
            raise OperationalError("relation dv_cache is not available")
        return execute(sql, params, many, context)

    browser = Client()
    url = link.get_absolute_url()
    data = answers_post(browser.get(url))
    with connection.execute_wrapper(cache_table_gone):
        done = browser.post(url, data)
    assert done.status_code == 302 and Response.objects.count() == 1
