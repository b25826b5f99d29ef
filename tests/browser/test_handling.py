"""The handling pages in a real browser: axe-core on every page, on desktop and phone."""

import re

import pytest
from playwright.sync_api import expect

from dienstverlening.handling.mailsync import mailbox_set_password
from dienstverlening.handling.models import HandlingItem, ImportSource, Mailbox
from dienstverlening.organisation.models import Municipality, Team
from tests.browser.conftest import check_page, check_pages, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _team_with_open_work() -> Team:
    item = HandlingItem.objects.filter(closed_at__isnull=True).select_related("team").first()
    return item.team


def test_open_work_pages_pass_axe(demo, live_server, page, mobile_page):
    login(page, live_server, "medewerker")
    team = _team_with_open_work()
    paths = {
        "openstaand-werk": "/openstaand-werk/",
        "openstaand-werk-oudewater-email": "/openstaand-werk/?gemeente=oudewater&soort=email",
        "openstaand-team": f"/openstaand-werk/teams/{team.slug}/",
        "normen": "/openstaand-werk/normen/",
        "normen-per-dienst": "/openstaand-werk/normen/?indeling=service&van=2025-01-01",
        "normen-fout": "/openstaand-werk/normen/?van=2026-12-01&tot=2026-01-01",
    }
    violations = check_pages(page, live_server.url, paths, shot="afhandeling")
    # The overview names the teams and links to their open items.
    page.goto(live_server.url + "/openstaand-werk/")
    expect(page.get_by_role("link", name=team.name).first).to_be_visible()
    # On a phone, wide tables scroll inside their wrapper; the page itself does not.
    mobile = mobile_page
    mobile.goto(f"{live_server.url}/inloggen/")
    mobile.fill("#id_username", "medewerker")
    mobile.fill("#id_password", "demo")
    mobile.click("main button[type=submit]")
    mobile.wait_for_url(f"{live_server.url}/")
    for name, path in (
        ("openstaand-werk", "/openstaand-werk/"),
        ("normen", "/openstaand-werk/normen/"),
    ):
        mobile.goto(live_server.url + path)
        violations += check_page(mobile, f"afhandeling-{name}-375px")
        width = mobile.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            violations.append(f"{name}: {width}px breed op een telefoon van 375px")
    assert violations == []


def test_beheerder_pages_pass_axe(demo, live_server, page, tmp_path, now):
    team = Team.objects.get(slug="burgerzaken")
    ok = Mailbox.objects.create(
        team=team,
        municipality=Municipality.objects.get(slug="woerden"),
        name="burgerzaken@woerden.nl",
        host="127.0.0.1",
        port=1,
        security="none",
        username="burgerzaken",
        last_error="Verbinden met 127.0.0.1:1 lukt niet: [Errno 111] Connection refused",
    )
    mailbox_set_password(mailbox=ok, password="geheim")
    Mailbox.objects.filter(pk=ok.pk).update(last_error_at=now)
    ImportSource.objects.update_or_create(
        name="kcc",
        defaults={
            "description": "Terugbelverzoeken uit het KCC-systeem",
            "default_kind": "callback",
            "mapping": {"source_id": "Nummer", "received_at": "Aangemaakt"},
        },
    )
    login(page, live_server, "beheerder")
    violations = []
    page.goto(live_server.url + "/openstaand-werk/mailboxen/")
    assert f"sinds {now:%d-%m-%Y %H:%M}: Verbinden met 127.0.0.1:1 lukt niet" in page.inner_text(
        "main"
    )
    violations += check_page(page, "afhandeling-mailboxen")
    page.get_by_role("button", name="Nu bijwerken").click()
    page.wait_for_url(re.compile(r"/taken/[0-9a-f-]+/$"))
    # The unreachable mailbox, in the outcome, in plain words.
    assert "weigert de verbinding" in page.inner_text(".dv-job")
    violations += check_page(page, "afhandeling-mailboxen-bijwerken")
    page.goto(live_server.url + "/openstaand-werk/importeren/")
    violations += check_page(page, "afhandeling-importeren")
    # A file with a bad row: the job's page lists the error with its line and saves nothing.
    bad = tmp_path / "kcc.csv"
    bad.write_text(
        "Nummer;Team;Gemeente;Aangemaakt\nK-1;Burgerzaken;Woerden;20-11-2026 10:00\n"
        "K-2;Onbekend;Woerden;31-02-2026\n",
        encoding="cp1252",
    )
    page.select_option("#id_source", label="kcc")
    page.set_input_files("#id_file", str(bad))
    page.get_by_role("button", name="Controleren en opslaan").click()
    expect(page.locator("main")).to_contain_text("Regel 3")
    violations += check_page(page, "afhandeling-import-fouten")
    # Check first: the first rows as read, nothing saved; then save the same file.
    good = tmp_path / "kcc-goed.csv"
    good.write_text(
        "Nummer;Team;Gemeente;Aangemaakt\nK-1;Burgerzaken;Woerden;20-11-2026 10:00\n",
        encoding="utf-8",
    )
    page.goto(live_server.url + "/openstaand-werk/importeren/")
    page.select_option("#id_source", label="kcc")
    page.set_input_files("#id_file", str(good))
    page.get_by_role("button", name="Alleen controleren").click()
    expect(page.locator("main table")).to_contain_text("K-1")
    violations += check_page(page, "afhandeling-import-controle")
    assert not HandlingItem.objects.filter(source="kcc", source_id="K-1").exists()
    page.get_by_role("button", name="1 regel opslaan").click()
    page.locator(".dv-job__created").wait_for()
    assert page.inner_text(".dv-job__created") == "1"
    assert HandlingItem.objects.filter(source="kcc", source_id="K-1").exists()
    page.goto(live_server.url + "/taken/")
    violations += check_page(page, "taken")
    assert violations == []


def test_closing_day_admin_says_how_many_open_items_moved(live_server, page):
    import datetime
    from decimal import Decimal

    from dienstverlening.framework.models import NormSubject
    from dienstverlening.handling.services import items_upsert
    from tests.core.factories import UserFactory
    from tests.framework.factories import NormFactory
    from tests.handling.factories import item_input, moment
    from tests.organisation.factories import MunicipalityFactory, TeamFactory

    woerden = MunicipalityFactory()
    team = TeamFactory(name="Burgerzaken", slug="burgerzaken")
    NormFactory(subject=NormSubject.EMAIL, target_value=Decimal("20"))
    items_upsert(
        items=[
            item_input(
                team, woerden, f"M-{n}", moment("2026-11-30 09:00"), kind="email", source="mail"
            )
            for n in range(3)
        ]
    )
    UserFactory(username="beheer-browser", role="administrator", is_superuser=True)
    login(page, live_server, "beheer-browser", "geheim-wachtwoord")
    violations = []
    page.goto(live_server.url + "/beheer/handling/closingday/add/")
    page.select_option("#id_municipality", label=str(woerden))
    page.fill("#id_date", "28-12-2026")
    page.fill("#id_reason", "Tussen kerst en oud en nieuw")
    violations += check_page(page, "beheer-sluitingsdag-toevoegen")
    page.click("input[name=_save]")
    message = page.locator(".messagelist").inner_text()
    assert "3 openstaande items kregen een nieuwe uiterste datum." in message
    violations += check_page(page, "beheer-sluitingsdagen")
    due = HandlingItem.objects.get(source_id="M-0").due_at
    assert due.date() == datetime.date(2026, 12, 30)
    assert violations == []
