"""Who reads and who changes team plans and the implementation plan, per object."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from dienstverlening.improvement import access
from dienstverlening.improvement.services import action_create
from tests.conftest import logged_in
from tests.core.factories import UserFactory
from tests.improvement.plans_factories import TeamPlanFactory, implementation_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(team, other_team, now):
    """This year's plans of Burgerzaken (the manager's team) and Belastingen, one action each."""
    ours = TeamPlanFactory(team=team, year=now.year)
    theirs = TeamPlanFactory(team=other_team, year=now.year)
    ours.actions.add(action_create(team=team, title="Belscript", due=now.date()))
    theirs.actions.add(action_create(team=other_team, title="Aanslag uitleggen", due=now.date()))
    return ours, theirs


def _edit_urls(plan) -> dict[str, tuple[str, dict]]:
    action = plan.actions.get()
    return {
        "wijzigen": (
            reverse("improvement-plan-edit", args=[plan.pk]),
            {"focus": "x", "actions": [action.pk]},
        ),
        "actie": (
            reverse("improvement-plan-action-create", args=[plan.pk]),
            {"title": "x", "owner": plan.team.pk, "due": "2099-01-01"},
        ),
        "status": (
            reverse("improvement-plan-action-status", args=[plan.pk, action.pk]),
            {"status": "done"},
        ),
    }


def test_a_manager_changes_their_own_plan_and_gets_403_on_another_teams(client, manager, plans):
    ours, theirs = plans
    logged_in(client, manager)
    for name, (url, data) in _edit_urls(theirs).items():
        assert client.get(url).status_code in (403, 405), name
        assert client.post(url, data).status_code == 403, name
    for name, (url, data) in _edit_urls(ours).items():
        assert client.post(url, data).status_code == 302, name
    theirs.refresh_from_db()
    assert theirs.focus != "x"
    assert theirs.actions.get().status == "open"


def test_the_action_of_another_plan_cannot_be_reached_through_ones_own(client, manager, plans):
    ours, theirs = plans
    logged_in(client, manager)
    foreign = theirs.actions.get()
    url = reverse("improvement-plan-action-status", args=[ours.pk, foreign.pk])
    assert client.post(url, {"status": "done"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == "open"


def test_every_employee_reads_every_plan_and_changes_none(client, employee, plans):
    logged_in(client, employee)
    for plan in plans:
        page = client.get(plan.get_absolute_url())
        assert page.status_code == 200
        assert "Teamplan wijzigen" not in page.content.decode()
        assert client.get(reverse("improvement-plan-print", args=[plan.pk])).status_code == 200
        for name, (url, data) in _edit_urls(plan).items():
            assert client.post(url, data).status_code == 403, name
    assert client.get(reverse("improvement-plan-create")).status_code == 403


def test_the_coordinator_changes_every_teams_plan(client, coordinator, plans):
    logged_in(client, coordinator)
    for plan in plans:
        assert "Teamplan wijzigen" in client.get(plan.get_absolute_url()).content.decode()
        assert client.get(reverse("improvement-plan-edit", args=[plan.pk])).status_code == 200


def test_someone_named_manager_without_the_role_changes_nothing(client, team, plans):
    former = UserFactory(username="oud-manager")  # role medewerker
    team.managers.add(former)
    logged_in(client, former)
    url, data = _edit_urls(plans[0])["wijzigen"]
    assert client.post(url, data).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, plans):
    for url in (
        reverse("improvement-plans"),
        plans[0].get_absolute_url(),
        reverse("improvement-plan-print", args=[plans[0].pk]),
        reverse("improvement-implementation"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/inloggen/" in response.url, url


def test_a_plan_that_does_not_exist_is_404(client, manager):
    logged_in(client, manager)
    assert client.get(reverse("improvement-plan", args=[999999])).status_code == 404
    assert client.get(reverse("improvement-plan-edit", args=[999999])).status_code == 404


def test_only_the_coordinator_changes_the_implementation_plan(
    client, coordinator, manager, employee, directie
):
    first = implementation_plan()[0]
    url = reverse("improvement-implementation-edit", args=[first.pk])
    for user in (manager, employee, directie):
        logged_in(client, user)
        assert client.get(reverse("improvement-implementation")).status_code == 200
        assert client.get(url).status_code == 403
        assert url not in client.get(reverse("improvement-implementation")).content.decode()
    logged_in(client, coordinator)
    assert client.get(url).status_code == 200
    assert url in client.get(reverse("improvement-implementation")).content.decode()


def test_access_functions_answer_per_object(manager, employee, coordinator, plans):
    ours, theirs = plans
    assert access.access_team_plan_for_edit(manager, ours.pk) == ours
    with pytest.raises(PermissionDenied):
        access.access_team_plan_for_edit(manager, theirs.pk)
    with pytest.raises(PermissionDenied):
        access.access_team_plan_for_edit(employee, ours.pk)
    assert access.access_team_plan(employee, theirs.pk) == theirs
    assert access.can_edit_team_plan(coordinator, theirs)
    assert list(access.teams_for_team_plans(manager)) == [ours.team]
    assert not access.can_create_team_plan(employee)
    assert access.can_edit_implementation_plan(coordinator)
    assert not access.can_edit_implementation_plan(manager)
