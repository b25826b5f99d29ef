"""Where to start, alerts and "Mijn team" in Chromium: axe on desktop and phone, and the way
from an alert to an improvement track."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dienstverlening.improvement.models import Alert, AlertRule
from dienstverlening.organisation.models import Team
from tests.browser.answers import burgerzaken_answers
from tests.browser.conftest import check_on_desktop_and_phone, check_page, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def alert(demo):
    """An open alert for Burgerzaken (the demo teammanager's team), as the check raises it."""
    team = Team.objects.get(slug="burgerzaken")
    rule = AlertRule.objects.filter(team=team).first()
    return Alert.objects.get_or_create(
        team=team,
        cause=rule.cause,
        resolved_at=None,
        defaults={
            "rule": rule,
            "created_at": timezone.now(),
            "numbers": {
                "type": "experience",
                "rule": "below",
                "measure": "value",
                "label": "Menselijk",
                "period": "K3 2026",
                "n": 1460,
                "level": 76.6,
                "threshold": 80.0,
            },
        },
    )[0]


@pytest.fixture
def answers(demo, now):
    """Enough answers this year for three Burgerzaken services to be ranked (the demo at this
    small scale has too few)."""
    burgerzaken_answers(
        starts_on=now.date().replace(month=1, day=1),
        per_service=12,
        answered_on=lambda i: now.date().replace(day=1),
        vary_by_service=True,
    )


def test_the_manager_turns_an_alert_into_a_track(alert, live_server, page, mobile_page):
    for tab in (page, mobile_page):
        login(tab, live_server, "teammanager")
    base = live_server.url
    violations = check_on_desktop_and_phone(
        page, mobile_page, f"{base}/verbeteren/signaleringen/", shot="signaleringen", name="index"
    )
    team_url = f"{base}/verbeteren/signaleringen/team/burgerzaken/"
    violations += check_on_desktop_and_phone(
        page, mobile_page, team_url, shot="signaleringen-team", name="team"
    )
    assert violations == []
    assert "‘Menselijk’: 77" in page.inner_text("main")
    # The team's own page ("Wie doet wat") shows the open alert too, with the way to all of them.
    violations = check_on_desktop_and_phone(
        page,
        mobile_page,
        f"{base}{alert.team.get_absolute_url()}",
        shot="team-met-signalering",
        name="team",
    )
    assert violations == []
    section = page.locator("section", has=page.locator("#signaleringen"))
    expect(section).to_contain_text("‘Menselijk’: 77")

    page.goto(team_url)
    page.get_by_role("button", name="Start verbetertraject").first.click()

    alert.refresh_from_db()
    assert page.url == f"{base}{alert.track.get_absolute_url()}"
    assert "Verbeteren: Menselijk" in page.inner_text("h1")


def test_the_coordinator_sets_rules_and_sees_a_clear_error(alert, live_server, page, mobile_page):
    for tab in (page, mobile_page):
        login(tab, live_server, "coordinator")
    base = live_server.url
    violations = check_on_desktop_and_phone(
        page, mobile_page, f"{base}/verbeteren/signaleringen/regels/", shot="regels", name="regels"
    )
    violations += check_on_desktop_and_phone(
        page,
        mobile_page,
        f"{base}/verbeteren/signaleringen/regels/nieuw/",
        shot="regel-nieuw",
        name="regel-nieuw",
    )
    page.fill("#id_name", "Cijfer te laag")
    page.select_option("#id_kind", "below")
    page.select_option("#id_measure", "mark")
    page.fill("#id_threshold", "12")
    page.click("main button[type=submit]")

    assert "Een rapportcijfer ligt tussen 1 en 10: 12 kan niet." in page.inner_text("main")
    assert page.input_value("#id_name") == "Cijfer te laag"
    violations += check_page(page, "regel-fout")
    assert violations == []


def test_an_employee_finds_where_to_start_and_chooses_a_team(
    answers, live_server, page, mobile_page
):
    for tab in (page, mobile_page):
        login(tab, live_server, "medewerker")
    base = live_server.url
    violations = check_on_desktop_and_phone(
        page, mobile_page, f"{base}/verbeteren/waar-beginnen/", shot="waar-beginnen", name="waar"
    )
    violations += check_on_desktop_and_phone(
        page, mobile_page, f"{base}/verbeteren/mijn-team/", shot="mijn-team", name="mijn-team"
    )
    assert violations == []
    page.goto(f"{base}/verbeteren/waar-beginnen/?team=burgerzaken")
    assert page.locator("ol.dv-ranked > li").count() >= 3

    page.goto(f"{base}/verbeteren/mijn-team/")
    page.get_by_label("KCC (Klant Contact Centrum)").check()
    page.click("main button[type=submit]")
    expect(page.locator("main")).to_contain_text("Uw team is opgeslagen.")
    page.get_by_role("link", name="complimenten").first.click()
    page.wait_for_url(f"{base}/dashboard/complimenten/**")
    assert "Complimenten" in page.inner_text("h1")
