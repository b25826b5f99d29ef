"""The API documentation renders in the real browser under the strict content-security policy."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every refusal by the policy, with what was refused, reported to the console by the page itself.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.log("CSP-VIOLATION " + event.violatedDirective + " " + event.blockedURI);
});
"""


def open_docs(page, url: str) -> list[str]:
    page.context.add_init_script(REPORT_VIOLATIONS)
    messages = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: messages.append(f"pageerror: {error}"))
    page.goto(url)
    return messages


def test_swagger_ui_shows_the_operations_without_csp_violations(live_server, page):
    messages = open_docs(page, f"{live_server.url}/api/v1/docs/")
    page.get_by_text("Zaak aanleveren (aanmaken of bijwerken)").wait_for()
    expect(page.get_by_text("/api/v1/interne-taken/", exact=True).first).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "api-docs-swagger.png"))
    assert messages == []


def test_redoc_shows_the_operations_with_only_the_outside_logo_refused(live_server, page):
    messages = open_docs(page, f"{live_server.url}/api/v1/redoc/")
    page.get_by_role("heading", name="Zaak aanleveren (aanmaken of bijwerken)").wait_for()
    page.screenshot(path=str(SCREENSHOTS / "api-docs-redoc.png"))
    # Redoc's styles run with the page's nonce; only the Redocly logo, which Redoc loads from
    # its own CDN, is refused: we send our users to no third party.
    refused = [m for m in messages if "CSP-VIOLATION" in m or "pageerror" in m]
    assert refused == ["log: CSP-VIOLATION img-src https://cdn.redoc.ly/redoc/logo-mini.svg"]
    assert not page.evaluate(
        "Array.from(document.querySelectorAll('style')).some((style) => !style.nonce)"
    )
