"""The functioneel beheerder reads in /beheer/ what the daily purge removed: read-only."""

import datetime

import pytest
from playwright.sync_api import expect

from dienstverlening.core.retention import purge_run
from tests.browser.conftest import check_page, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_beheerder_reads_the_deletion_log_and_cannot_change_it(demo, live_server, page, now):
    purge_run(now=now, dry_run=True)
    purge_run(now=now + datetime.timedelta(days=200))

    login(page, live_server, "beheerder")
    page.goto(f"{live_server.url}/beheer/")
    page.get_by_role("link", name="Verwijderingen").click()
    expect(
        page.get_by_role("heading", name="Selecteer verwijdering om te bekijken")
    ).to_be_visible()
    table = page.locator("#result_list")
    expect(table).to_contain_text("Afhandelitems (met opschortingen)")
    expect(table).to_contain_text("2 jaar")
    assert page.get_by_role("link", name="Verwijdering toevoegen").count() == 0
    assert check_page(page, "beheer-verwijderlog") == []

    page.get_by_role("link", name="Ja").first.click()  # only dry runs
    table.locator("tbody a").first.click()
    expect(page.locator("main")).to_contain_text("Alleen geteld; er is niets verwijderd.")
    assert page.locator("input[name=_save]").count() == 0
    assert check_page(page, "beheer-verwijdering") == []
