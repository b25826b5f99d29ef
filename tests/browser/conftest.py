"""Playwright with the system Chromium (Debian package), never a downloaded browser."""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the
# test itself are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("Chromium ontbreekt: installeer het Debian-pakket 'chromium' (make system).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db):
    from dienstverlening.demo.services import demo_load

    return demo_load(seed=1, scale=0.01)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def mobile_page(browser):
    context = browser.new_context(
        viewport={"width": 375, "height": 800},
        locale="nl-NL",
        is_mobile=True,
        device_scale_factor=1,
    )
    page = context.new_page()
    yield page
    context.close()


def login(page, live_server, username: str, password: str = "demo") -> None:
    page.goto(f"{live_server.url}/inloggen/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def check_page(page, name: str) -> list[str]:
    """Screenshot the page for review and return axe-core's violations as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    result = Axe().run(page)
    return [
        f"{name}: {violation['id']} — {violation['help']} ({len(violation['nodes'])}x)"
        for violation in result.response["violations"]
    ]
