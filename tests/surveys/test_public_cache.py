"""The public form from each process's memory: few queries, and a change shows on the next page.

Residents arrive in bursts after a mailing, so opening the form asks the database nothing (on
Redis) and sending it writes the answers in at most four statements. Whatever a coördinator or
teammanager changes (a team question, the run, the service's name) is on the very next page a
resident opens, in this process and, through the version stamp in the shared cache, in every
other one.
"""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dienstverlening.surveys import services as survey_services
from dienstverlening.surveys.models import (
    AnswerTally,
    OpenAnswer,
    Questionnaire,
    Response,
    RunStatus,
    TeamQuestion,
)
from dienstverlening.surveys.public_cache import FORMS
from tests.surveys.conftest import answers_post
from tests.surveys.factories import InvitationFactory, TeamQuestionFactory

pytestmark = pytest.mark.django_db

# Tests run inside a transaction, so the service's own transaction shows as a savepoint; in
# production it is BEGIN and COMMIT. Transaction control is not counted.
CONTROL = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def statements(captured) -> list[str]:
    """The SQL statements a request sent, without transaction control."""
    return [q["sql"] for q in captured if not q["sql"].startswith(CONTROL)]


def opened(client, url) -> str:
    page = client.get(url)
    assert page.status_code == 200
    return page.content.decode()


# --- how many queries ---------------------------------------------------------------------------


def test_on_redis_opening_the_form_asks_the_database_nothing_and_sending_it_five_statements(
    client, link, shared_redis
):
    url = link.get_absolute_url()
    client.get(url)  # the first resident after a start or a change fills this process's cache
    with CaptureQueriesContext(connection) as opening:
        page = client.get(url)
    assert page.status_code == 200 and statements(opening) == []
    with CaptureQueriesContext(connection) as sending:
        done = client.post(url, answers_post(page, good="Vriendelijk geholpen"))
    assert done.status_code == 302
    # The response, its statement answers, its open answer, the roll-up and the team's figure
    # version (so the dashboard shows the answer on its next load): nothing else.
    assert len(statements(sending)) == 5, statements(sending)
    assert Response.objects.count() == 1 and AnswerTally.objects.get().responses == 1
    assert OpenAnswer.objects.get().text == "Vriendelijk geholpen"


def test_without_an_open_answer_sending_takes_four_statements(client, link, shared_redis):
    url = link.get_absolute_url()
    client.get(url)
    page = client.get(url)
    with CaptureQueriesContext(connection) as sending:
        assert client.post(url, answers_post(page)).status_code == 302
    assert len(statements(sending)) == 4, statements(sending)


def test_with_the_database_as_shared_cache_opening_takes_one_query(client, link):
    """Without Redis the version stamp is one read of the cache table; the rate limit adds its
    count there when sending."""
    url = link.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as opening:
        page = client.get(url)
    assert len(statements(opening)) == 1
    with CaptureQueriesContext(connection) as sending:
        assert client.post(url, answers_post(page, good="Prima")).status_code == 302
    # 5 for the answers and the figure version, 1 for the stamp and 4 for a first count in this
    # hour (2 after that).
    assert len(statements(sending)) == 10, statements(sending)
    assert Response.objects.count() == 1


def test_an_invitation_is_read_fresh_but_its_form_comes_from_memory(client, run, service, db):
    invitation = InvitationFactory(run=run, service=service)
    url = invitation.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as opening:
        page = client.get(url)
    assert "Ik voelde me serieus genomen." in page.content.decode()
    assert (
        len(statements(opening)) == 2
    )  # the version stamp (in the database here) and the invitation
    assert client.post(url, answers_post(page)).status_code == 302
    # Answered: the next visit reads that from the database, never from memory.
    assert "al ingevuld" in client.get(url).content.decode()


# --- a change shows on the next page ------------------------------------------------------------


def test_a_new_team_question_is_on_the_next_page_in_this_process(client, link, service):
    url = link.get_absolute_url()
    assert "Kon u ons goed bereiken?" not in opened(client, url)
    question = TeamQuestion(team=service.team, text="Kon u ons goed bereiken?", kind="yes_no")
    survey_services.team_question_save(question=question)
    assert "Kon u ons goed bereiken?" in opened(client, url)
    question.active = False
    survey_services.team_question_save(question=question)
    assert "Kon u ons goed bereiken?" not in opened(client, url)


def test_a_question_limited_to_another_service_leaves_this_form(client, link, service, team):
    question = TeamQuestionFactory(team=team, text="Was de balie goed te vinden?")
    url = link.get_absolute_url()
    assert "Was de balie goed te vinden?" in opened(client, url)
    other = type(service).objects.create(name="Rijbewijs", slug="rijbewijs", team=team)
    survey_services.team_question_save(question=question, services=[other])
    assert "Was de balie goed te vinden?" not in opened(client, url)


def test_a_closed_run_is_closed_on_the_next_page_and_refuses_a_form_still_open(client, link):
    url = link.get_absolute_url()
    page = client.get(url)
    survey_services.run_transition(run=link.run, status=RunStatus.CLOSED)
    assert client.get(url).status_code == 410
    assert client.post(url, answers_post(page)).status_code == 410
    assert Response.objects.count() == 0


def test_a_renamed_service_and_a_new_questionnaire_version_show_on_the_next_page(
    client, link, statements
):
    url = link.get_absolute_url()
    opened(client, url)
    link.service.name = "Paspoort of ID-kaart aanvragen"
    link.service.save()
    assert "Paspoort of ID-kaart aanvragen" in opened(client, url)
    statements[0].text = "Ik werd vriendelijk behandeld."
    statements[0].save()
    version = survey_services.questionnaire_create_version(intro="Vertel ons hoe het ging.")
    link.run.questionnaire = version
    link.run.save()
    html = opened(client, url)
    assert "Vertel ons hoe het ging." in html and "Ik werd vriendelijk behandeld." in html
    client.post(url, answers_post(client.get(url)))
    assert Response.objects.get().questionnaire == version


def test_a_change_made_by_another_process_shows_once_it_moves_the_stamp(client, link):
    """Another app server changed the intro and moved the stamp in the shared cache; this
    process notices on its next page. (``update`` sends no signal here, as a change in another
    process does not.)"""
    url = link.get_absolute_url()
    opened(client, url)
    Questionnaire.objects.filter(pk=link.run.questionnaire_id).update(intro="Nieuwe inleiding.")
    assert "Nieuwe inleiding." not in opened(client, url)  # still the form this process holds …
    caches["shared"].set(FORMS.key, "stamp-of-the-other-process")  # … until the stamp moves
    assert "Nieuwe inleiding." in opened(client, url)


def test_a_change_moves_the_stamp_for_other_processes_once_the_transaction_commits(
    link, service, django_capture_on_commit_callbacks
):
    FORMS.entries()
    before = caches["shared"].get(FORMS.key)
    with django_capture_on_commit_callbacks(execute=True):
        survey_services.team_question_save(
            question=TeamQuestion(team=service.team, text="Nog iets?", kind="yes_no")
        )
        assert caches["shared"].get(FORMS.key) == before  # not before the commit
    assert caches["shared"].get(FORMS.key) not in (None, before)


def test_without_a_readable_shared_cache_every_page_reads_the_database(client, link, monkeypatch):
    url = link.get_absolute_url()
    opened(client, url)

    def unreadable(*args, **kwargs):
        raise ConnectionError("shared cache down")

    monkeypatch.setattr(type(caches["shared"]), "get", unreadable)
    Questionnaire.objects.filter(pk=link.run.questionnaire_id).update(intro="Nieuwe inleiding.")
    assert "Nieuwe inleiding." in opened(client, url)
