"""Moving the old plain-text tokens: the integration keeps working with the token it has, the
database keeps only its SHA-256, and the moved client may what its account's role allowed."""

import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from rest_framework.test import APIClient

from dienstverlening.core.models import ApiClient
from tests.conftest import migrate_to
from tests.core.factories import historical_team_and_municipality

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("core", "0005_apiclient")]
# What the test reads and writes before the move.
BEFORE_STATE = [
    *BEFORE,
    ("authtoken", "0004_alter_tokenproxy_options"),
    ("handling", "0001_initial"),
]
AFTER = [("core", "0006_api_tokens_hashed")]
KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c"


def test_old_tokens_become_hashed_clients_that_keep_working(migrator):
    old = migrate_to(BEFORE, state=BEFORE_STATE)
    User = old.get_model("core", "User")
    Token = old.get_model("authtoken", "Token")
    system = User.objects.create(username="kcc-koppeling", role="beheerder")
    reader = User.objects.create(username="powerbi", role="medewerker")
    Token.objects.create(user=system, key=KEY)
    Token.objects.create(user=reader, key="1" * 40)
    team, municipality = historical_team_and_municipality(old)
    Item = old.get_model("handling", "HandlingItem")
    for source in ("kcc", "mailbox-1", "zaaksysteem"):
        Item.objects.create(
            kind="callback",
            source=source,
            source_id="1",
            municipality=municipality,
            team=team,
            received_at="2026-11-20T10:00:00+01:00",
            received_on="2026-11-20",
        )

    new = migrate_to(AFTER, state=[*AFTER, *BEFORE_STATE[1:]])
    assert not new.get_model("authtoken", "Token").objects.exists()
    moved = new.get_model("core", "ApiClient").objects.get(name="kcc-koppeling (overgezet token)")
    assert moved.token_hash == hashlib.sha256(KEY.encode()).hexdigest()
    assert KEY not in str(new.get_model("core", "ApiClient").objects.values())
    assert sorted(moved.scopes) == ["afhandeling", "kengetallen", "uitnodigingen"]
    assert moved.sources == "kcc, zaaksysteem"
    powerbi = new.get_model("core", "ApiClient").objects.get(name="powerbi (overgezet token)")
    assert (powerbi.scopes, powerbi.sources) == (["kengetallen"], "")  # 0007 makes it "kpis"

    # A fresh executor: the first one's record of what is applied is from before the move.
    latest = MigrationExecutor(connection)
    latest.migrate(latest.loader.graph.leaf_nodes())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {KEY}")
    listed = client.get("/api/v1/interne-taken/").json()["results"]
    assert sorted(item["bron"] for item in listed) == ["kcc", "zaaksysteem"]  # not the mailbox
    assert ApiClient.objects.count() == 2
