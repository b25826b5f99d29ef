"""Team plans: a team chooses from the framework, writes its focus and keeps its actions."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dienstverlening.framework.models import Level
from dienstverlening.improvement.models import Action, ActionStatus, TeamPlan
from dienstverlening.improvement.services import (
    action_create,
    team_plan_action_add,
    team_plan_create,
    team_plan_update,
    track_open,
)
from tests.conftest import logged_in
from tests.framework.factories import NormFactory, WorkAgreementFactory
from tests.improvement.plans_factories import TeamPlanFactory
from tests.organisation.factories import ServiceFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework(team, other_team, service):
    """The organisation's call-back norm, the team's own e-mail norm, a passport lead time, and
    agreements; plus another team's norm that Burgerzaken must not be able to choose."""
    return {
        "callback": NormFactory(title="We bellen binnen 1 werkdag terug."),
        "email": NormFactory(
            level=Level.TEAM,
            team=team,
            subject="email",
            title="We beantwoorden e-mail binnen 1 werkdag.",
        ),
        "passport": NormFactory(
            level=Level.SERVICE,
            service=service,
            subject="lead_time",
            title="Uw paspoort ligt binnen 5 werkdagen klaar.",
            target_value=5,
        ),
        "foreign": NormFactory(
            level=Level.TEAM, team=other_team, subject="email", title="Belastingen mailt snel."
        ),
        "name": WorkAgreementFactory(text="We noemen altijd onze naam."),
        "team_agreement": WorkAgreementFactory(
            level=Level.TEAM, team=team, text="We bellen terug als de balie vol is."
        ),
        "foreign_agreement": WorkAgreementFactory(
            level=Level.TEAM, team=other_team, text="Belastingen-afspraak."
        ),
    }


def test_the_manager_makes_a_plan_and_chooses_norms_agreements_and_actions(
    client, manager, team, framework, now
):
    logged_in(client, manager)
    response = client.post(
        reverse("improvement-plan-create"),
        {"team": team.pk, "year": now.year, "focus": "Terugbellen op tijd."},
    )
    plan = TeamPlan.objects.get(team=team, year=now.year)
    assert response.url == reverse("improvement-plan-edit", args=[plan.pk])

    page = client.get(response.url).content.decode()
    # The framework that holds for the team is offered, another team's is not.
    for offered in ("We bellen binnen 1 werkdag terug.", "Uw paspoort ligt binnen 5 werkdagen"):
        assert offered in page
    assert "Belastingen mailt snel." not in page
    assert "Belastingen-afspraak." not in page

    track = track_open(team=team, title="Terugbellen", problem="Te laat.", opened_by=manager)
    from_track = action_create(team=team, title="Belscript", due=now.date(), track=track)
    response = client.post(
        response.url,
        {
            "focus": "We bellen elke inwoner binnen een werkdag terug.",
            "norms": [framework["callback"].pk, framework["passport"].pk],
            "agreements": [framework["name"].pk],
            "actions": [from_track.pk],
        },
    )
    assert response.url == plan.get_absolute_url()

    page = client.get(plan.get_absolute_url()).content.decode()
    assert "We bellen elke inwoner binnen een werkdag terug." in page
    assert "Uw paspoort ligt binnen 5 werkdagen klaar." in page
    assert "We noemen altijd onze naam." in page
    assert "Belscript" in page and "Terugbellen" in page
    assert "We beantwoorden e-mail binnen 1 werkdag." not in page  # not chosen


def test_a_second_plan_for_the_same_team_and_year_is_refused_and_the_focus_kept(
    client, manager, team, now
):
    TeamPlanFactory(team=team, year=now.year)
    logged_in(client, manager)

    response = client.post(
        reverse("improvement-plan-create"),
        {"team": team.pk, "year": now.year, "focus": "Mijn zorgvuldig geschreven focus."},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert f"Team Burgerzaken heeft al een teamplan voor {now.year}" in page
    assert "Mijn zorgvuldig geschreven focus." in page
    assert TeamPlan.objects.filter(team=team).count() == 1


def test_a_year_out_of_range_is_refused_in_dutch(client, manager, team):
    logged_in(client, manager)
    response = client.post(reverse("improvement-plan-create"), {"team": team.pk, "year": "1999"})
    assert "Kies een jaar vanaf 2020." in response.content.decode()
    assert not TeamPlan.objects.exists()


def test_an_own_action_without_owner_is_refused_and_the_text_kept(client, manager, team, now):
    plan = TeamPlanFactory(team=team, year=now.year)
    logged_in(client, manager)

    response = client.post(
        reverse("improvement-plan-action-create", args=[plan.pk]),
        {"title": "Terugbelnotities op één plek", "owner": "", "due": now.date().isoformat()},
    )

    page = response.content.decode()
    assert "Kies het team dat de actie uitvoert." in page
    assert "Terugbelnotities op één plek" in page
    assert not Action.objects.exists()


def test_an_own_action_due_in_the_past_is_refused_and_the_input_kept(client, manager, team, now):
    plan = TeamPlanFactory(team=team, year=now.year)
    logged_in(client, manager)
    yesterday = now.date() - datetime.timedelta(days=1)

    response = client.post(
        reverse("improvement-plan-action-create", args=[plan.pk]),
        {"title": "Terugbelnotities op één plek", "owner": team.pk, "due": yesterday.isoformat()},
    )

    page = response.content.decode()
    assert "deze datum is al voorbij" in page
    assert "Terugbelnotities op één plek" in page
    assert yesterday.isoformat() in page
    assert not Action.objects.exists()


def test_an_own_action_lands_in_the_plan_and_its_status_can_be_changed(client, manager, team, now):
    plan = TeamPlanFactory(team=team, year=now.year)
    logged_in(client, manager)
    due = now.date() + datetime.timedelta(days=30)

    client.post(
        reverse("improvement-plan-action-create", args=[plan.pk]),
        {"title": "Terugbelnotities op één plek", "owner": team.pk, "due": due.isoformat()},
    )
    [action] = plan.actions.all()
    assert (action.team, action.track, action.due) == (team, None, due)

    client.post(
        reverse("improvement-plan-action-status", args=[plan.pk, action.pk]),
        {"status": ActionStatus.DONE},
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "staat nu op: klaar" in page


def test_an_unknown_status_changes_nothing(client, manager, team, now):
    plan = TeamPlanFactory(team=team, year=now.year)
    action = action_create(team=team, title="Belscript", due=now.date())
    plan.actions.add(action)
    logged_in(client, manager)

    response = client.post(
        reverse("improvement-plan-action-status", args=[plan.pk, action.pk]),
        {"status": "weg"},
        follow=True,
    )

    assert "Kies een status uit de lijst." in response.content.decode()
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


def test_the_service_refuses_norms_agreements_and_actions_of_another_team(
    team, other_team, framework, now
):
    plan = team_plan_create(team=team, year=now.year, by=None)
    foreign_action = action_create(team=other_team, title="Niet van ons", due=now.date())

    with pytest.raises(ValidationError) as refused:
        team_plan_update(
            plan=plan,
            focus="",
            norms=[framework["foreign"]],
            agreements=[framework["foreign_agreement"]],
            actions=[foreign_action],
            by=None,
        )

    assert set(refused.value.message_dict) == {"norms", "agreements", "actions"}
    assert not plan.norms.exists()


def test_a_plan_keeps_a_norm_that_was_replaced_later_in_the_year(team, framework, now):
    plan = team_plan_create(team=team, year=now.year, by=None)
    old = framework["callback"]
    team_plan_update(plan=plan, focus="", norms=[old], by=None)
    from dienstverlening.framework.services import norm_change

    norm_change(
        norm=old,
        effective_from=now.date(),
        title="We bellen binnen 4 uur terug.",
        target_value=4,
        unit=old.unit,
        target_share=old.target_share,
    )

    from dienstverlening.improvement.selectors import plan_options

    options = plan_options(plan=plan, today=now.date())
    titles = [norm.title for norm in options.norms]
    assert "We bellen binnen 1 werkdag terug." in titles  # the chosen, now ended, version
    assert "We bellen binnen 4 uur terug." in titles  # the new version to choose


def test_an_action_of_a_plan_can_be_owned_by_another_team_the_coordinator_edits(
    coordinator, team, other_team, now
):
    plan = team_plan_create(team=team, year=now.year, by=coordinator)
    action = team_plan_action_add(
        plan=plan, title="Website-tekst", owner=other_team, due=now.date(), by=coordinator
    )
    assert action.team == other_team
    assert list(plan.actions.all()) == [action]


def test_the_print_view_shows_the_plan_without_menu_or_buttons(client, employee, team, now):
    plan = TeamPlanFactory(team=team, year=now.year, focus="Vriendelijk en snel.")
    plan.actions.add(action_create(team=team, title="Belscript", due=now.date()))
    logged_in(client, employee)

    page = client.get(reverse("improvement-plan-print", args=[plan.pk])).content.decode()

    assert f"Teamplan {now.year} van Burgerzaken" in page
    assert "Vriendelijk en snel." in page and "Belscript" in page
    assert "Hoofdmenu" not in page
    assert "<form" not in page
    assert "improvement/plans" in page  # the stylesheet with the print rules


def test_the_list_shows_every_team_with_or_without_a_plan(
    client, employee, team, other_team, now, django_assert_max_num_queries
):
    plan = TeamPlanFactory(team=team, year=now.year)
    plan.actions.add(action_create(team=team, title="Belscript", due=now.date()))
    for _number in range(8):
        TeamPlanFactory(team=TeamFactory(), year=now.year)
    ServiceFactory(team=other_team)
    logged_in(client, employee)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("improvement-plans"), {"jaar": now.year})

    page = response.content.decode()
    assert "Burgerzaken" in page and "Belastingen" in page
    assert "Nog geen teamplan" in page
    assert "maken" not in page.split("<table")[1]  # an employee makes no plans


def test_the_plan_page_takes_a_fixed_number_of_queries(
    client, employee, manager, team, framework, now, django_assert_max_num_queries
):
    plan = TeamPlanFactory(team=team, year=now.year)
    plan.norms.set([framework["callback"], framework["email"], framework["passport"]])
    plan.agreements.set([framework["name"], framework["team_agreement"]])
    track = track_open(team=team, title="Terugbellen", problem="Te laat.", opened_by=manager)
    for number in range(6):
        plan.actions.add(
            action_create(team=team, title=f"Actie {number}", due=now.date(), track=track)
        )
    logged_in(client, employee)

    with django_assert_max_num_queries(10):
        response = client.get(plan.get_absolute_url())

    assert response.status_code == 200
    assert response.content.decode().count("Actie ") >= 6
