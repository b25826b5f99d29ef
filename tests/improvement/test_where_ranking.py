"""Where to start: services ranked by the dashboard's own figures, one sentence each; small
groups never ranked, and said so."""

import datetime

import pytest
from django.urls import reverse

from dienstverlening.improvement.selectors import where_to_start
from dienstverlening.insights.scope import Scope
from tests.clock import at
from tests.conftest import logged_in
from tests.improvement.alerts_data import callbacks
from tests.organisation.factories import ServiceFactory

NBSP = "\u00a0"


def monday_in(period, weeks: int = 2) -> datetime.date:
    day = period.start + datetime.timedelta(weeks=weeks)
    return day - datetime.timedelta(days=day.weekday())


@pytest.fixture
def services(team):
    return {
        "weak": ServiceFactory(name="Paspoort aanvragen", team=team),
        "good": ServiceFactory(name="Rijbewijs verlengen", team=team),
        "small": ServiceFactory(name="Verhuizing doorgeven", team=team),
        "small2": ServiceFactory(name="Uittreksel aanvragen", team=team),
    }


def test_the_weakest_service_comes_first_with_its_reason_and_small_groups_are_left_out(
    team, services, answers, quarter, statements, callback_norm
):
    this, _before = quarter
    day = monday_in(this)
    answers(services["weak"], 20, agree=8, day=day)  # 40 % agree with every statement
    answers(services["good"], 20, agree=True, day=day)
    # Below the minimum: never ranked. Two of them, 5 + 5: together they are not a small group,
    # so no other service has to be hidden to protect them (``insights.disclosure``).
    answers(services["small"], 5, agree=False, day=day)
    answers(services["small2"], 5, agree=False, day=day)
    callbacks(team, at(day, 9), [0] * 6 + [3] * 6, prefix="w", service=services["weak"])

    result = where_to_start(Scope(team=team), this)

    assert [item.service.name for item in result.ranked] == [
        "Paspoort aanvragen",
        "Rijbewijs verlengen",
    ]
    assert result.left_out == 2
    assert result.ranked[0].reason == (
        f"Paspoort aanvragen: ‘Stelling Menselijk 1’ 40{NBSP}% eens; terugbelverzoek "
        f"50{NBSP}% op tijd (norm 90{NBSP}%); 12 contacten in {this.name}"
    )
    assert result.ranked[1].reason.endswith("; 20 inwoners gaven hun oordeel")


def test_a_real_fall_is_named_against_the_period_before(
    team, services, answers, quarter, statements
):
    this, before = quarter
    answers(services["weak"], 20, agree=True, day=monday_in(before))
    answers(services["weak"], 20, agree=10, day=monday_in(this))

    [item] = where_to_start(Scope(team=team), this).ranked

    assert item.fell
    assert item.reason.startswith(
        f"Paspoort aanvragen: ‘Stelling Menselijk 1’ 50{NBSP}%, significant lager dan {before.name}"
    )


def test_a_real_rise_is_what_goes_well_and_a_rise_within_the_margin_is_not(
    team, services, answers, quarter, statements
):
    this, before = quarter
    answers(services["weak"], 20, agree=10, day=monday_in(before))
    answers(services["weak"], 20, agree=True, day=monday_in(this))  # 50 % to 100 %: real
    answers(services["good"], 20, agree=10, day=monday_in(before))
    answers(services["good"], 20, agree=11, day=monday_in(this))  # 50 % to 55 %: the margin

    result = where_to_start(Scope(team=team), this)

    assert [item.service.name for item in result.risen] == ["Paspoort aanvragen"]
    assert result.risen[0].reason == (
        f"Paspoort aanvragen: ‘Stelling Menselijk 1’ 100{NBSP}% eens, significant hoger dan "
        f"{before.name}"
    )
    assert not any(item.fell for item in result.ranked)


def test_the_page_ranks_services_not_people_and_says_how_many_were_left_out(
    client, employee, team, services, answers, quarter, statements
):
    this, _before = quarter
    answers(services["weak"], 20, agree=8, day=monday_in(this))
    answers(services["small"], 5, day=monday_in(this))
    answers(services["small2"], 5, day=monday_in(this))

    html = (
        logged_in(client, employee)
        .get(reverse("improvement-where"), {"team": team.slug, "periode": this.code})
        .content.decode()
    )

    assert "Paspoort aanvragen: ‘Stelling Menselijk 1’ 40" in html
    assert "3 diensten staan er niet in" in html  # the two small ones and one without answers
    assert "We rangschikken diensten, nooit mensen." in html
    assert "medewerker-test" not in html


def test_a_period_that_does_not_exist_is_said_and_the_default_is_shown(client, employee):
    response = logged_in(client, employee).get(reverse("improvement-where"), {"periode": "2026-K9"})

    assert response.status_code == 200
    assert "Deze periode bestaat niet" in response.content.decode()
    assert response.context["result"].period.key == "jaar"


def test_the_page_takes_the_same_number_of_queries_for_many_services(
    client, employee, team, answers, quarter, statements, django_assert_max_num_queries
):
    this, _before = quarter
    for i in range(8):
        answers(ServiceFactory(team=team), 10, agree=i, day=monday_in(this))
    logged_in(client, employee)

    with django_assert_max_num_queries(16):
        response = client.get(reverse("improvement-where"), {"periode": this.code})

    assert len(response.context["result"].ranked) == 8
