"""Playwright with the system Chromium (Debian package), never a downloaded browser."""

import contextlib
import fcntl
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests import snapshot, system

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
HASHED_NAME = re.compile(r"\.[0-9a-f]{12}\.\w+$")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
# The width of the phone in ``mobile_page``: no page may be wider.
PHONE_WIDTH = 375


def _production_static() -> bool:
    """True when the run uses the production pipeline (DV_PLAIN_STATIC=0): hashed, compressed."""
    from django.conf import settings

    return settings.STORAGES["staticfiles"]["BACKEND"] != (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )


@pytest.fixture(scope="session", autouse=True)
def _collected_static(tmp_path_factory):
    """With the production pipeline, run `collectstatic` once into a temporary STATIC_ROOT.

    Once per run, not per pytest-xdist worker (it compresses every file: about a minute of
    CPU): the first worker collects under a lock in the run's shared temporary directory."""
    if not _production_static():
        yield None
        return
    from django.core.management import call_command
    from django.test.utils import override_settings

    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    root = shared / "collected-static"
    with open(shared / "collected-static.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / "staticfiles.json").exists():
            with override_settings(STATIC_ROOT=root):
                call_command("collectstatic", interactive=False, verbosity=0)
    with override_settings(STATIC_ROOT=root):
        yield root


@pytest.fixture(scope="session")
def live_server(request, _collected_static):
    """pytest-django's live server; with the production pipeline the app serves /static/ itself.

    pytest-django puts Django's StaticFilesHandler in front, which serves source files through
    the finders and knows no hashed names. In production WhiteNoise (a middleware of the app)
    serves the collected files from STATIC_ROOT, so the server here gets no handler in front.
    """
    from django.test.testcases import LiveServerThread
    from pytest_django.live_server_helper import LiveServer

    addr = request.config.getvalue("liveserver") or os.getenv(
        "DJANGO_LIVE_TEST_SERVER_ADDRESS", "localhost"
    )
    server = LiveServer(addr, start=False)
    if _collected_static is not None:
        thread = server.thread
        server.thread = LiveServerThread(
            thread.host,
            static_handler=lambda application: application,
            connections_override=thread.connections_override,
            port=thread.port,
        )
        server.thread.daemon = True
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = system.program("chromium", "chromium-browser", package="chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db, now):
    """The demo organisation at a small scale; built once per test process (tests/snapshot.py)."""
    return snapshot.demo(seed=1, scale=0.01, now=now)


def _watch_static(page, failures: list[str]) -> None:
    """Record each static file the browser asks for that does not arrive, or arrives unhashed."""
    production = _production_static()

    def on_response(response) -> None:
        path = urlsplit(response.url).path
        if not path.startswith("/static/"):
            return
        if response.status >= 400:
            failures.append(f"{response.status} {path}")
        elif production and not HASHED_NAME.search(path):
            failures.append(f"niet gehasht: {path}")

    page.on("response", on_response)


@contextlib.contextmanager
def _watched_page(browser, **options):
    """A page in a Dutch browser context of its own; a static file that fails to load fails the
    test when the page is closed."""
    context = browser.new_context(locale="nl-NL", **options)
    page = context.new_page()
    failures: list[str] = []
    _watch_static(page, failures)
    yield page
    context.close()
    assert not failures, failures


@pytest.fixture
def page(browser):
    with _watched_page(browser, viewport={"width": 1280, "height": 900}) as page:
        yield page


@pytest.fixture
def mobile_page(browser):
    with _watched_page(
        browser,
        viewport={"width": PHONE_WIDTH, "height": 800},
        is_mobile=True,
        device_scale_factor=1,
    ) as page:
        yield page


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


def check_pages(page, base_url: str, paths: dict[str, str], *, shot: str) -> list[str]:
    """``check_page`` of each of ``paths`` (name → path below ``base_url``), in order; the
    screenshots are ``{shot}-{name}``."""
    violations = []
    for name, path in paths.items():
        page.goto(base_url + path)
        violations += check_page(page, f"{shot}-{name}")
    return violations


def check_on_desktop_and_phone(page, mobile_page, url: str, *, shot: str, name: str) -> list[str]:
    """``check_page`` of ``url`` on the desktop (screenshot ``{shot}-desktop``) and on a phone
    (``{shot}-375px``), plus a line when the page is wider than the phone."""
    violations = []
    for label, tab in (("desktop", page), (f"{PHONE_WIDTH}px", mobile_page)):
        tab.goto(url)
        violations += check_page(tab, f"{shot}-{label}")
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE_WIDTH:
        violations.append(f"{name}: {width}px breed op een telefoon van {PHONE_WIDTH}px")
    return violations
