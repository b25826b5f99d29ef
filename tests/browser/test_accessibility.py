"""axe-core on every page, as its users see it. Screenshots go to var/screenshots."""

import pytest
from playwright.sync_api import expect

from dienstverlening.framework.models import Norm, Statement, WorkAgreement
from dienstverlening.organisation.models import Service, Team
from tests.browser.conftest import check_on_desktop_and_phone, check_page, check_pages, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def public_paths() -> dict[str, str]:
    team = Team.objects.get(slug="burgerzaken")
    service = Service.objects.filter(team=team).first()
    norm = Norm.objects.filter(previous__isnull=False).first() or Norm.objects.first()
    return {
        "start": "/",
        "kader": "/kader/",
        "poster": "/kader/poster/",
        "teams": "/teams/",
        "team": team.get_absolute_url(),
        "dienst": service.get_absolute_url(),
        "norm": f"/normen/{norm.pk}/",
        "inloggen": "/inloggen/",
        "niet-gevonden": "/bestaat-niet/",
    }


def staff_paths() -> dict[str, str]:
    team = Team.objects.get(slug="burgerzaken")
    norm = Norm.objects.filter(team=team).first() or Norm.objects.first()
    agreement = WorkAgreement.objects.filter(team=team).first() or WorkAgreement.objects.first()
    return {
        "wie-doet-wat": "/wie-doet-wat/",
        "wie-doet-wat-zoeken": "/wie-doet-wat/?q=paspoorten",
        "wie-doet-wat-niets": "/wie-doet-wat/?q=ruimtevaart",
        "kader-beheren": "/kader/beheren/",
        "norm-nieuw-org": "/normen/nieuw/",
        "norm-nieuw-team": f"/normen/nieuw/?team={team.slug}",
        "norm-wijzigen": f"/normen/{norm.pk}/wijzigen/",
        "afspraak-nieuw": f"/afspraken/nieuw/?team={team.slug}",
        "afspraak-wijzigen": f"/afspraken/{agreement.pk}/wijzigen/",
        "afspraak-verwijderen": f"/afspraken/{agreement.pk}/verwijderen/",
        "stelling-wijzigen": f"/kader/stellingen/{Statement.objects.first().pk}/wijzigen/",
        "focus-nieuw": "/kader/focus/nieuw/",
        "team-beheer": team.get_absolute_url(),
        "geen-toegang": "/openstaand-werk/mailboxen/",
    }


def test_public_pages_pass_axe_on_desktop_and_phone(demo, live_server, page, mobile_page):
    violations = []
    for name, path in public_paths().items():
        url = live_server.url + path
        violations += check_on_desktop_and_phone(
            page, mobile_page, url, shot=f"publiek-{name}", name=name
        )
    assert violations == []


def test_staff_pages_pass_axe(demo, live_server, page):
    login(page, live_server, "coordinator")
    assert check_pages(page, live_server.url, staff_paths(), shot="medewerker") == []


def test_form_with_errors_passes_axe_and_links_to_fields(demo, live_server, page):
    login(page, live_server, "teammanager")
    page.goto(f"{live_server.url}/normen/nieuw/?team=burgerzaken")
    page.fill("#id_title", "Binnen een dag")
    page.fill("#id_target_value", "-3")
    page.fill("#id_target_share", "150")
    page.click("main button[type=submit]")
    summary = page.locator("#foutmeldingen")
    expect(summary).to_be_visible()
    assert "De norm moet groter zijn dan 0." in summary.inner_text()
    assert page.input_value("#id_title") == "Binnen een dag"
    assert page.get_attribute("#id_target_value", "aria-invalid") == "true"
    assert "id_target_value_error" in page.get_attribute("#id_target_value", "aria-describedby")
    assert check_page(page, "medewerker-norm-fouten") == []
    summary.get_by_role("link", name="Norm: De norm moet groter zijn dan 0.").click()
    assert page.evaluate("document.activeElement.id") == "id_target_value"
