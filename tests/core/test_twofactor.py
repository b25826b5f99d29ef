"""Two-factor authentication: who is asked for a code, enrolment, recovery codes, reset.

Codes are real TOTP codes computed from the device's key at the test's frozen moment
(``django_otp.oath.totp``); the clock is moved on with time-machine where a code may be used
only once per 30 seconds, or where the throttle makes the next attempt wait.
"""

import datetime
import io
import re
from base64 import b32decode

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from dienstverlening.core.roles import Role
from dienstverlening.core.twofactor import SESSION_HAS_DEVICE
from dienstverlening.core.twofactor.services import (
    RECOVERY_CODE_COUNT,
    _recovery_codes_replace,
)
from tests.conftest import logged_in
from tests.core.factories import UserFactory, api_client
from tests.core.test_security import run_cli

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord"
WRONG_CODE = "Deze code klopt niet."


@pytest.fixture(autouse=True)
def _required(settings):
    """The production default: required for beheerder and coördinator."""
    settings.DV_2FA_REQUIRED = True


def app_for(user) -> TOTPDevice:
    """A confirmed authenticator app with ten recovery codes, as after enrolment."""
    device = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=True)
    _recovery_codes_replace(user)
    return device


def code_now(key: bytes) -> str:
    """The code an authenticator app with ``key`` shows at this (frozen) moment."""
    return f"{totp(key):06d}"


def sign_in(client, username: str, path: str = "/"):
    """Sign in with the password on the log-in page (as a person does) and open ``path``."""
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return client.get(path)


def sign_in_verified(client, username: str, device: TOTPDevice) -> None:
    """Sign in with the password, then give the code ``device`` shows now: a verified session."""
    sign_in(client, username)
    client.post(reverse("twofactor-verify"), {"code": code_now(device.bin_key)})


def verify_url(next_path: str = "/") -> str:
    return f"{reverse('twofactor-verify')}?next={next_path.replace('/', '%2F')}"


def enrol_url(next_path: str = "/") -> str:
    return f"{reverse('twofactor-enrol')}?next={next_path.replace('/', '%2F')}"


# --- who is asked ---------------------------------------------------------------------------


def test_the_admin_asks_a_beheerder_for_a_code_of_the_app(client):
    beheerder = UserFactory(username="bea", role=Role.ADMINISTRATOR)
    device = app_for(beheerder)
    client.post(reverse("admin:login"), {"username": "bea", "password": PASSWORD})

    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"] == verify_url("/beheer/")

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Code invoeren" in page.text and 'autocomplete="one-time-code"' in page.text

    response = client.post(
        reverse("twofactor-verify"), {"code": code_now(device.bin_key), "next": "/beheer/"}
    )
    assert response.status_code == 302 and response["Location"] == "/beheer/"
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:core_user_changelist")).status_code == 200


def test_a_wrong_code_is_refused_in_dutch_and_the_right_one_then_works(client, clock):
    coordinator = UserFactory(username="coco", role=Role.COORDINATOR)
    device = app_for(coordinator)
    sign_in(client, "coco")
    right = code_now(device.bin_key)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    response = client.post(reverse("twofactor-verify"), {"code": wrong, "next": "/dashboard/"})

    assert response.status_code == 400
    assert WRONG_CODE in response.text
    assert "Controleer wat u heeft ingevuld" in response.text
    assert 'value="/dashboard/"' in response.text  # the page asked for is not lost
    assert client.get("/").status_code == 302  # still not in

    clock.shift(datetime.timedelta(seconds=2))  # the throttle's wait after one wrong code
    response = client.post(reverse("twofactor-verify"), {"code": right, "next": "/dashboard/"})
    assert response.status_code == 302 and response["Location"] == "/dashboard/"


def test_codes_that_are_not_six_digits_or_a_recovery_code_get_a_clear_message(client):
    app_for(UserFactory(username="coco", role=Role.COORDINATOR))
    sign_in(client, "coco")
    empty = client.post(reverse("twofactor-verify"), {"code": ""})
    assert "Vul de code in." in empty.text
    garbled = client.post(reverse("twofactor-verify"), {"code": "12ab"})
    assert "Een code heeft 6 cijfers; een herstelcode 8 letters en cijfers." in garbled.text


def test_guessing_codes_is_slowed_down(client, clock):
    coordinator = UserFactory(username="coco", role=Role.COORDINATOR)
    device = app_for(coordinator)
    sign_in(client, "coco")
    wrong = f"{(int(code_now(device.bin_key)) + 1) % 1_000_000:06d}"

    client.post(reverse("twofactor-verify"), {"code": wrong})
    clock.shift(datetime.timedelta(seconds=1))
    client.post(reverse("twofactor-verify"), {"code": wrong})
    # Two wrong codes: the next attempt must wait 2 seconds, even with the right code.
    response = client.post(reverse("twofactor-verify"), {"code": code_now(device.bin_key)})
    assert response.status_code == 400
    assert "Te vaak een verkeerde code. Wacht 2 s en probeer het dan opnieuw." in response.text
    device.refresh_from_db()
    assert device.throttling_failure_count == 2

    clock.shift(datetime.timedelta(seconds=2))
    response = client.post(reverse("twofactor-verify"), {"code": code_now(device.bin_key)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_wrong_codes_do_not_lock_the_password_log_in(client, clock, settings):
    """Code attempts are throttled by the device, not counted by axes as wrong passwords."""
    coordinator = UserFactory(username="coco", role=Role.COORDINATOR)
    device = app_for(coordinator)
    wrong = f"{(int(code_now(device.bin_key)) + 1) % 1_000_000:06d}"
    for _attempt in range(settings.AXES_FAILURE_LIMIT + 1):
        sign_in(client, "coco")
        client.post(reverse("twofactor-verify"), {"code": wrong})
        client.post(reverse("logout"))
    response = client.post(reverse("login"), {"username": "coco", "password": PASSWORD})
    assert response.status_code == 302


def test_a_coordinator_without_an_app_is_sent_to_enrolment_first(client):
    UserFactory(username="coco", role=Role.COORDINATOR)
    response = sign_in(client, "coco", "/dashboard/")
    assert response.status_code == 302 and response["Location"] == enrol_url("/dashboard/")
    # Not a page further, the admin neither: every page waits.
    assert client.get(reverse("job-list"))["Location"].startswith(reverse("twofactor-enrol"))
    # The verify page sends on to enrolment too.
    assert client.get(reverse("twofactor-verify"))["Location"].startswith(
        reverse("twofactor-enrol")
    )


def test_a_superuser_needs_two_factor_too(client):
    UserFactory(username="root", is_superuser=True)
    response = sign_in(client, "root", "/beheer/")
    assert response["Location"].startswith(reverse("twofactor-enrol"))


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.TEAM_MANAGER, Role.MANAGEMENT])
def test_medewerker_teammanager_and_directie_are_not_asked(client, role):
    UserFactory(username="mw", role=role)
    assert sign_in(client, "mw", "/").status_code == 200
    assert client.get(reverse("job-list")).status_code == 200


def test_a_medewerker_costs_no_query_for_two_factor_on_each_page(client, employee):
    logged_in(client, employee)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("job-list")).status_code == 200
    assert not [q["sql"] for q in queries.captured_queries if "otp_" in q["sql"]]


def test_someone_who_chose_two_factor_is_asked_too(client, clock):
    employee = UserFactory(username="mw", role=Role.EMPLOYEE)
    device = app_for(employee)
    response = sign_in(client, "mw", "/")
    assert response["Location"] == verify_url("/")
    response = client.post(reverse("twofactor-verify"), {"code": code_now(device.bin_key)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_with_the_requirement_off_nobody_without_an_app_is_asked(client, settings):
    settings.DV_2FA_REQUIRED = False
    UserFactory(username="bea", role=Role.ADMINISTRATOR)
    assert sign_in(client, "bea", "/beheer/").status_code == 200


def test_signing_out_and_the_language_switch_work_before_the_code(client):
    app_for(UserFactory(username="coco", role=Role.COORDINATOR))
    sign_in(client, "coco")
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("framework")).status_code == 200  # a visitor again


def test_the_public_survey_pages_and_api_tokens_are_not_affected(client):
    UserFactory(username="coco", role=Role.COORDINATOR)
    sign_in(client, "coco")
    assert client.get(reverse("survey-privacy")).status_code == 200
    # The session itself gets no API answers before the code (problem+json, in Dutch) …
    response = client.get(reverse("api-kpis"))
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")
    # … a system with its token does.
    system = api_client("power-bi", scopes=("kpis",), sources=())
    assert system.get(reverse("api-kpis")).status_code == 200


def test_a_page_loaded_by_htmx_is_sent_on_with_a_client_redirect(client):
    UserFactory(username="coco", role=Role.COORDINATOR)
    sign_in(client, "coco")
    response = client.get(reverse("job-list"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith(reverse("twofactor-enrol"))


def test_after_the_code_only_pages_of_this_site_are_followed(client):
    device = app_for(UserFactory(username="coco", role=Role.COORDINATOR))
    sign_in(client, "coco")
    response = client.post(
        reverse("twofactor-verify"),
        {"code": code_now(device.bin_key), "next": "https://elders.example/"},
    )
    assert response["Location"] == "/"


def test_the_session_gets_a_new_key_when_the_code_is_given(client):
    device = app_for(UserFactory(username="coco", role=Role.COORDINATOR))
    sign_in(client, "coco")
    before = client.session.session_key
    client.post(reverse("twofactor-verify"), {"code": code_now(device.bin_key)})
    assert client.session.session_key != before


# --- recovery codes -------------------------------------------------------------------------


def test_a_recovery_code_works_once(client, clock):
    coordinator = UserFactory(username="coco", role=Role.COORDINATOR)
    app_for(coordinator)
    code = StaticToken.objects.filter(device__user=coordinator).first().token
    typed = f"{code[:4].upper()} {code[4:]}"  # as printed, in capitals: still accepted

    sign_in(client, "coco")
    response = client.post(reverse("twofactor-verify"), {"code": typed}, follow=True)
    assert response.status_code == 200
    assert "Er zijn er nog 9 over" in response.text

    client.post(reverse("logout"))
    clock.shift(datetime.timedelta(seconds=5))
    sign_in(client, "coco")
    response = client.post(reverse("twofactor-verify"), {"code": typed})
    assert response.status_code == 400
    assert "Deze herstelcode klopt niet of is al gebruikt." in response.text


def test_new_recovery_codes_replace_the_old_ones_and_are_shown_once(client):
    coordinator = UserFactory(username="coco", role=Role.COORDINATOR)
    app_for(coordinator)
    old = set(StaticToken.objects.filter(device__user=coordinator).values_list("token", flat=True))
    sign_in(client, "coco")
    client.post(reverse("twofactor-verify"), {"code": sorted(old)[0]})  # verified with a code

    ask = client.get(reverse("twofactor-recovery-codes-new"))
    assert "Uw oude herstelcodes werken daarna niet meer" in ask.text
    response = client.post(reverse("twofactor-recovery-codes-new"), follow=True)

    new = set(StaticToken.objects.filter(device__user=coordinator).values_list("token", flat=True))
    assert len(new) == RECOVERY_CODE_COUNT and not new & old
    for code in new:
        assert f"{code[:4]} {code[4:]}" in response.text
    # Shown once: a reload does not show them again.
    again = client.get(reverse("twofactor-recovery-codes"))
    assert "al getoond" in again.text and sorted(new)[0][:4] not in again.text
    # The session verified with a recovery code stays verified.
    assert client.get(reverse("job-list")).status_code == 200


# --- enrolment ------------------------------------------------------------------------------


def _secret_on(page_text: str) -> bytes:
    secret = re.search(r'id="sleutel">.*?<code>([A-Z2-7 ]+)</code>', page_text, re.S).group(1)
    return b32decode(secret.replace(" ", ""))


def test_enrolment_with_a_qr_code_confirms_the_app_and_shows_recovery_codes(client, clock):
    coordinator = UserFactory(username="coco", role=Role.COORDINATOR)
    response = sign_in(client, "coco", "/dashboard/")
    page = client.get(response["Location"])

    assert page.status_code == 200
    assert "Voor uw rol (coördinator dienstverlening) is tweestapsverificatie verplicht" in (
        page.text
    )
    assert 'src="data:image/svg+xml' in page.text  # the QR code, inline (CSP: img-src data:)
    assert 'class="dv-nav"' not in page.text  # no menu before the second step
    key = _secret_on(page.text)
    device = TOTPDevice.objects.get(user=coordinator)
    assert device.bin_key == key and not device.confirmed

    # A wrong code: a Dutch error, and the same QR code stays valid.
    wrong = f"{(int(code_now(key)) + 1) % 1_000_000:06d}"
    response = client.post(
        reverse("twofactor-enrol"), {"device": device.pk, "code": wrong, "next": "/dashboard/"}
    )
    assert response.status_code == 400 and WRONG_CODE in response.text
    assert _secret_on(response.text) == key

    clock.shift(datetime.timedelta(seconds=2))
    response = client.post(
        reverse("twofactor-enrol"),
        {"device": device.pk, "code": code_now(key), "next": "/dashboard/"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("twofactor-recovery-codes"))
    device.refresh_from_db()
    assert device.confirmed

    codes_page = client.get(response["Location"])
    codes = StaticToken.objects.filter(device__user=coordinator)
    assert codes.count() == RECOVERY_CODE_COUNT
    for token in codes:
        assert f"{token.token[:4]} {token.token[4:]}" in codes_page.text
    assert 'href="/dashboard/"' in codes_page.text
    assert client.get("/dashboard/").status_code == 200


def test_the_qr_code_holds_the_account_and_the_issuer():
    from dienstverlening.core.twofactor.services import totp_enrol_start

    device = totp_enrol_start(user=UserFactory(username="coco", role=Role.COORDINATOR))
    assert device.config_url.startswith("otpauth://totp/Dienstverlening%3Acoco?secret=")
    assert "issuer=Dienstverlening" in device.config_url


def test_someone_with_an_app_gives_its_code_before_setting_up_another(client):
    app_for(UserFactory(username="coco", role=Role.COORDINATOR))
    sign_in(client, "coco")
    response = client.get(reverse("twofactor-enrol"))
    assert response["Location"].startswith(reverse("twofactor-verify"))


def test_a_new_phone_replaces_the_old_app_once_confirmed(client, clock):
    coordinator = UserFactory(username="coco", role=Role.COORDINATOR)
    old = app_for(coordinator)
    sign_in_verified(client, "coco", old)

    page = client.get(reverse("twofactor-enrol"))
    assert "Uw huidige app blijft werken" in page.text
    new = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    clock.shift(datetime.timedelta(seconds=31))
    client.post(reverse("twofactor-enrol"), {"device": new.pk, "code": code_now(new.bin_key)})

    assert list(TOTPDevice.objects.filter(user=coordinator)) == [new]
    assert client.get(reverse("job-list")).status_code == 200  # still verified, with the new app


# --- status page, switching off ---------------------------------------------------------------


def test_the_status_page_shows_whether_it_is_on_and_the_codes_left(client, clock):
    coordinator = UserFactory(username="coco", role=Role.COORDINATOR)
    device = app_for(coordinator)
    sign_in_verified(client, "coco", device)
    page = client.get(reverse("twofactor"))
    assert "Aan" in page.text and "nog 10 ongebruikte codes" in page.text
    assert "Ja, voor uw rol (coördinator dienstverlening)." in page.text
    assert reverse("twofactor-disable") not in page.text
    response = client.post(reverse("twofactor-disable"), follow=True)
    assert "Uitzetten kan niet" in response.text
    assert TOTPDevice.objects.filter(user=coordinator).exists()


def test_a_medewerker_may_switch_a_chosen_second_factor_off(client):
    employee = UserFactory(username="mw", role=Role.EMPLOYEE)
    device = app_for(employee)
    sign_in_verified(client, "mw", device)
    assert "wachtwoord" in client.get(reverse("twofactor-disable")).text
    response = client.post(reverse("twofactor-disable"), follow=True)
    assert "Tweestapsverificatie staat uit" in response.text
    assert not TOTPDevice.objects.filter(user=employee).exists()
    assert not StaticDevice.objects.filter(user=employee).exists()
    assert client.session[SESSION_HAS_DEVICE] is False
    client.post(reverse("logout"))
    assert sign_in(client, "mw").status_code == 200


# --- reset by the functioneel beheerder -----------------------------------------------------


def test_the_beheerder_resets_a_colleagues_app_in_the_admin_after_asking(client, clock):
    beheerder = UserFactory(username="bea", role=Role.ADMINISTRATOR)
    own = app_for(beheerder)
    coordinator = UserFactory(username="coco", role=Role.COORDINATOR)
    app_for(coordinator)
    sign_in_verified(client, "bea", own)
    changelist = reverse("admin:core_user_changelist")
    data = {"action": "twofactor_reset_action", "_selected_action": [coordinator.pk]}

    ask = client.post(changelist, data)
    assert ask.status_code == 200
    assert "Ja, opnieuw laten instellen" in ask.text and "coco" in ask.text
    assert TOTPDevice.objects.filter(user=coordinator).exists()

    done = client.post(changelist, {**data, "post": "yes"}, follow=True)
    assert "Tweestapsverificatie van 1 gebruiker weggehaald" in done.text
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    assert not StaticDevice.objects.filter(user=coordinator).exists()
    assert TOTPDevice.objects.filter(user=beheerder).exists()

    other = client.__class__()
    response = sign_in(other, "coco")
    assert response["Location"].startswith(reverse("twofactor-enrol"))


def test_the_user_page_in_the_admin_shows_the_status(client):
    beheerder = UserFactory(username="bea", role=Role.ADMINISTRATOR)
    own = app_for(beheerder)
    coordinator = UserFactory(username="coco", role=Role.COORDINATOR)
    sign_in_verified(client, "bea", own)
    page = client.get(reverse("admin:core_user_change", args=[coordinator.pk]))
    assert "Uit (verplicht: stelt het in bij de volgende keer inloggen)" in page.text
    listing = client.get(reverse("admin:core_user_changelist"))
    assert listing.status_code == 200 and "tweestapsverificatie" in listing.text.lower()


def test_a_session_verified_with_an_app_that_was_reset_must_set_up_again(client):
    coordinator = UserFactory(username="coco", role=Role.COORDINATOR)
    device = app_for(coordinator)
    sign_in_verified(client, "coco", device)
    assert client.get(reverse("job-list")).status_code == 200
    call_command("twofactor_reset", "coco", stdout=io.StringIO())
    assert client.get(reverse("job-list"))["Location"].startswith(reverse("twofactor-enrol"))


def test_the_reset_command_says_what_happened(capsys):
    coordinator = UserFactory(username="coco", role=Role.COORDINATOR)
    app_for(coordinator)
    call_command("twofactor_reset", "coco")
    assert "Tweestapsverificatie van coco weggehaald: coco stelt bij het inloggen" in (
        capsys.readouterr().out
    )
    call_command("twofactor_reset", "coco")
    assert "coco had geen tweestapsverificatie ingesteld." in capsys.readouterr().out
    with pytest.raises(CommandError, match="Er is geen gebruiker met de naam 'niemand'"):
        call_command("twofactor_reset", "niemand")


# --- the setting ----------------------------------------------------------------------------

PRODUCTION = {
    "SECRET_KEY": "x" * 20 + "-productie-sleutel-" + "y" * 30,
    "ALLOWED_HOSTS": "dienstverlening.example.nl",
    "SURVEYS_PUBLIC_URL": "https://dienstverlening.example.nl",
    "DEBUG": "0",
}


def test_two_factor_is_required_in_production_unless_switched_off():
    show = "from django.conf import settings; print(settings.DV_2FA_REQUIRED)"
    assert run_cli("shell", "-c", show, **PRODUCTION).stdout.split()[-1] == "True"
    result = run_cli(
        "check", "--deploy", "--fail-level", "WARNING", DV_2FA_REQUIRED="0", **PRODUCTION
    )
    assert result.returncode != 0
    assert "core.W002" in result.stderr + result.stdout
    assert "DV_2FA_REQUIRED staat uit" in result.stderr + result.stdout
