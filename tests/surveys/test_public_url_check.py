"""`check --deploy` refuses a public survey address that is local or not https."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from tests.core.test_security import run_cli

PRODUCTION = {
    "SECRET_KEY": "x" * 20 + "-productie-sleutel-" + "y" * 30,
    "ALLOWED_HOSTS": "dienstverlening.woerden.nl",
    "DEBUG": "0",
}


def test_deploy_check_fails_on_the_default_local_address():
    environment = dict(PRODUCTION)
    result = run_cli("check", "--deploy", **environment)
    assert result.returncode != 0
    assert "surveys.E001" in result.stderr
    assert "http://127.0.0.1:8000" in result.stderr


@pytest.mark.parametrize(
    ("url", "check_id"),
    [
        ("http://127.0.0.1:8000", "surveys.E001"),
        ("https://localhost", "surveys.E001"),
        ("http://[::1]:8000", "surveys.E001"),
        ("https://0.0.0.0", "surveys.E001"),
        ("http://dienstverlening.woerden.nl", "surveys.E002"),
    ],
)
def test_deploy_check_refuses_local_or_http_addresses(settings, url, check_id):
    settings.SURVEYS_PUBLIC_URL = url
    with pytest.raises(SystemCheckError, match=check_id):
        call_command("check", "--deploy", "--tag", "security")


def test_deploy_check_accepts_the_public_https_address(settings, capsys):
    settings.SURVEYS_PUBLIC_URL = "https://dienstverlening.woerden.nl"
    settings.SECURE_SSL_REDIRECT = True
    call_command("check", "--deploy", "--tag", "security")
    assert "surveys." not in capsys.readouterr().err


def test_plain_check_leaves_the_development_address_alone(settings):
    settings.SURVEYS_PUBLIC_URL = "http://127.0.0.1:8000"
    call_command("check")
