"""The improvement cycle in a real browser. The nightly check raises an alert from the team's
figures and mails the teammanager; the manager turns it into a track (the KPIs before are
frozen), works out the resident journey, adds actions and marks them done; new measurements
arrive; the track measures the effect against the frozen figures and closes with lessons
learned, which a colleague reads among the good examples. axe-core on every page, on desktop
and at 375 px."""

import datetime

import pytest

from dienstverlening.core.roles import Role
from dienstverlening.framework.models import CoreValue
from dienstverlening.improvement.models import Alert, AlertRule, Track
from dienstverlening.improvement.services import alerts_check
from tests.browser.conftest import check_on_desktop_and_phone, check_page, login
from tests.core.factories import UserFactory
from tests.improvement.method import method_fill
from tests.improvement.tracks_data import survey
from tests.organisation.factories import ChannelFactory, ServiceFactory, TeamFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "geheim-wachtwoord"


def _people(team, other_team):
    manager = UserFactory(username="bz-manager", first_name="Marco", last_name="Jansen",
                          email="marco@woerden.nl", role=Role.TEAM_MANAGER)  # fmt: skip
    team.managers.add(manager)
    outsider = UserFactory(username="begeleider", first_name="Eva", last_name="Smit",
                           role=Role.TEAM_MANAGER)  # fmt: skip
    other_team.managers.add(outsider)
    employee = UserFactory(username="collega", first_name="Sanne", last_name="de Vries")
    return manager, employee


def _form(page, form_action: str):
    return page.locator(f"form[action$='{form_action}']")


def _submit(page, form_action: str, label: str) -> None:
    page.locator(f"form[action$='{form_action}'] button[type=submit]").click()
    page.wait_for_load_state()
    assert label in page.content(), label


def test_the_cycle_from_an_alert_to_lessons_a_colleague_reads(
    live_server, page, mobile_page, now, smtp_server
):
    method_fill()
    team = TeamFactory(name="Burgerzaken", slug="burgerzaken")
    other_team = TeamFactory(name="Online", slug="online")
    service = ServiceFactory(name="Paspoort aanvragen", slug="paspoort", team=team)
    ChannelFactory(name="Website", slug="website")
    data = survey(now.date())
    data.answer(service, 10, agree=False, day=data.before_day, mark=5)  # last quarter: weak
    manager, _employee = _people(team, other_team)
    AlertRule.objects.create(
        name="Menselijk onder 80 %",
        kind="below",
        measure="value",
        value=CoreValue.objects.get(name="Menselijk"),
        threshold=80,
        period="kwartaal",
        team=team,
        created_at=now,
    )
    violations = []

    # The nightly check finds the weak figure, raises one alert and mails the manager.
    alerts_check(today=now.date())
    alert = Alert.objects.get(team=team)
    [mail] = smtp_server.to("marco@woerden.nl")
    assert "Burgerzaken" in mail.subject + mail.body
    for tab in (page, mobile_page):
        login(tab, live_server, manager.username, PASSWORD)
    alerts_url = f"{live_server.url}/verbeteren/signaleringen/team/burgerzaken/"
    page.goto(alerts_url)
    assert "Menselijk" in page.inner_text("main")
    page.get_by_role("button", name="Start verbetertraject").first.click()
    page.wait_for_load_state()

    # The track is open, with the KPIs of the last quarter frozen as the measurement before.
    track = Track.objects.get()
    alert.refresh_from_db()
    assert alert.track == track
    track_url = f"{live_server.url}/verbeteren/trajecten/{track.pk}/"
    assert page.url == track_url
    assert track.snapshot and data.before.name in page.inner_text("main")
    violations += check_on_desktop_and_phone(
        page,
        mobile_page,
        f"{live_server.url}/verbeteren/trajecten/nieuw/?team=burgerzaken",
        shot="verbetertraject-openen",
        name="traject openen",
    )

    # The resident journey: whose journey, phases, steps (one without a phase first).
    journey_url = f"{track_url}reis/"
    page.goto(journey_url)
    _form(page, "/reis/gegevens/").get_by_label("Wiens reis").fill(
        "inwoner van 70, eerste paspoort in tien jaar"
    )
    _submit(page, "/reis/gegevens/", "De gegevens van de reis zijn opgeslagen.")
    for phase in ("Oriënteren", "Aanvragen", "Wachten"):
        _form(page, "/reis/fases/").get_by_label("Naam van de fase").fill(phase)
        _submit(page, "/reis/fases/", "De fase is toegevoegd.")
    step = page.locator("form[action$='/reis/stappen/']")
    step.get_by_label("Stap").fill("Wacht op bericht")
    step.get_by_label("Pijnpunten").fill("Hoort niet wanneer het paspoort klaar is")
    _submit(page, "/reis/stappen/", "Kies de fase waar deze stap bij hoort.")
    step = page.locator("form[action$='/reis/stappen/']")
    assert (
        step.get_by_label("Pijnpunten").input_value() == "Hoort niet wanneer het paspoort klaar is"
    )
    for phase, title, feeling, pains in [
        ("Oriënteren", "Zoekt op de website", "3 – neutraal", ""),
        ("Aanvragen", "Aanvraag aan de balie", "4 – positief", ""),
        ("Wachten", "Wacht op bericht", "1 – heel negatief", "Hoort niet wanneer het klaar is"),
    ]:
        step = page.locator("form[action$='/reis/stappen/']")
        step.get_by_label("Fase").select_option(label=phase)
        step.get_by_label("Stap").fill(title)
        step.get_by_label(feeling).check()
        step.get_by_label("Pijnpunten").fill(pains)
        step.get_by_label("Kansen").fill("Sms zodra het klaar ligt" if pains else "")
        _submit(page, "/reis/stappen/", "De stap is toegevoegd aan de reis.")
    # The process owner may not facilitate; a colleague from outside the team may.
    who = page.locator("form[action$='/reis/deelnemers/']")
    who.get_by_label("Rol in de sessie").select_option(label="begeleider")
    who.get_by_label("Collega").select_option(label="Marco Jansen")
    _submit(page, "/reis/deelnemers/", "eigenaar van het proces")
    who = page.locator("form[action$='/reis/deelnemers/']")
    who.get_by_label("Collega").select_option(label="Eva Smit")
    _submit(page, "/reis/deelnemers/", "De deelnemer is toegevoegd.")
    who = page.locator("form[action$='/reis/deelnemers/']")
    who.get_by_label("Rol in de sessie").select_option(label="inwoner (echte gebruiker)")
    who.get_by_label("Omschrijving").fill("inwoner, 70, vroeg in maart een paspoort aan")
    _submit(page, "/reis/deelnemers/", "De deelnemer is toegevoegd.")
    _form(page, "/reis/checklist/").get_by_label("Kies de dienst en het doel").check()
    _submit(page, "/reis/checklist/", "De checklist is opgeslagen.")
    page.wait_for_selector(".dv-chart--ready svg")
    violations += check_on_desktop_and_phone(
        page, mobile_page, journey_url, shot="inwonersreis", name="inwonersreis"
    )

    # Actions: a date in the past is refused with the input kept; then one that is done.
    page.goto(track_url)
    yesterday = now.date() - datetime.timedelta(days=1)
    action = _form(page, "/acties/")
    action.get_by_label("Actie").fill("Sms zodra het paspoort klaar ligt")
    action.get_by_label("Klaar op").fill(yesterday.isoformat())
    _submit(page, "/acties/", "Kies een datum vandaag of later")
    action = _form(page, "/acties/")
    assert action.get_by_label("Actie").input_value() == ("Sms zodra het paspoort klaar ligt")
    action.get_by_label("Klaar op").fill((now.date() + datetime.timedelta(days=14)).isoformat())
    _submit(page, "/acties/", "De actie is toegevoegd.")
    page.goto(f"{live_server.url}/teams/burgerzaken/")
    assert "Sms zodra het paspoort klaar ligt" in page.content()
    violations += check_page(page, "team-verbeteracties")
    page.goto(track_url)
    page.get_by_label("Status van Sms zodra het paspoort klaar ligt").select_option("done")
    page.get_by_role("button", name="Bijwerken").click()
    page.wait_for_load_state()

    # New measurements arrive after the actions: residents now agree.
    data.answer(service, 10, agree=True, day=data.after_day, mark=9)

    # The effect: the month after the actions against the frozen quarter.
    _form(page, "/effect-meten/").get_by_label("Meting na de acties over").select_option(
        data.after_code
    )
    _submit(page, "/effect-meten/", "echte verbetering")
    violations += check_on_desktop_and_phone(
        page, mobile_page, track_url, shot="verbetertraject-effect", name="traject met effect"
    )
    _form(page, "/afronden/").get_by_label("Wat hebben we geleerd").fill(
        "Eén sms scheelt veel telefoontjes."
    )
    _submit(page, "/afronden/", "Iedere collega kan nu lezen wat u leerde.")

    # A colleague reads the lessons among the good examples.
    for tab in (page, mobile_page):
        tab.context.clear_cookies()
        login(tab, live_server, "collega", PASSWORD)
    examples = f"{live_server.url}/verbeteren/goede-voorbeelden/"
    violations += check_on_desktop_and_phone(
        page, mobile_page, examples, shot="goede-voorbeelden", name="goede voorbeelden"
    )
    page.goto(examples)
    assert "Eén sms scheelt veel telefoontjes." in page.content()
    assert "echte verbetering" in page.content()
    for path, shot in [
        ("/verbeteren/", "verbeteren"),
        ("/verbeteren/trajecten/", "verbetertrajecten"),
        ("/verbeteren/methode/", "methode-inwonersreis"),
    ]:
        violations += check_on_desktop_and_phone(
            page, mobile_page, live_server.url + path, shot=shot, name=shot
        )
    assert violations == []
