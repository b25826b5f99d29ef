"""Settings from the environment, security headers and throttled log-in."""

import subprocess

import pytest
from django.urls import reverse

from tests import cli
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db

# Variables the test run sets that a production environment would not have.
ISOLATED = {
    "SECRET_KEY",
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DV_2FA_REQUIRED",
}


def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The command line as in production: none of the ISOLATED variables, plus ``env``."""
    return cli.run(*args, unset=ISOLATED, **env)


def test_secret_key_required_without_debug():
    result = run_cli("check")
    assert result.returncode != 0
    assert "SECRET_KEY is verplicht" in result.stderr


def test_production_settings_pass_deploy_check():
    result = run_cli(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="x" * 20 + "-productie-sleutel-" + "y" * 30,
        ALLOWED_HOSTS="dienstverlening.example.nl",
        SURVEYS_PUBLIC_URL="https://dienstverlening.example.nl",
        DEBUG="0",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_security_headers(client):
    response = client.get(reverse("framework"))
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_login_and_logout(client):
    UserFactory(username="anna", password="een-goed-wachtwoord")
    response = client.post(
        reverse("login"), {"username": "anna", "password": "een-goed-wachtwoord"}
    )
    assert response.status_code == 302
    assert client.get(reverse("directory")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("directory")).status_code == 302


def test_wrong_password_is_explained_in_dutch(client):
    UserFactory(username="anna", password="een-goed-wachtwoord")
    response = client.post(reverse("login"), {"username": "anna", "password": "fout"})
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()
    assert 'value="anna"' in response.content.decode()


def test_login_is_throttled_after_five_failures(client, settings):
    UserFactory(username="anna", password="een-goed-wachtwoord")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "anna", "password": "fout"})
    locked = client.post(reverse("login"), {"username": "anna", "password": "een-goed-wachtwoord"})
    assert locked.status_code == 429
    assert "Te vaak een verkeerd wachtwoord" in locked.content.decode()
    assert client.get(reverse("directory")).status_code == 302


def test_cookies_are_secure_http_only_and_same_site_outside_debug(client):
    UserFactory(username="anna", password="een-goed-wachtwoord")
    page = client.get(reverse("login"), secure=True)
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    response = client.post(
        reverse("login"), {"username": "anna", "password": "een-goed-wachtwoord"}, secure=True
    )
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    language = client.post(reverse("set_language"), {"language": "en"}, secure=True)
    chosen = language.cookies["django_language"]
    assert chosen["secure"] and chosen["httponly"] and chosen["samesite"] == "Lax"


def test_https_is_enforced_with_hsts(client):
    response = client.get(reverse("framework"), secure=True)
    hsts = response.headers["Strict-Transport-Security"]
    assert hsts == "max-age=31536000; includeSubDomains; preload"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_plain_http_is_redirected_to_https_unless_the_proxy_says_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    plain = client.get(reverse("framework"))
    assert plain.status_code == 301 and plain.url.startswith("https://")
    proxied = client.get(reverse("framework"), HTTP_X_FORWARDED_PROTO="https")
    assert proxied.status_code == 200
