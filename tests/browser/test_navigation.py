"""The start page and menu per role, as each person sees them, on a desktop and a phone."""

import pytest

from tests.browser.conftest import check_page, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def menu(page) -> list[str]:
    return page.locator("nav.dv-nav a").all_inner_texts()


def check_start_page(page, name: str) -> list[str]:
    violations = check_page(page, name)
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    if width > viewport:
        violations.append(f"{name}: {width}px breed op {viewport}px")
    return violations


def test_start_page_per_role_on_desktop_and_phone(demo, live_server, page, mobile_page):
    violations = []
    expected = {
        None: ["Start", "Ons dienstverleningskader", "Teams"],
        "medewerker": [
            "Start",
            "Ons dienstverleningskader",
            "Wie doet wat",
            "Teams",
            "Dashboard",
            "Verbeteren",
            "Rapportages",
            "Metingen",
            "Openstaand werk",
        ],
    }
    expected["beheerder"] = [*expected["medewerker"], "Beheer", "Audittrail"]
    for username, items in expected.items():
        for label, tab in (("desktop", page), ("375px", mobile_page)):
            if username:
                login(tab, live_server, username)
            else:
                tab.goto(f"{live_server.url}/")
            assert menu(tab) == items, (username, label)
            violations += check_start_page(tab, f"start-{username or 'anoniem'}-{label}")
            if username:
                tab.click("text=Uitloggen")
    assert violations == []
