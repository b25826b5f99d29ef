"""Two-factor authentication in the browser: a coördinator sets up an app with the QR page,
keeps the recovery codes, signs in again with a code; the beheerder resets a colleague.

The codes are computed as an authenticator app would, from the secret shown on the page, at
the (ticking) test clock that the live server in this process shares.
"""

import datetime
from base64 import b32decode

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from dienstverlening.core.roles import Role
from tests.browser.conftest import PHONE_WIDTH, SCREENSHOTS, check_page
from tests.core.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.DV_2FA_REQUIRED = True


def code_now(key: bytes) -> str:
    return f"{totp(key):06d}"


def password_step(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/inloggen/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")


def secret_on(page) -> bytes:
    return b32decode(page.locator("#sleutel code").inner_text().replace(" ", ""))


def test_a_coordinator_sets_up_an_app_and_signs_in_with_a_code(live_server, page, clock):
    UserFactory(
        username="coco",
        first_name="Cora",
        last_name="Ordi",
        role=Role.COORDINATOR,
        password=PASSWORD,
    )
    violations = []

    # Password, then straight to setting up the app: nothing else opens first.
    password_step(page, live_server, "coco")
    page.wait_for_url(f"{live_server.url}/tweestapsverificatie/instellen/?next=%2F")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")
    expect(page.get_by_role("img", name="QR-code om Dienstverlening")).to_be_visible()
    violations += check_page(page, "tweestapsverificatie-instellen")
    key = secret_on(page)

    # A wrong code: a clear Dutch error, the same QR code.
    page.fill("#id_code", f"{(int(code_now(key)) + 1) % 1_000_000:06d}")
    page.click("main button[type=submit]")
    expect(page.locator(".dv-error-summary")).to_contain_text("Deze code klopt niet.")
    assert secret_on(page) == key
    violations += check_page(page, "tweestapsverificatie-instellen-fout")

    clock.shift(datetime.timedelta(seconds=2))
    page.fill("#id_code", code_now(key))
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/tweestapsverificatie/herstelcodes/?next=%2F")
    expect(page.locator(".dv-codes__list li")).to_have_count(10)
    violations += check_page(page, "tweestapsverificatie-herstelcodes")
    first_code = page.locator(".dv-codes__list li").first.inner_text()

    page.get_by_role("link", name="Ik heb de codes bewaard, verder").click()
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("link", name="Tweestapsverificatie").click()
    expect(page.locator(".utrecht-data-list")).to_contain_text("nog 10 ongebruikte codes")
    violations += check_page(page, "tweestapsverificatie-status")
    page.get_by_role("link", name="Nieuwe herstelcodes maken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe herstelcodes maken")
    violations += check_page(page, "tweestapsverificatie-nieuwe-codes")
    page.get_by_role("link", name="Annuleren").click()

    # Next time: the password, then the code of the app.
    page.get_by_role("button", name="Uitloggen").click()
    clock.shift(datetime.timedelta(seconds=31))
    password_step(page, live_server, "coco")
    page.wait_for_url(f"{live_server.url}/tweestapsverificatie/code/?next=%2F")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_have_count(0)
    violations += check_page(page, "tweestapsverificatie-code")
    page.fill("#id_code", code_now(key))
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()

    # Without the phone: a recovery code, once.
    page.get_by_role("button", name="Uitloggen").click()
    password_step(page, live_server, "coco")
    page.wait_for_url(f"{live_server.url}/tweestapsverificatie/code/?next=%2F")
    page.fill("#id_code", first_code)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator(".dv-messages")).to_contain_text("Er zijn er nog 9 over")
    assert violations == []


def test_the_pages_fit_a_phone(live_server, mobile_page):
    UserFactory(username="coco", role=Role.COORDINATOR, password=PASSWORD)
    password_step(mobile_page, live_server, "coco")
    mobile_page.wait_for_url(f"{live_server.url}/tweestapsverificatie/instellen/?next=%2F")
    violations = check_page(mobile_page, f"tweestapsverificatie-instellen-{PHONE_WIDTH}px")
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH
    assert violations == []


def test_the_beheerder_resets_a_colleagues_app_in_the_admin(live_server, page, clock):
    beheerder = UserFactory(username="bea", role=Role.ADMINISTRATOR, password=PASSWORD)
    own = TOTPDevice.objects.create(user=beheerder, name="app", confirmed=True)
    colleague = UserFactory(username="coco", role=Role.COORDINATOR, password=PASSWORD)
    TOTPDevice.objects.create(user=colleague, name="app", confirmed=True)

    page.goto(f"{live_server.url}/beheer/login/")
    page.fill("#id_username", "bea")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/tweestapsverificatie/code/?next=%2Fbeheer%2F")
    page.fill("#id_code", code_now(own.bin_key))
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/beheer/")

    page.goto(f"{live_server.url}/beheer/core/user/")
    page.locator(f"input[name=_selected_action][value='{colleague.pk}']").check()
    page.select_option("select[name=action]", "twofactor_reset_action")
    page.click("button[name=index]")
    expect(page.locator("#content-main")).to_contain_text("coco")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "beheer-tweestapsverificatie-reset.png"), full_page=True)
    page.click("input[value='Ja, opnieuw laten instellen']")
    expect(page.locator(".messagelist")).to_contain_text("Tweestapsverificatie van 1 gebruiker")
    assert not TOTPDevice.objects.filter(user=colleague).exists()
