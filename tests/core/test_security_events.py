"""Security events (core.security_events): log-ins, failed log-ins, lock-outs, log-outs, downloads
of residents' answers and new API tokens each write one line to ``dienstverlening.security``,
without passwords, tokens or the user name as typed."""

import logging

import pytest
from django.urls import reverse

from dienstverlening.core.security_events import username_hash
from dienstverlening.core.services import api_client_create, api_client_token_renew
from tests.conftest import logged_in
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "een-goed-wachtwoord"
ADDRESS = "198.51.100.66"


@pytest.fixture
def anna(db):
    return UserFactory(username="anna", password=PASSWORD)


def log_in(client, username, password, *, url=None):
    return client.post(
        url or reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ADDRESS,
    )


def test_a_log_in_is_logged_with_the_account_and_address(client, anna, events):
    assert log_in(client, "anna", PASSWORD).status_code == 302
    (line,) = events("login")
    assert line.user_id == anna.pk
    assert line.method == "password"
    assert line.client_ip == ADDRESS
    assert line.path == reverse("login")


def test_a_failed_log_in_is_logged_with_a_hash_of_the_name_never_the_name_or_password(
    client, anna, events, caplog
):
    log_in(client, "anna", "mijn-geheime-poging")
    log_in(client, "mijn-wachtwoord-per-ongeluk", "iets")
    known, unknown = events("login_failed")
    assert known.account_id == anna.pk
    assert known.method == "password"
    assert known.username_hash == username_hash("anna")
    assert unknown.account_id is None
    assert unknown.username_hash == username_hash("mijn-wachtwoord-per-ongeluk")
    assert len(unknown.username_hash) == 16
    assert known.client_ip == ADDRESS
    # Nothing typed reaches any log: not the passwords, not the unknown name.
    for typed in ("mijn-geheime-poging", "iets", "mijn-wachtwoord-per-ongeluk"):
        assert typed not in caplog.text


def test_the_same_name_gives_the_same_hash_in_any_case_and_another_key_another(settings):
    assert username_hash(" Anna ") == username_hash("anna")
    before = username_hash("anna")
    settings.SECRET_KEY = "een-andere-sleutel-voor-deze-test"
    assert username_hash("anna") != before


def test_a_lock_out_is_logged_and_axes_logs_no_typed_name(client, settings, anna, events, caplog):
    caplog.set_level(logging.INFO)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "anna", "fout")
    assert log_in(client, "anna", PASSWORD).status_code == 429
    lockouts = events("lockout")
    assert lockouts, "no lock-out event"
    assert lockouts[0].account_id == anna.pk
    assert lockouts[0].username_hash == username_hash("anna")
    assert lockouts[0].client_ip == ADDRESS
    assert len(events("login_failed")) >= settings.AXES_FAILURE_LIMIT
    # Axes' own lines name the client by the hash too.
    axes_lines = [r.getMessage() for r in caplog.records if r.name.startswith("axes")]
    assert any(username_hash("anna") in line for line in axes_lines)
    assert not any("'anna'" in line for line in axes_lines)


def test_a_lock_out_on_the_admin_log_in_is_logged_too(client, settings, anna, events):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "anna", "fout", url=reverse("admin:login"))
    assert events("lockout")[0].path == reverse("admin:login")


def test_a_log_out_is_logged(client, anna, events):
    log_in(client, "anna", PASSWORD)
    client.post(reverse("logout"), REMOTE_ADDR=ADDRESS)
    (line,) = events("logout")
    assert line.user_id == anna.pk


def test_a_download_of_the_answers_is_logged(client, coordinator, events):
    logged_in(client, coordinator)
    response = client.get(reverse("survey-export", args=["csv"]), REMOTE_ADDR=ADDRESS)
    assert response.status_code == 200
    (line,) = events("export")
    assert (line.what, line.format, line.user_id) == ("antwoorden", "csv", coordinator.pk)
    assert line.run_id is None
    assert line.client_ip == ADDRESS


def test_a_download_of_open_answers_is_logged_but_the_page_itself_is_not(
    client, coordinator, events
):
    logged_in(client, coordinator)
    url = reverse("insights-open-answers")
    assert client.get(url).status_code == 200
    assert events("export") == []
    response = client.get(url, {"download": "open-antwoorden", "format": "csv"})
    assert response.status_code == 200
    (line,) = events("export")
    assert (line.what, line.format, line.user_id) == ("open-antwoorden", "csv", coordinator.pk)
    assert line.scope and line.period


def test_a_refused_download_is_not_logged_as_an_export(client, employee, events):
    logged_in(client, employee)
    assert client.get(reverse("survey-export", args=["csv"])).status_code == 403
    assert events("export") == []


def test_a_new_and_a_renewed_api_token_are_logged_without_the_token(
    beheerder, events, caplog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client, token = api_client_create(
            name="KCC", scopes=["handling"], sources=["kcc"], created_by=beheerder
        )
        renewed = api_client_token_renew(client=client, by=beheerder)
    (created,) = events("api_token_created")
    (again,) = events("api_token_renewed")
    assert created.client_id == again.client_id == client.pk
    assert created.user_id == again.user_id == beheerder.pk
    assert again.token_prefix == renewed[:10]
    client.refresh_from_db()
    for secret in (token, renewed, client.token_hash):
        assert secret not in caplog.text


def test_a_sign_in_with_the_work_account_and_a_refused_one_are_logged(
    client, oidc_provider, events
):
    from tests.oidc import path_of, sign_in

    oidc_provider.person("anna", preferred_username="anna.bakker@woerden.nl")
    sign_in(client, oidc_provider, "anna")
    (line,) = events("login")
    assert line.method == "oidc" and line.user_id is not None
    client.logout()
    start = client.get("/oidc/authenticate/")
    client.get(path_of(oidc_provider.authorize(start["Location"], deny=True)))
    (refused,) = events("login_failed")
    assert (refused.method, refused.reason) == ("oidc", "denied")


def test_a_wrong_second_factor_code_is_logged_without_the_code(beheerder, events, caplog):
    from django.core.exceptions import ValidationError

    from dienstverlening.core.twofactor.services import twofactor_verify

    with pytest.raises(ValidationError):
        twofactor_verify(user=beheerder, code="123456")
    (line,) = events("twofactor_failed")
    assert line.user_id == beheerder.pk
    assert "123456" not in caplog.text
