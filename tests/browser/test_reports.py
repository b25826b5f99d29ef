"""The report pages in a real browser: axe-core on desktop and phone, charts drawn."""

import re

import pytest
from playwright.sync_api import expect

from dienstverlening.reports.models import Report, ReportKind, ReportStatus
from tests.browser.conftest import check_on_desktop_and_phone, check_page, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_report_pages_pass_axe_on_desktop_and_phone(demo, live_server, page, mobile_page):
    login(page, live_server, "coordinator")
    login(mobile_page, live_server, "coordinator")
    draft = Report.objects.get(kind=ReportKind.SERVICE, status=ReportStatus.DRAFT)
    letter = Report.objects.filter(kind=ReportKind.COUNCIL_LETTER).first()
    violations = []
    for name, path in (
        ("lijst", "/rapportages/"),
        ("nieuw", "/rapportages/nieuw/"),
        ("concept", draft.get_absolute_url()),
        ("raadsbrief", letter.get_absolute_url()),
    ):
        violations += check_on_desktop_and_phone(
            page, mobile_page, live_server.url + path, shot=f"rapportages-{name}", name=name
        )
    # The preview draws the dashboard's charts (SVG from the same Vega-Lite spec).
    page.goto(live_server.url + draft.get_absolute_url())
    page.wait_for_selector(".dv-chart svg")
    expect(page.get_by_role("button", name="Deze versie vaststellen")).to_be_visible()
    # Bad input: the form comes back with the reason, in Dutch, and the choices kept.
    page.goto(live_server.url + "/rapportages/nieuw/")
    page.select_option("#id_kind", "council_letter")
    page.click("main button[type=submit]")
    expect(page.get_by_text("kies een gemeente").first).to_be_visible()
    violations += check_page(page, "rapportages-nieuw-fout")
    assert violations == []


@pytest.mark.tasks
def test_a_report_made_on_the_page_shows_its_steps_then_links_to_the_new_draft(
    demo, task_worker, live_server, page
):
    """The coördinator asks for the year report; the page follows the worker (figures, then the
    files) without being reloaded, then links to the new draft, which has its PDF."""
    before = Report.objects.filter(kind=ReportKind.SERVICE).count()
    login(page, live_server, "coordinator")
    page.goto(live_server.url + "/rapportages/nieuw/")
    page.select_option("#id_kind", "service")
    page.select_option("#id_period", "2025")
    page.get_by_role("button", name="Rapportage maken").click()
    page.wait_for_url(re.compile(r"/taken/[0-9a-f-]+/$"))

    # What the page said while the worker ran: the step it was in, read each time the page
    # asked (once a second), until the outcome replaced it.
    seen: list[str] = []
    outcome = page.locator(".utrecht-alert__message", has_text="Klaar.")
    for _ in range(240):
        if outcome.count():
            break
        # Read without waiting: the next swap may take the step away between two calls.
        stage = page.evaluate("document.querySelector('#taak-stap')?.innerText ?? null")
        if stage:
            seen.append(stage)
        page.wait_for_timeout(250)
    expect(outcome).to_be_visible()
    steps = {text for text in seen if re.match(r"Stap [12] van 2: ", text)}
    assert steps, seen  # the step was never shown while the worker ran
    assert steps <= {"Stap 1 van 2: Cijfers verzamelen", "Stap 2 van 2: Bestanden maken"}
    violations = check_page(page, "rapportage-gemaakt")

    new = Report.objects.filter(kind=ReportKind.SERVICE).order_by("-pk").first()
    assert Report.objects.filter(kind=ReportKind.SERVICE).count() == before + 1
    assert new.status == ReportStatus.DRAFT and new.files.filter(format="pdf").exists()
    page.get_by_role("link", name=re.compile(rf"versie {new.version}$")).click()
    page.wait_for_url(live_server.url + new.get_absolute_url())
    expect(page.get_by_role("button", name="Deze versie vaststellen")).to_be_visible()
    assert violations == []
