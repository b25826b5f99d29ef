"""The functioneel beheerder does its tasks in /beheer/ with exactly the rights they need."""

import json

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from dienstverlening.core.models import User
from dienstverlening.core.roles import Role
from dienstverlening.core.services import administrator_group_get
from dienstverlening.handling.models import ClosingDay, ImportSource, Mailbox
from dienstverlening.organisation.models import Service
from dienstverlening.surveys.models import ImportMapping
from tests.conftest import logged_in
from tests.core.factories import UserFactory
from tests.organisation.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

# The group as the admin shows it; created by a migration.
ADMINISTRATOR_GROUP = "Functioneel beheer"


@pytest.fixture(autouse=True)
def _group_as_migrated(db):
    """The group comes from a migration. On a pytest-xdist worker a transactional test of
    another module may have emptied the database before these run: make it as migrated."""
    administrator_group_get()


@pytest.fixture
def beheerder(db):
    return UserFactory(username="beheerder-test", role=Role.ADMINISTRATOR)


@pytest.fixture
def admin_client(client, beheerder):
    return logged_in(client, beheerder)


def in_admin_group(user: User) -> bool:
    return user.groups.filter(name=ADMINISTRATOR_GROUP).exists()


def test_beheerder_role_makes_staff_and_member_of_the_functional_admin_group():
    user = UserFactory(role=Role.ADMINISTRATOR)
    assert user.is_staff and in_admin_group(user)
    assert not user.is_superuser


def test_taking_the_role_away_takes_admin_access_away():
    user = UserFactory(role=Role.ADMINISTRATOR)
    user.role = Role.EMPLOYEE
    user.save()
    user.refresh_from_db()
    assert not user.is_staff and not in_admin_group(user)


def test_role_set_through_update_fields_still_syncs_access():
    user = UserFactory(role=Role.EMPLOYEE)
    user.role = Role.ADMINISTRATOR
    user.save(update_fields=["role"])
    user.refresh_from_db()
    assert user.is_staff and in_admin_group(user)


def test_other_roles_are_not_staff():
    for role in (Role.EMPLOYEE, Role.TEAM_MANAGER, Role.COORDINATOR, Role.MANAGEMENT):
        user = UserFactory(role=role)
        assert not user.is_staff and not in_admin_group(user)


def test_functional_admin_group_grants_the_tasks_and_nothing_else():
    group = Group.objects.get(name=ADMINISTRATOR_GROUP)
    granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    assert {
        "core.add_user",
        "core.change_user",
        "handling.add_mailbox",
        "handling.change_mailbox",
        "handling.add_importsource",
        "handling.change_importsource",
        "handling.add_closingday",
        "handling.delete_closingday",
        "surveys.add_importmapping",
        "organisation.change_team",
        "organisation.change_service",
    } <= granted
    refused = {
        "core.delete_user",
        "auth.change_group",
        "auth.add_permission",
        "surveys.change_response",
        "surveys.view_response",
        "surveys.change_surveyrun",
        "surveys.change_questionnaire",
        "framework.change_norm",
        "handling.change_handlingitem",
    }
    assert not granted & refused


def test_every_listed_permission_exists_and_nothing_else_is_granted():
    from dienstverlening.core.roles import ADMINISTRATOR_PERMISSIONS

    group = Group.objects.get(name=ADMINISTRATOR_GROUP)
    granted = {(p.content_type.app_label, p.codename) for p in group.permissions.all()}
    listed = {
        (app_label, f"{action}_{model}")
        for (app_label, model), actions in ADMINISTRATOR_PERMISSIONS.items()
        for action in actions
    }
    assert granted == listed


def test_a_deleted_group_comes_back_with_its_permissions_when_a_role_is_set():
    group = Group.objects.get(name=ADMINISTRATOR_GROUP)
    permissions = set(group.permissions.all())
    group.delete()
    user = UserFactory(role=Role.ADMINISTRATOR)
    assert set(Group.objects.get(name=ADMINISTRATOR_GROUP).permissions.all()) == permissions
    assert user.has_perm("handling.add_mailbox")


def test_admin_index_lists_the_beheerders_work(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "U hebt geen rechten" not in page
    for url_name in (
        "admin:core_user_changelist",
        "admin:handling_mailbox_changelist",
        "admin:handling_importsource_changelist",
        "admin:handling_closingday_changelist",
        "admin:surveys_importmapping_changelist",
        "admin:organisation_team_changelist",
        "admin:organisation_service_changelist",
    ):
        assert reverse(url_name) in page, url_name


def test_beheerder_creates_a_user_with_a_role(admin_client):
    form_page = admin_client.get(reverse("admin:core_user_add")).content.decode()
    assert "kies de rol" in form_page and "After you" not in form_page
    response = admin_client.post(
        reverse("admin:core_user_add"),
        {
            "username": "nieuwe-collega",
            "usable_password": "true",
            "password1": "een-lang-wachtwoord-47",
            "password2": "een-lang-wachtwoord-47",
            "role": Role.TEAM_MANAGER,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="nieuwe-collega")
    assert user.role == Role.TEAM_MANAGER
    assert user.check_password("een-lang-wachtwoord-47")
    assert not user.is_staff and not user.is_superuser


def test_beheerder_makes_a_colleague_beheerder(admin_client):
    colleague = UserFactory(username="collega", role=Role.EMPLOYEE)
    response = admin_client.get(reverse("admin:core_user_change", args=[colleague.pk]))
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update({"role": Role.ADMINISTRATOR, "email": "collega@woerden.nl"})
    data["is_active"] = "on"
    response = admin_client.post(reverse("admin:core_user_change", args=[colleague.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    colleague.refresh_from_db()
    assert colleague.role == Role.ADMINISTRATOR
    assert colleague.is_staff and in_admin_group(colleague)


def test_beheerder_cannot_make_a_superuser_nor_grant_groups_or_permissions(admin_client):
    colleague = UserFactory(username="collega", role=Role.EMPLOYEE)
    url = reverse("admin:core_user_change", args=[colleague.pk])
    form = admin_client.get(url).context["adminform"].form
    assert not {"is_superuser", "groups", "user_permissions"} & set(form.fields)
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(
        {
            "is_active": "on",
            "is_superuser": "on",
            "groups": [Group.objects.get(name=ADMINISTRATOR_GROUP).pk],
        }
    )
    assert admin_client.post(url, data).status_code == 302
    colleague.refresh_from_db()
    assert not colleague.is_superuser and not colleague.is_staff
    assert not colleague.groups.exists()


def test_beheerder_cannot_open_or_change_a_superuser(admin_client):
    root = UserFactory(username="root", is_superuser=True)
    assert admin_client.get(reverse("admin:core_user_change", args=[root.pk])).status_code == 302
    assert (
        admin_client.get(reverse("admin:auth_user_password_change", args=[root.pk])).status_code
        == 404
    )
    changelist = admin_client.get(reverse("admin:core_user_changelist")).content.decode()
    assert reverse("admin:core_user_change", args=[root.pk]) not in changelist


def test_beheerder_cannot_see_survey_runs_or_norms(admin_client):
    assert admin_client.get(reverse("admin:surveys_surveyrun_changelist")).status_code == 403
    assert admin_client.get(reverse("admin:framework_norm_changelist")).status_code == 403
    assert admin_client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_beheerder_adds_a_mailbox(admin_client, team):
    municipality = MunicipalityFactory()
    response = admin_client.post(
        reverse("admin:handling_mailbox_add"),
        {
            "name": "burgerzaken@woerden.nl",
            "team": team.pk,
            "municipality": municipality.pk,
            "host": "imap.woerden.nl",
            "port": "993",
            "security": "ssl",
            "username": "burgerzaken",
            "new_password": "imap-geheim",
            "folders": "INBOX",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    mailbox = Mailbox.objects.get(name="burgerzaken@woerden.nl")
    assert mailbox.team == team and mailbox.password_encrypted
    assert "imap-geheim" not in mailbox.password_encrypted


def test_beheerder_adds_an_import_source_with_its_column_mapping(admin_client, team):
    mapping = {"source_id": "Nummer", "received_at": "Aangemaakt", "closed_at": "Afgehandeld"}
    response = admin_client.post(
        reverse("admin:handling_importsource_add"),
        {
            "name": "kcc",
            "description": "Terugbelverzoeken uit het KCC-systeem",
            "default_kind": "callback",
            "default_team": team.pk,
            "mapping": json.dumps(mapping),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ImportSource.objects.get(name="kcc").mapping == mapping

    response = admin_client.post(
        reverse("admin:surveys_importmapping_add"),
        {"name": "Nulmeting bureau", "mapping": json.dumps({"rapportcijfer": "Cijfer"})},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ImportMapping.objects.get(name="Nulmeting bureau").mapping == {"rapportcijfer": "Cijfer"}


def test_beheerder_adds_and_removes_a_closing_day(admin_client):
    municipality = MunicipalityFactory()
    response = admin_client.post(
        reverse("admin:handling_closingday_add"),
        {"municipality": municipality.pk, "date": "28-12-2026", "reason": "Tussen de feestdagen"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    day = ClosingDay.objects.get(municipality=municipality)
    assert day.date.isoformat() == "2026-12-28"
    response = admin_client.post(
        reverse("admin:handling_closingday_delete", args=[day.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not ClosingDay.objects.exists()


def test_beheerder_edits_a_team_and_a_service(admin_client, service, manager):
    team = service.team
    response = admin_client.post(
        reverse("admin:organisation_team_change", args=[team.pk]),
        {
            "domain": team.domain_id,
            "name": team.name,
            "slug": team.slug,
            "description": "Paspoorten, rijbewijzen en verhuizingen.",
            "core_tasks": team.core_tasks,
            "mailbox": "burgerzaken@woerden.nl",
            "phone": "0348 428 911",
            "managers": [manager.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    team.refresh_from_db()
    assert team.phone == "0348 428 911"

    response = admin_client.post(
        reverse("admin:organisation_service_change", args=[service.pk]),
        {
            "name": service.name,
            "slug": service.slug,
            "description": "U vraagt een nieuw paspoort aan bij de balie.",
            "team": team.pk,
            "municipalities": list(service.municipalities.values_list("pk", flat=True)),
            "channels": list(service.channels.values_list("pk", flat=True)),
            "keywords": "paspoort, reisdocument",
            "process_url": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Service.objects.get(pk=service.pk).keywords == "paspoort, reisdocument"


def test_beheerder_unlocks_a_colleague_who_is_locked_out(admin_client, settings):
    from django.test import Client

    UserFactory(username="anna", password="een-goed-wachtwoord")
    colleague = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        colleague.post(reverse("login"), {"username": "anna", "password": "fout"})
    good = {"username": "anna", "password": "een-goed-wachtwoord"}
    assert colleague.post(reverse("login"), good).status_code == 429

    changelist = admin_client.get(reverse("admin:axes_accessattempt_changelist"))
    page = changelist.content.decode()
    assert "anna" in page
    # django-axes has no Dutch of its own: the product's catalog (locale/nl) gives it.
    assert "Selecteer toegangspoging om te bekijken" in page
    assert "Geblokkeerd" in page and "Mislukte inlogpogingen" in page
    assert "access attempt" not in page.lower() and "Locked Out" not in page
    response = admin_client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [a.pk for a in changelist.context["cl"].queryset],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert colleague.post(reverse("login"), good).status_code == 302


def test_superuser_making_a_beheerder_in_the_admin_gives_the_group(client):
    root = UserFactory(username="root", is_superuser=True)
    logged_in(client, root)
    response = client.post(
        reverse("admin:core_user_add"),
        {
            "username": "tweede-beheerder",
            "usable_password": "false",
            "role": Role.ADMINISTRATOR,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="tweede-beheerder")
    assert user.is_staff and in_admin_group(user) and not user.has_usable_password()
