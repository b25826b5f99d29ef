"""API clients: a token is shown once and kept only as its SHA-256, expires, can be withdrawn or
renewed, and gives only the scopes it was given."""

import datetime
import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from dienstverlening.core.models import ApiClient
from dienstverlening.core.services import api_client_create, api_client_token_renew
from tests.conftest import logged_in
from tests.core.factories import UserFactory, api_client

pytestmark = pytest.mark.django_db

CASES = "/api/v1/zaken/"


def with_token(token: str, keyword: str = "Bearer") -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{keyword} {token}")
    return client


def test_only_the_hash_of_the_token_is_stored():
    client, token = api_client_create(name="KCC", scopes=["handling"], sources=["kcc"])
    assert token.startswith("dv_") and len(token) >= 3 + 43  # 32 random bytes
    assert client.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert client.token_prefix == token[:10]
    stored = str(list(ApiClient.objects.values()))
    assert token not in stored and token[10:20] not in stored


def test_two_clients_never_share_a_token():
    _a, first = api_client_create(name="A", scopes=["kpis"])
    _b, second = api_client_create(name="B", scopes=["kpis"])
    assert first != second


@pytest.mark.parametrize("keyword", ["Bearer", "Token", "bearer"])
def test_the_token_works_after_bearer_or_the_older_token(keyword):
    _client, token = api_client_create(name="KCC", scopes=["handling"], sources=["kcc"])
    assert with_token(token, keyword).get(CASES).status_code == 200


def test_a_token_expires_after_a_year_by_default(now, clock):
    client, token = api_client_create(name="KCC", scopes=["handling"], sources=["kcc"])
    assert client.expires_at == now.astimezone(datetime.UTC) + datetime.timedelta(days=365)
    clock.shift(datetime.timedelta(days=364))
    assert with_token(token).get(CASES).status_code == 200
    clock.shift(datetime.timedelta(days=2))
    response = with_token(token).get(CASES)
    assert response.status_code == 401
    expired = timezone.localtime(now + datetime.timedelta(days=365)).strftime("%d-%m-%Y")
    assert response.json()["detail"] == (
        f"Dit token is verlopen op {expired}. Vraag de functioneel beheerder om een nieuw token."
    )


def test_the_default_lifetime_is_a_setting(settings, now):
    settings.DV_API_TOKEN_DAYS = 30
    client, _token = api_client_create(name="KCC", scopes=["kpis"])
    assert client.expires_at == now.astimezone(datetime.UTC) + datetime.timedelta(days=30)


def test_switching_a_client_off_withdraws_its_token_at_once():
    client, token = api_client_create(name="KCC", scopes=["handling"], sources=["kcc"])
    client.is_active = False
    client.save()
    response = with_token(token).get(CASES)
    assert response.status_code == 401
    assert "ingetrokken" in response.json()["detail"]


def test_a_new_token_replaces_the_old_one():
    client, old = api_client_create(name="KCC", scopes=["handling"], sources=["kcc"])
    new = api_client_token_renew(client=client)
    assert with_token(old).get(CASES).status_code == 401
    assert with_token(new).get(CASES).status_code == 200


def test_last_use_is_kept_to_five_minutes(now, clock):
    client, token = api_client_create(name="KCC", scopes=["handling"], sources=["kcc"])
    assert client.last_used_at is None
    with_token(token).get(CASES)
    client.refresh_from_db()
    assert client.last_used_at == now
    clock.shift(datetime.timedelta(minutes=4))
    with_token(token).get(CASES)
    client.refresh_from_db()
    assert client.last_used_at == now
    clock.shift(datetime.timedelta(minutes=2))
    with_token(token).get(CASES)
    client.refresh_from_db()
    assert client.last_used_at == now + datetime.timedelta(minutes=6)


def test_a_scope_opens_only_its_own_endpoints(employee, client):
    reader = api_client("powerbi", scopes=["kpis"], sources=[])
    assert reader.get("/api/v1/kpis/").status_code == 200
    assert reader.get(CASES).status_code == 403
    assert reader.post("/api/v1/uitnodigingen/", {}, format="json").status_code == 403
    pusher = api_client("kcc", scopes=["handling"], sources=["kcc"])
    assert pusher.get("/api/v1/kpis/").status_code == 403
    # Employees keep reading the KPIs with their session, as on the dashboard.
    assert logged_in(client, employee).get("/api/v1/kpis/").status_code == 200


def test_a_client_that_delivers_must_name_its_sources():
    with pytest.raises(Exception) as refused:
        api_client_create(name="KCC", scopes=["handling"], sources=[])
    assert "Geef de bronnen" in str(refused.value)
    with pytest.raises(Exception) as reserved:
        api_client_create(name="KCC", scopes=["handling"], sources=["mailbox-3"])
    assert "hoort bij een mailbox" in str(reserved.value)


# --- the command -------------------------------------------------------------------------------


def test_the_command_prints_the_token_once_and_it_works(now):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "api_client_create",
        "KCC Woerden",
        "--scope",
        "handling",
        "--source",
        "kcc",
        "--days",
        "90",
        stdout=out,
        stderr=err,
    )
    token = out.getvalue().strip()
    assert with_token(token).get(CASES).status_code == 200
    until = timezone.localtime(now + datetime.timedelta(days=90)).strftime("%d-%m-%Y")
    assert f"geldig tot {until}" in err.getvalue()
    client = ApiClient.objects.get(name="KCC Woerden")
    assert (client.scopes, client.source_list) == (["handling"], ["kcc"])

    renewed = io.StringIO()
    call_command("api_client_renew", "KCC Woerden", stdout=renewed, stderr=io.StringIO())
    assert with_token(token).get(CASES).status_code == 401
    assert with_token(renewed.getvalue().strip()).get(CASES).status_code == 200


def test_the_command_refuses_a_delivering_client_without_sources():
    with pytest.raises(CommandError, match="Geef de bronnen"):
        call_command("api_client_create", "KCC", "--scope", "handling", stdout=io.StringIO())


# --- the admin ---------------------------------------------------------------------------------


@pytest.fixture
def beheerder(db):
    return UserFactory(username="beheerder-test", role="administrator")


def test_the_beheerder_adds_a_client_and_sees_its_token_once(client, beheerder, now):
    logged_in(client, beheerder)
    form = client.get(reverse("admin:core_apiclient_add"))
    assert form.status_code == 200
    assert form.context["adminform"].form.initial["expires_at"] == now + datetime.timedelta(
        days=365
    )
    response = client.post(
        reverse("admin:core_apiclient_add"),
        {
            "name": "Zaaksysteem",
            "description": "Team I&A, 0348 428 911",
            "scopes": ["handling"],
            "sources": "zaaksysteem",
            "expires_at_0": "02-12-2027",
            "expires_at_1": "10:00",
            "is_active": "on",
        },
    )
    assert response.status_code == 200, response.content
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "Kopieer het token nu" in page
    token = response.context["tokens"][0][1]
    assert token in page
    created = ApiClient.objects.get(name="Zaaksysteem")
    assert created.created_by == beheerder
    assert with_token(token).get(CASES).status_code == 200
    # Never again: not in the list, not on the change page.
    listing = client.get(reverse("admin:core_apiclient_changelist")).content.decode()
    change = client.get(reverse("admin:core_apiclient_change", args=[created.pk]))
    assert token not in listing and token not in change.content.decode()
    assert f"{token[:10]}…" in listing


def test_the_beheerder_narrows_a_clients_sources_and_scopes(client, beheerder):
    existing, token = api_client_create(
        name="KCC", scopes=["handling", "kpis"], sources=["kcc", "zaaksysteem"]
    )
    logged_in(client, beheerder)
    url = reverse("admin:core_apiclient_change", args=[existing.pk])
    form = client.get(url).context["adminform"].form
    assert form.initial["scopes"] == ["handling", "kpis"]
    response = client.post(
        url, {"name": "KCC", "scopes": ["handling"], "sources": "kcc", "is_active": "on"}
    )
    assert response.status_code == 302, response.content
    existing.refresh_from_db()
    assert (existing.scopes, existing.source_list) == (["handling"], ["kcc"])
    assert with_token(token).get("/api/v1/kpis/").status_code == 403
    refused = client.post(
        url,
        {"name": "KCC", "scopes": ["handling"], "sources": "kcc, mailbox-2", "is_active": "on"},
    )
    assert "hoort bij een mailbox" in refused.content.decode()


def test_the_beheerder_renews_a_token_with_the_action(client, beheerder):
    existing, old = api_client_create(name="KCC", scopes=["handling"], sources=["kcc"])
    logged_in(client, beheerder)
    response = client.post(
        reverse("admin:core_apiclient_changelist"),
        {"action": "renew_tokens", "_selected_action": [existing.pk]},
    )
    assert response.status_code == 200
    new = response.context["tokens"][0][1]
    assert new in response.content.decode()
    assert with_token(old).get(CASES).status_code == 401
    assert with_token(new).get(CASES).status_code == 200


def test_the_old_plain_token_list_is_gone_from_the_admin(client):
    admin = UserFactory(username="super", is_superuser=True)
    logged_in(client, admin)
    assert client.get("/beheer/authtoken/tokenproxy/").status_code == 404
    assert client.get(reverse("admin:core_apiclient_changelist")).status_code == 200
