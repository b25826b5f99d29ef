"""The demo's functioneel beheerder does its work in the real admin (/beheer/)."""

import json

import pytest
from playwright.sync_api import expect

from dienstverlening.core.models import User
from dienstverlening.core.roles import Role
from dienstverlening.handling.models import ClosingDay, ImportSource, Mailbox
from dienstverlening.organisation.models import Municipality, Service, Team
from tests.browser.conftest import SCREENSHOTS, check_page, check_pages, login
from tests.core.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"beheer-{name}.png"), full_page=True)


def fill(page, **fields: str) -> None:
    """Types each value into the admin form's field of that name."""
    for name, value in fields.items():
        page.fill(f"#id_{name}", value)


def save(page, message: str) -> None:
    """Saves the admin form; the admin says ``message`` (e.g. "met succes toegevoegd")."""
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text(message)


def test_demo_beheerder_adds_a_colleague_a_closing_day_and_edits_a_team(demo, live_server, page):
    login(page, live_server, "beheerder")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Beheer").click()
    page.wait_for_url(f"{live_server.url}/beheer/")
    assert "geen rechten" not in page.content()
    shot(page, "start")

    # A new colleague with the role teammanager.
    page.get_by_role("link", name="Gebruikers").click()
    page.get_by_role("link", name="Gebruiker toevoegen").click()
    fill(
        page,
        username="nieuwe-teammanager",
        first_name="Fatima",
        last_name="El Amrani",
        password1="lang-en-uniek-wachtwoord-31",
        password2="lang-en-uniek-wachtwoord-31",
    )
    page.select_option("#id_role", "team_manager")
    shot(page, "gebruiker-toevoegen")
    save(page, "met succes toegevoegd")
    shot(page, "gebruiker-wijzigen")
    assert User.objects.get(username="nieuwe-teammanager").role == "team_manager"

    # A local closing day: the Friday after Ascension Day.
    page.goto(f"{live_server.url}/beheer/handling/closingday/add/")
    page.select_option("#id_municipality", label="Woerden")
    page.fill("#id_date", "07-05-2027")
    page.fill("#id_reason", "Vrijdag na Hemelvaart")
    save(page, "met succes toegevoegd")
    shot(page, "sluitingsdagen")
    assert ClosingDay.objects.filter(municipality__slug="woerden", date="2027-05-07").exists()

    # The team Burgerzaken gets a new phone number.
    page.goto(f"{live_server.url}/beheer/organisation/team/")
    page.get_by_role("link", name="Burgerzaken", exact=True).click()
    page.fill("#id_phone", "0348 428 911")
    save(page, "met succes gewijzigd")
    assert Team.objects.get(slug="burgerzaken").phone == "0348 428 911"


def test_demo_beheerder_adds_a_mailbox_an_import_source_and_edits_a_service(
    demo, live_server, page
):
    burgerzaken = Team.objects.get(slug="burgerzaken")
    woerden = Municipality.objects.get(slug="woerden")
    login(page, live_server, "beheerder")

    # A team mailbox; the password is stored encrypted, never shown again.
    page.goto(f"{live_server.url}/beheer/handling/mailbox/add/")
    page.select_option("#id_team", str(burgerzaken.pk))
    page.select_option("#id_municipality", str(woerden.pk))
    fill(
        page,
        name="paspoorten@woerden.nl",
        host="imap.woerden.nl",
        port="993",
        username="paspoorten",
        new_password="imap-geheim-2026",
        folders="INBOX",
    )
    shot(page, "mailbox-toevoegen")
    save(page, "met succes toegevoegd")
    mailbox = Mailbox.objects.get(name="paspoorten@woerden.nl")
    assert mailbox.team == burgerzaken and "imap-geheim-2026" not in mailbox.password_encrypted

    # An import source with its column mapping, for the call-backs of the parking desk.
    mapping = {"source_id": "Nummer", "received_at": "Aangemaakt", "closed_at": "Afgehandeld"}
    page.goto(f"{live_server.url}/beheer/handling/importsource/add/")
    page.fill("#id_name", "parkeerbalie")
    page.fill("#id_description", "Terugbelverzoeken van de parkeerbalie")
    page.select_option("#id_default_kind", "callback")
    page.select_option("#id_default_team", str(burgerzaken.pk))
    page.fill("#id_mapping", json.dumps(mapping))
    shot(page, "importbron-toevoegen")
    save(page, "met succes toegevoegd")
    assert ImportSource.objects.get(name="parkeerbalie").mapping == mapping

    # A service gets a clearer description.
    service = Service.objects.filter(team=burgerzaken).order_by("name").first()
    page.goto(f"{live_server.url}/beheer/organisation/service/{service.pk}/change/")
    page.fill("#id_description", "U vraagt dit aan bij de balie of online.")
    shot(page, "dienst-wijzigen")
    save(page, "met succes gewijzigd")
    service.refresh_from_db()
    assert service.description == "U vraagt dit aan bij de balie of online."


def test_wrong_passwords_on_the_admin_log_in_end_on_the_dutch_lockout_page(live_server, page):
    UserFactory(
        username="beheer-anna", password="lang-en-uniek-wachtwoord-31", role=Role.ADMINISTRATOR
    )
    page.goto(f"{live_server.url}/beheer/login/")
    for password in [
        "fout-1",
        "fout-2",
        "fout-3",
        "fout-4",
        "fout-5",
        "lang-en-uniek-wachtwoord-31",
    ]:
        page.fill("#id_username", "beheer-anna")
        page.fill("#id_password", password)
        page.click("input[type=submit]")
        if page.get_by_role("heading", name="Te vaak een verkeerd wachtwoord").count():
            break
    assert "15 minuten" in page.locator("main").inner_text()
    assert check_page(page, "beheer-geblokkeerd") == []


def test_a_weak_new_password_is_refused_in_dutch_in_the_admin(live_server, page):
    UserFactory(
        username="beheer-anna", password="lang-en-uniek-wachtwoord-31", role=Role.ADMINISTRATOR
    )
    page.goto(f"{live_server.url}/beheer/login/")
    page.fill("#id_username", "beheer-anna")
    page.fill("#id_password", "lang-en-uniek-wachtwoord-31")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/beheer/password_change/")
    page.fill("#id_old_password", "lang-en-uniek-wachtwoord-31")
    page.fill("#id_new_password1", "Woerden2026")
    page.fill("#id_new_password2", "Woerden2026")
    page.click("input[type=submit]")
    errors = page.locator(".errorlist").inner_text()
    assert "Dit wachtwoord is te kort" in errors
    assert "Gebruik geen naam van de gemeente of de organisatie" in errors
    shot(page, "wachtwoord-te-zwak")


def test_demo_beheerder_adds_an_api_client_and_copies_its_token_once(demo, live_server, page):
    from rest_framework.test import APIClient

    from dienstverlening.core.models import ApiClient

    login(page, live_server, "beheerder")
    page.goto(f"{live_server.url}/beheer/")
    page.get_by_role("link", name="API-koppelingen").first.click()
    page.get_by_role("link", name="API-koppeling toevoegen").click()
    page.fill("#id_name", "Zaaksysteem Woerden")
    page.fill("#id_description", "Team Informatievoorziening, applicatiebeheer zaaksysteem")
    page.get_by_label("afhandelgegevens aanleveren en opvragen (eigen bronnen)").check()
    page.fill("#id_sources", "zaaksysteem")
    shot(page, "api-koppeling-toevoegen")
    page.click("input[name=_save]")
    page.get_by_text("Kopieer het token nu").wait_for()
    token = page.locator("#token-1").input_value()
    assert token.startswith("dv_")
    shot(page, "api-koppeling-token")

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/api/v1/zaken/").status_code == 200
    client = ApiClient.objects.get(name="Zaaksysteem Woerden")
    assert client.source_list == ["zaaksysteem"]

    page.get_by_role("link", name="Klaar, token gekopieerd").click()
    page.get_by_role("link", name="Zaaksysteem Woerden").wait_for()
    listing = page.content()
    assert f"{token[:10]}…" in listing
    assert token not in listing
    shot(page, "api-koppelingen")


def test_the_admin_pages_a_beheerder_uses_pass_axe(demo, live_server, page):
    """Django's admin as the beheerder sees it, with the project's two fixes on every page:
    underlined breadcrumbs and a named search icon in the two-list selector."""
    login(page, live_server, "beheerder")
    team = Team.objects.order_by("pk").first()
    service = Service.objects.order_by("pk").first()
    pages = {
        "start": "/beheer/",
        "teams": "/beheer/organisation/team/",
        "team": f"/beheer/organisation/team/{team.pk}/change/",
        "dienst": f"/beheer/organisation/service/{service.pk}/change/",
        "sluitingsdag-nieuw": "/beheer/handling/closingday/add/",
        "mailbox-nieuw": "/beheer/handling/mailbox/add/",
        "zoeken": "/beheer/organisation/service/?q=paspoort",
        "verwijderlog": "/beheer/core/deletionlog/",
    }
    assert check_pages(page, live_server.url, pages, shot="beheer-axe") == []
    # The two-list selector speaks Dutch too (texts Django's own Dutch catalog lacks).
    page.goto(live_server.url + pages["team"])
    expect(page.locator("#id_managers_add_all")).to_have_text("Alle teammanagers kiezen")
    expect(page.locator("#id_managers_remove_all")).to_have_text("Alle teammanagers verwijderen")
