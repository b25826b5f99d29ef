"""Signing in with the work account in a real Chromium, at a real OpenID provider on loopback
(``tests/oidc.py``): the button, the provider's own page, and back signed in with the role that
the groups claim gives."""

import pytest
from playwright.sync_api import expect

from dienstverlening.core.models import User
from dienstverlening.core.roles import Role
from dienstverlening.organisation.models import Team
from tests.browser.conftest import check_on_desktop_and_phone, check_page
from tests.organisation.factories import TeamFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANNA = {
    "preferred_username": "anna.bakker@woerden.nl",
    "email": "anna.bakker@woerden.nl",
    "given_name": "Anna",
    "family_name": "Bakker",
}


def test_a_colleague_signs_in_with_her_work_account_and_gets_the_role_of_her_group(
    live_server, page, mobile_page, oidc_provider
):
    burgerzaken = TeamFactory(name="Burgerzaken", slug="burgerzaken")
    oidc_provider.person("anna", **ANNA, groups=["DV-TM-Burgerzaken"])
    violations = check_on_desktop_and_phone(
        page,
        mobile_page,
        f"{live_server.url}/inloggen/",
        shot="inloggen-werkaccount",
        name="inloggen",
    )

    page.get_by_role("link", name="Inloggen met uw werkaccount").click()
    # The provider's own page (Entra ID's or ADFS's in production): who signs in.
    page.get_by_placeholder("sub").fill("anna")
    page.get_by_role("button", name="Authorize").click()

    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator(".dv-header__user")).to_contain_text("Anna Bakker · teammanager")
    anna = User.objects.get(oidc_subject="anna")
    assert anna.role == Role.TEAM_MANAGER
    assert list(Team.objects.filter(managers=anna)) == [burgerzaken]
    assert violations == []


def test_with_passwords_off_the_page_has_only_the_button_and_a_failed_sign_in_explains(
    live_server, page, settings, oidc_provider
):
    settings.DV_LOCAL_LOGIN = False
    page.goto(f"{live_server.url}/inloggen/?next=/kader/")
    violations = check_page(page, "inloggen-alleen-werkaccount")
    expect(page.get_by_role("link", name="Inloggen met uw werkaccount")).to_be_visible()
    expect(page.locator("input[type=password]")).to_have_count(0)

    # An answer from the provider that this browser never asked for (an old tab, a forged link).
    page.goto(f"{live_server.url}/oidc/callback/?code=oud&state=onbekend")
    expect(page.get_by_role("heading", level=1)).to_have_text("Het inloggen is verlopen")
    violations += check_page(page, "inloggen-verlopen")
    page.get_by_role("link", name="Opnieuw inloggen").click()
    page.wait_for_url(f"{live_server.url}/inloggen/")
    assert violations == []
