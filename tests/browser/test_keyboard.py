"""Keyboard only: skip link, and the directory search without a mouse."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_skip_link_is_first_and_moves_focus_to_content(demo, live_server, page):
    page.goto(f"{live_server.url}/kader/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    expect(page.locator(".utrecht-skip-link")).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"


def test_find_who_handles_passports_by_keyboard(demo, live_server, page):
    login(page, live_server, "medewerker")
    page.goto(f"{live_server.url}/wie-doet-wat/")
    page.focus("#id_q")
    page.keyboard.type("paspoorten")
    page.keyboard.press("Enter")
    page.wait_for_selector("#resultaten h3")
    first = page.locator("#resultaten h3").first.inner_text()
    assert "Paspoort" in first
    assert "Burgerzaken" in page.locator("#resultaten li").first.inner_text()
