"""Team questions: a teammanager edits their own team's questions only, with a B1 check."""

import pytest

from dienstverlening.surveys.models import TeamAnswer, TeamQuestion
from tests.conftest import logged_in
from tests.surveys.conftest import answers_post
from tests.surveys.factories import TeamQuestionFactory

pytestmark = pytest.mark.django_db


def test_manager_adds_question_and_resident_sees_it(client, manager, team, link):
    logged_in(client, manager)
    result = client.post(
        f"/metingen/teams/{team.slug}/vragen/",
        {
            "text": "Hoe maakte u de afspraak?",
            "kind": "single",
            "choices": "Website\nTelefoon",
            "active": "on",
        },
    )
    assert result.status_code == 302
    question = TeamQuestion.objects.get()
    assert question.team == team
    client.logout()
    page = client.get(link.get_absolute_url())
    assert "Hoe maakte u de afspraak?" in page.content.decode()
    data = answers_post(page, **{f"q{question.pk}": "Telefoon"})
    client.post(link.get_absolute_url(), data)
    assert TeamAnswer.objects.get().value == "Telefoon"


def test_choice_question_needs_two_choices(client, manager, team):
    logged_in(client, manager)
    result = client.post(
        f"/metingen/teams/{team.slug}/vragen/",
        {"text": "Welke?", "kind": "multiple", "choices": "Alleen deze", "active": "on"},
    )
    assert "Geef minstens twee antwoordmogelijkheden" in result.content.decode()
    assert TeamQuestion.objects.count() == 0


def test_manager_cannot_edit_other_teams_questions(client, manager, other_team):
    question = TeamQuestionFactory(team=other_team)
    logged_in(client, manager)
    assert client.get(f"/metingen/teams/{other_team.slug}/vragen/").status_code == 403
    assert (
        client.post(f"/metingen/teams/{other_team.slug}/vragen/{question.pk}/", {}).status_code
        == 403
    )
    assert (
        client.post(
            f"/metingen/teams/{other_team.slug}/vragen/{question.pk}/verplaatsen/",
            {"direction": "up"},
        ).status_code
        == 403
    )


def test_employee_cannot_edit_questions(client, employee, team):
    logged_in(client, employee)
    assert client.get(f"/metingen/teams/{team.slug}/vragen/").status_code == 403


def test_reorder(client, manager, team):
    first = TeamQuestionFactory(team=team, order=1, text="Eerste?")
    second = TeamQuestionFactory(team=team, order=2, text="Tweede?")
    logged_in(client, manager)
    client.post(f"/metingen/teams/{team.slug}/vragen/{second.pk}/verplaatsen/", {"direction": "up"})
    assert list(TeamQuestion.objects.order_by("order").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]


def test_readability_warns_on_long_sentences(client, manager, team):
    TeamQuestionFactory(
        team=team,
        text=(
            "Indien u naar aanleiding van de door de gemeente verstrekte informatie aanvullende "
            "vragen heeft gehad, in hoeverre werden deze vervolgens adequaat en tijdig beantwoord?"
        ),
    )
    TeamQuestionFactory(team=team, text="Kreeg u snel antwoord?")
    logged_in(client, manager)
    html = client.get(f"/metingen/teams/{team.slug}/vragen/").content.decode()
    assert "Lange zin (meer dan 15 woorden)" in html
    assert "makkelijk te lezen" in html


def test_preview_shows_the_form_as_a_resident_sees_it(
    client, manager, team, service, questionnaire
):
    TeamQuestionFactory(team=team, text="Wist u wat u moest meenemen?")
    logged_in(client, manager)
    html = client.get(
        f"/metingen/teams/{team.slug}/voorbeeld/?dienst={service.slug}"
    ).content.decode()
    assert "Wist u wat u moest meenemen?" in html and "Ik werd vriendelijk" in html
    assert "Voorbeeld" in html


def test_readability_score_dutch():
    from dienstverlening.surveys.readability import readability

    easy = readability("Kreeg u snel antwoord? Was de uitleg duidelijk?")
    hard = readability(
        "Bent u tevreden over de doeltreffendheid van de gemeentelijke informatievoorziening?"
    )
    assert easy.score > hard.score
    assert easy.is_easy and not hard.is_easy
