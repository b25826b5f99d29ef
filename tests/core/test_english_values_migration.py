"""Stored choice values moved to English (core 0007, handling 0002): existing rows are converted
forwards and back, and what people see (the labels) stays the same."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from dienstverlening.core.models import ApiClient, User
from dienstverlening.core.roles import Role
from tests.conftest import migrate_to
from tests.core.factories import historical_team_and_municipality

pytestmark = pytest.mark.django_db(transaction=True)

CORE_BEFORE = [("core", "0006_api_tokens_hashed")]
CORE_AFTER = [("core", "0007_english_choice_values")]
HANDLING_BEFORE = [("handling", "0001_initial")]
HANDLING_AFTER = [("handling", "0002_outcome_unknown")]
OLD_ROLES = ["medewerker", "teammanager", "coordinator", "directie", "beheerder"]


def test_roles_and_scopes_become_english_and_go_back(migrator):
    old = migrate_to(CORE_BEFORE)
    OldUser = old.get_model("core", "User")
    for role in OLD_ROLES:
        OldUser.objects.create(username=f"u-{role}", role=role)
    old.get_model("core", "ApiClient").objects.create(
        name="KCC",
        scopes=["afhandeling", "kengetallen", "uitnodigingen"],
        sources="kcc",
        token_prefix="abcdefgh",
        token_hash="0" * 64,
        expires_at="2027-12-02T10:00:00+01:00",
    )

    new = migrate_to(CORE_AFTER)
    roles = dict(new.get_model("core", "User").objects.values_list("username", "role"))
    assert roles == {
        "u-medewerker": "employee",
        "u-teammanager": "team_manager",
        "u-coordinator": "coordinator",
        "u-directie": "management",
        "u-beheerder": "administrator",
    }
    client = new.get_model("core", "ApiClient").objects.get(name="KCC")
    assert client.scopes == ["handling", "invitations", "kpis"]

    # On the current models: the members and their unchanged labels.
    migrate_to(MigrationExecutor(connection).loader.graph.leaf_nodes())
    shown = {
        u.username: u.get_role_display() for u in User.objects.filter(username__startswith="u-")
    }
    assert shown == {
        "u-medewerker": "medewerker",
        "u-teammanager": "teammanager",
        "u-coordinator": "coördinator dienstverlening",
        "u-directie": "directie",
        "u-beheerder": "functioneel beheerder",
    }
    assert User.objects.get(username="u-beheerder").role == Role.ADMINISTRATOR
    assert ApiClient.objects.get(name="KCC").has_scope("kpis")

    back = migrate_to(CORE_BEFORE)
    roles = dict(back.get_model("core", "User").objects.values_list("username", "role"))
    assert roles == {f"u-{role}": role for role in OLD_ROLES}
    client = back.get_model("core", "ApiClient").objects.get(name="KCC")
    assert client.scopes == ["afhandeling", "kengetallen", "uitnodigingen"]


def test_an_item_without_outcome_becomes_unknown_and_goes_back(migrator):
    old = migrate_to(HANDLING_BEFORE)
    team, municipality = historical_team_and_municipality(old)
    Item = old.get_model("handling", "HandlingItem")
    for number, outcome in enumerate(["", "granted", "refused", "not_applicable"]):
        Item.objects.create(
            kind="application",
            source="zaaksysteem",
            source_id=str(number),
            municipality=municipality,
            team=team,
            received_at="2026-11-20T10:00:00+01:00",
            received_on="2026-11-20",
            outcome=outcome,
        )

    def outcomes(apps) -> list[str]:
        items = apps.get_model("handling", "HandlingItem").objects.order_by("source_id")
        return list(items.values_list("outcome", flat=True))

    assert outcomes(migrate_to(HANDLING_AFTER)) == [
        "unknown",
        "granted",
        "refused",
        "not_applicable",
    ]
    assert outcomes(migrate_to(HANDLING_BEFORE)) == ["", "granted", "refused", "not_applicable"]
