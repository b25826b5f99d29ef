"""Who may change what: a teammanager only their own team; the coördinator the framework."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from dienstverlening.core.roles import Role
from dienstverlening.framework.access import (
    access_agreement_for_edit,
    access_focus_period_for_edit,
    access_framework_for_edit,
    access_norm_for_edit,
    access_scope_by_slug,
    access_statement_for_edit,
)
from dienstverlening.framework.models import Level, WorkAgreement
from tests.conftest import logged_in
from tests.core.factories import UserFactory
from tests.framework.factories import (
    FocusPeriodFactory,
    NormFactory,
    StatementFactory,
    WorkAgreementFactory,
)

pytestmark = pytest.mark.django_db


def test_manager_may_open_own_team_forms(client, manager, team):
    logged_in(client, manager)
    assert client.get(reverse("norm-create") + f"?team={team.slug}").status_code == 200
    assert client.get(reverse("agreement-create") + f"?team={team.slug}").status_code == 200


def test_manager_gets_403_on_another_team(client, manager, other_team):
    logged_in(client, manager)
    norm = NormFactory(level=Level.TEAM, team=other_team)
    agreement = WorkAgreementFactory(level=Level.TEAM, team=other_team)
    assert client.get(reverse("norm-create") + f"?team={other_team.slug}").status_code == 403
    assert client.post(reverse("norm-change", args=[norm.pk]), {}).status_code == 403
    assert client.post(reverse("agreement-delete", args=[agreement.pk])).status_code == 403
    assert WorkAgreement.objects.filter(pk=agreement.pk).exists()


def test_manager_may_not_change_organisation_framework(client, manager):
    logged_in(client, manager)
    statement = StatementFactory()
    assert client.get(reverse("norm-create")).status_code == 403
    assert client.get(reverse("framework-manage")).status_code == 403
    assert client.get(reverse("statement-update", args=[statement.pk])).status_code == 403


def test_employee_reads_but_does_not_edit(client, employee, team):
    logged_in(client, employee)
    assert client.get(team.get_absolute_url()).status_code == 200
    assert b"Norm toevoegen" not in client.get(team.get_absolute_url()).content
    assert client.get(reverse("norm-create") + f"?team={team.slug}").status_code == 403


def test_anonymous_is_sent_to_login_for_edits(client, team):
    response = client.get(reverse("norm-create") + f"?team={team.slug}")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_coordinator_edits_statement_text(client, coordinator):
    statement = StatementFactory(text="Oud")
    response = logged_in(client, coordinator).post(
        reverse("statement-update", args=[statement.pk]),
        {"text": "Ik werd vriendelijk behandeld.", "explanation": "Over bejegening."},
    )
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.text == "Ik werd vriendelijk behandeld."


def test_agreement_delete_asks_first(client, manager, team):
    agreement = WorkAgreementFactory(level=Level.TEAM, team=team, text="We bellen terug.")
    logged_in(client, manager)
    confirm = client.get(reverse("agreement-delete", args=[agreement.pk]))
    assert "Dit kunt u niet ongedaan maken" in confirm.content.decode()
    assert WorkAgreement.objects.filter(pk=agreement.pk).exists()
    client.post(reverse("agreement-delete", args=[agreement.pk]))
    assert not WorkAgreement.objects.filter(pk=agreement.pk).exists()


def test_employee_still_listed_as_manager_gets_no_team_card_on_the_start_page(client, team):
    # Was shown "Uw team: … bekijken en aanpassen" although the team page let them change nothing.
    former = UserFactory(username="oud-teammanager", role=Role.EMPLOYEE)
    team.managers.add(former)
    page = logged_in(client, former).get(reverse("home")).content.decode()
    assert "Uw team" not in page


# --- the access functions themselves ---------------------------------------------------------


def test_team_parts_go_to_their_manager_and_the_coordinator(manager, coordinator, team, service):
    norm = NormFactory(level=Level.SERVICE, service=service)
    agreement = WorkAgreementFactory(level=Level.TEAM, team=team)
    for user in (manager, coordinator):
        assert access_scope_by_slug(user, team.slug) == team
        assert access_norm_for_edit(user, norm.pk) == norm
        assert access_agreement_for_edit(user, agreement.pk) == agreement


def test_team_parts_are_refused_to_everyone_else(
    employee, directie, superuser, manager, team, other_team
):
    norm = NormFactory(level=Level.TEAM, team=other_team)
    agreement = WorkAgreementFactory(level=Level.TEAM, team=other_team)
    anonymous = AnonymousUser()
    for user in (employee, directie, superuser, manager, anonymous):
        with pytest.raises(PermissionDenied):
            access_scope_by_slug(user, other_team.slug)
        with pytest.raises(PermissionDenied):
            access_norm_for_edit(user, norm.pk)
        with pytest.raises(PermissionDenied):
            access_agreement_for_edit(user, agreement.pk)


def test_organisation_framework_is_the_coordinators_alone(
    coordinator, manager, directie, superuser, employee
):
    norm = NormFactory()
    agreement = WorkAgreementFactory()
    statement = StatementFactory()
    period = FocusPeriodFactory()
    assert access_scope_by_slug(coordinator, None) is None
    assert access_norm_for_edit(coordinator, norm.pk) == norm
    assert access_agreement_for_edit(coordinator, agreement.pk) == agreement
    assert access_statement_for_edit(coordinator, statement.pk) == statement
    assert access_focus_period_for_edit(coordinator, period.pk) == period
    assert access_focus_period_for_edit(coordinator, None).pk is None
    calls = [
        (access_scope_by_slug, None),
        (access_norm_for_edit, norm.pk),
        (access_agreement_for_edit, agreement.pk),
        (access_statement_for_edit, statement.pk),
        (access_focus_period_for_edit, None),
    ]
    for user in (manager, directie, superuser, employee, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            access_framework_for_edit(user)
        for access, key in calls:
            with pytest.raises(PermissionDenied):
                access(user, key)


def test_missing_team_part_is_not_found_but_framework_refusal_comes_first(coordinator, manager):
    with pytest.raises(Http404):
        access_norm_for_edit(manager, 999)
    with pytest.raises(Http404):
        access_scope_by_slug(manager, "bestaat-niet")
    with pytest.raises(Http404):
        access_statement_for_edit(coordinator, 999)
    with pytest.raises(PermissionDenied):
        access_statement_for_edit(manager, 999)
