"""The report pages in a real browser: axe-core on desktop and phone, charts drawn."""

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
