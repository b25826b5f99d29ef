"""Team plans and the implementation plan in a real browser: axe-core on desktop and phone, a
manager keeping the team's plan, the coördinator keeping the implementation plan."""

import datetime

import pytest
from playwright.sync_api import expect

from dienstverlening.demo import improvement_plans as demo_plans
from dienstverlening.improvement.models import Action, ImplementationAction, TeamPlan
from tests.browser.conftest import SCREENSHOTS, check_on_desktop_and_phone, check_page, login
from tests.improvement.plans_factories import implementation_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plans_demo(demo, now):
    """The demo with its implementation plan (an earlier test's flush may have emptied it)."""
    implementation_plan()
    demo_plans.generate(rng=None, scale=0.01, now=now)
    return demo


def test_team_plans_and_implementation_plan_pass_axe_and_work(
    plans_demo, live_server, page, mobile_page, now
):
    plan = TeamPlan.objects.get(team__slug="burgerzaken", year=now.year)
    login(page, live_server, "medewerker")
    login(mobile_page, live_server, "medewerker")
    violations = []
    for name, path in {
        "teamplannen": "/verbeteren/teamplannen/",
        "teamplan": plan.get_absolute_url(),
        "teamplan-afdruk": f"{plan.get_absolute_url()}afdrukken/",
        # The ten orange actions: every part of the page, at a third of the length of all 35.
        "implementatieplan": "/verbeteren/implementatieplan/?kleur=orange",
    }.items():
        violations += check_on_desktop_and_phone(
            page, mobile_page, live_server.url + path, shot=f"plannen-{name}", name=name
        )
    # On paper: the print view without menu and buttons.
    page.goto(f"{live_server.url}{plan.get_absolute_url()}afdrukken/")
    page.emulate_media(media="print")
    page.screenshot(path=str(SCREENSHOTS / "plannen-teamplan-print.png"), full_page=True)
    expect(page.get_by_text("Terug naar het teamplan")).to_be_hidden()
    page.emulate_media(media="screen")
    # A medewerker reads the progress in numbers, and changes nothing.
    page.goto(f"{live_server.url}/verbeteren/implementatieplan/")
    expect(page.get_by_text("35 acties:")).to_be_visible()
    assert page.get_by_role("link", name="Wijzigen").count() == 0

    # The teammanager adds an action: a date in the past is refused, the title stays.
    login(page, live_server, "teammanager")
    page.goto(f"{live_server.url}{plan.get_absolute_url()}acties/nieuw/")
    page.fill("#id_title", "Wachtruimte-scherm met wachttijd")
    yesterday = now.date() - datetime.timedelta(days=1)
    page.fill("#id_due", yesterday.isoformat())
    page.click("main button[type=submit]")
    expect(page.get_by_text("deze datum is al voorbij").first).to_be_visible()
    assert page.input_value("#id_title") == "Wachtruimte-scherm met wachttijd"
    violations += check_page(page, "plannen-actie-fout")
    page.fill("#id_due", (now.date() + datetime.timedelta(days=60)).isoformat())
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}{plan.get_absolute_url()}")
    expect(
        page.get_by_role("cell", name="Wachtruimte-scherm met wachttijd", exact=True)
    ).to_be_visible()
    # The status of an action changes in its row.
    action = Action.objects.get(title="Wachtruimte-scherm met wachttijd")
    page.select_option(f"#status-{action.pk}", "running")
    page.locator(f"#status-{action.pk} ~ button").click()
    expect(page.get_by_text("staat nu op: loopt")).to_be_visible()
    # The plan's form: norms and agreements from the framework, as checkboxes.
    page.goto(f"{live_server.url}{plan.get_absolute_url()}wijzigen/")
    violations += check_page(page, "plannen-teamplan-wijzigen")
    page.fill("#id_focus", "Iedere inwoner weet bij de balie wat er gaat gebeuren.")
    page.click("main button[type=submit]")
    expect(
        page.get_by_text("Iedere inwoner weet bij de balie wat er gaat gebeuren.")
    ).to_be_visible()

    # The coördinator keeps the implementation plan.
    login(page, live_server, "coordinator")
    last = ImplementationAction.objects.get(position=35)
    page.goto(f"{live_server.url}/verbeteren/implementatieplan/{last.pk}/wijzigen/")
    violations += check_page(page, "plannen-implementatie-wijzigen")
    page.check("#id_colour_2")  # oranje
    page.check("#id_status_1")  # loopt
    page.fill("#id_owner", "Coördinator dienstverlening")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/verbeteren/implementatieplan/#actie-35")
    last.refresh_from_db()
    assert (last.colour, last.status) == ("orange", "running")
    assert violations == []
