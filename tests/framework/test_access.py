"""Who may change what: a teammanager only their own team; the coördinator the framework."""

import pytest
from django.urls import reverse

from dienstverlening.core.roles import Role
from dienstverlening.framework.models import Level, WorkAgreement
from tests.conftest import logged_in
from tests.core.factories import UserFactory
from tests.framework.factories import NormFactory, StatementFactory, WorkAgreementFactory

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
