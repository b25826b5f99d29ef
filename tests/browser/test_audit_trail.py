"""The audit trail in a real browser: the coördinator changes a statement, the functioneel
beheerder finds that change through the menu and the filters, old → new; accessible (axe) on a
desktop and a phone."""

import pytest
from playwright.sync_api import expect

from dienstverlening.framework.models import Statement
from tests.browser.conftest import check_on_desktop_and_phone, check_page, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_beheerder_finds_the_coordinators_change_with_old_and_new_text(
    demo, live_server, page, mobile_page
):
    statement = Statement.objects.order_by("order", "pk").first()
    old = statement.text
    new = old.rstrip(".") + ", ook aan de telefoon."

    login(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/kader/stellingen/{statement.pk}/wijzigen/")
    page.fill("#id_text", new)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".dv-messages")).to_contain_text("De stelling is opgeslagen.")
    page.get_by_role("button", name="Uitloggen").click()

    login(page, live_server, "beheerder")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Audittrail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audittrail")
    violations = check_page(page, "audittrail-alles")

    page.select_option("#id_soort", "framework.statement")
    page.select_option("#id_persoon", "coordinator")
    page.get_by_role("button", name="Toon").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    row = page.locator("tbody tr").first
    expect(row).to_contain_text("Stelling")
    expect(row).to_contain_text("gewijzigd")
    expect(row).to_contain_text(old)
    expect(row).to_contain_text(new)
    login(mobile_page, live_server, "beheerder")
    violations += check_on_desktop_and_phone(
        page, mobile_page, page.url, shot="audittrail-gefilterd", name="audittrail"
    )
    expect(mobile_page.locator("tbody tr")).to_contain_text(new)

    # A period that ends before it starts: the message is on the field, nothing is shown.
    page.fill("#id_van", "2026-12-02")
    page.fill("#id_tot", "2026-11-01")
    page.get_by_role("button", name="Toon").click()
    expect(page.locator("body")).to_contain_text("De einddatum ligt vóór de begindatum.")
    violations += check_page(page, "audittrail-fout")
    assert violations == []
