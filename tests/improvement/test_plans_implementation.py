"""The implementation plan: progress per advice and per colour, kept by the coördinator."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dienstverlening.improvement.models import ActionStatus, Advice, ImplementationAction
from dienstverlening.improvement.selectors import implementation_progress
from dienstverlening.improvement.services import implementation_action_update
from tests.conftest import logged_in
from tests.improvement.plans_factories import implementation_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return implementation_plan()


def _set(position: int, status: str) -> None:
    ImplementationAction.objects.filter(position=position).update(status=status)


def test_progress_counts_per_advice_and_per_colour(plan):
    _set(1, ActionStatus.DONE)  # green, advice 1
    _set(2, ActionStatus.DONE)  # green, advice 1
    _set(3, ActionStatus.RUNNING)  # orange, advices 1 and 2
    _set(30, ActionStatus.RUNNING)  # orange, advices 4 and 9

    progress = implementation_progress()

    advice = {row.key: row for row in progress.by_advice}
    assert [row.key for row in progress.by_advice] == [str(n) for n in range(1, 11)]
    assert (advice["1"].done, advice["1"].running) == (2, 1)
    assert (advice["2"].done, advice["2"].running) == (0, 1)
    assert (advice["4"].total, advice["4"].running) == (2, 1)
    assert advice["1"].total == 15
    assert advice["1"].not_started == 15 - 3
    colour = {row.key: row for row in progress.by_colour}
    assert [row.key for row in progress.by_colour] == ["green", "yellow", "orange", "none"]
    assert (colour["green"].total, colour["green"].done) == (12, 2)
    assert (colour["yellow"].total, colour["orange"].total, colour["none"].total) == (12, 10, 1)
    assert colour["orange"].running == 2
    total = progress.total
    assert (total.total, total.done, total.running, total.not_started) == (35, 2, 2, 31)


def test_the_page_shows_the_numbers_in_words_and_tables(
    client, employee, plan, django_assert_max_num_queries
):
    _set(1, ActionStatus.DONE)
    logged_in(client, employee)

    # Session and user (2), the idle timeout's session save (3), the page (4).
    with django_assert_max_num_queries(9):
        response = client.get(reverse("improvement-implementation"))

    page = response.content.decode()
    assert "35 acties: 1 klaar, 0 lopen, 34 nog niet begonnen." in page
    assert "Voortgang per advies" in page and "Voortgang per kleur" in page
    assert "1 van 12 klaar" in page  # green: a bar, with its words beside it
    assert "groen: kan nu, zonder extra tijd of geld" in page
    assert "kleur niet aangegeven in het advies" in page
    assert page.count('id="actie-') == 35


def test_the_list_filters_on_an_advice_or_a_colour(client, employee, plan):
    logged_in(client, employee)
    url = reverse("improvement-implementation")

    page = client.get(url, {"advies": "5"}).content.decode()
    assert page.count('id="actie-') == 3  # actions 17, 28 and 29
    page = client.get(url, {"kleur": "none"}).content.decode()
    assert page.count('id="actie-') == 1
    assert 'id="actie-35"' in page
    # Nonsense in the address shows everything.
    page = client.get(url, {"advies": "x", "kleur": "paars"}).content.decode()
    assert page.count('id="actie-') == 35


def test_the_coordinator_records_status_owner_and_notes(client, coordinator, plan):
    item = plan[6]  # the team plans of advice 3
    logged_in(client, coordinator)

    response = client.post(
        reverse("improvement-implementation-edit", args=[item.pk]),
        {
            "text": item.text,
            "colour": "green",
            "responsible": item.responsible,
            "advices": [a.pk for a in Advice.objects.filter(number__in=[1, 2, 3])],
            "status": "running",
            "owner": "Coördinator dienstverlening",
            "notes": "Sjabloon voor het teamplan staat in de applicatie.",
        },
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.owner, item.updated_by) == (
        "running",
        "Coördinator dienstverlening",
        coordinator,
    )
    page = client.get(reverse("improvement-implementation")).content.decode()
    assert "Sjabloon voor het teamplan staat in de applicatie." in page


def test_an_action_without_advice_or_text_is_refused_and_the_notes_kept(client, coordinator, plan):
    item = plan[0]
    logged_in(client, coordinator)

    response = client.post(
        reverse("improvement-implementation-edit", args=[item.pk]),
        {
            "text": "",
            "colour": "purple",
            "responsible": item.responsible,
            "status": "done",
            "notes": "Mijn aantekeningen van vandaag.",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Kies minstens één advies waar deze actie aan bijdraagt." in page
    assert "Schrijf de tekst van de actie op." in page
    assert "Mijn aantekeningen van vandaag." in page
    item.refresh_from_db()
    assert item.status == "open" and item.text


def test_the_service_refuses_an_action_without_advice(coordinator, plan):
    with pytest.raises(ValidationError) as refused:
        implementation_action_update(
            action=plan[0],
            text="Iets",
            colour="",
            responsible="P&O",
            advices=[],
            status="open",
            by=coordinator,
        )
    assert "advices" in refused.value.message_dict
