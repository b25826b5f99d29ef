"""The public questionnaire in Chromium: keyboard only, axe-core on every survey page."""

import datetime

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from dienstverlening.surveys.invitations import Contact, invitations_create
from dienstverlening.surveys.models import (
    Invitation,
    InvitationStatus,
    OpenLink,
    Response,
    ResponseImport,
    RunStatus,
    SurveyRun,
)
from tests.browser.conftest import check_on_desktop_and_phone, check_page, check_pages, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_form(settings):
    settings.SURVEYS_MIN_FILL_SECONDS = 0
    cache.clear()


def open_link() -> OpenLink:
    return (
        OpenLink.objects.filter(run__status=RunStatus.OPEN, service__slug="paspoort-aanvragen")
        .select_related("run")
        .first()
    )


def uploaded_import(filename: str, content: bytes) -> ResponseImport:
    """A file uploaded for import into the demo's external measurement, not yet read."""
    external = SurveyRun.objects.filter(kind="external").first()
    item = ResponseImport(run=external, filename=filename)
    item.upload.save("import.bin", ContentFile(content))
    return item


def test_resident_answers_by_keyboard_alone(demo, live_server, page):
    link = open_link()
    before = Response.objects.count()
    page.goto(live_server.url + link.get_absolute_url())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    page.keyboard.press("Enter")
    done_groups: set[str] = set()
    for _step in range(80):
        page.keyboard.press("Tab")
        active = page.evaluate(
            "({tag: document.activeElement.tagName, type: document.activeElement.type,"
            " name: document.activeElement.name, checked: document.activeElement.checked})"
        )
        # Focus must be visible on every stop.
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", active
        if active["type"] == "radio" and active["name"] not in done_groups:
            if active["name"].startswith("s"):
                for _n in range(3):
                    page.keyboard.press("ArrowDown")  # Helemaal oneens → Eens
            elif active["name"] == "mark":
                for _n in range(7):
                    page.keyboard.press("ArrowRight")  # 1 → 8
            else:
                page.keyboard.press("Space")
            done_groups.add(active["name"])
        elif active["tag"] == "TEXTAREA" and active["name"] == "good":
            page.keyboard.type("Vriendelijk geholpen aan de balie.")
        elif active["tag"] == "BUTTON" and active["type"] == "submit":
            page.keyboard.press("Enter")
            break
    page.wait_for_url(lambda url: "/m/bedankt/" in url)
    assert "Bedankt voor uw antwoorden" in page.inner_text("h1")
    assert Response.objects.count() == before + 1
    response = Response.objects.order_by("-pk").first()
    assert response.mark == 8
    assert set(response.statement_answers.values_list("value", flat=True)) == {4}


def test_errors_are_summarised_and_link_to_the_question(demo, live_server, page):
    link = open_link()
    page.goto(live_server.url + link.get_absolute_url())
    page.check("#id_s" + page.get_attribute("input[type=radio]", "name")[1:] + "_3")
    page.fill("#id_good", "Fijn")
    page.click("main button[type=submit]")
    summary = page.locator("#foutmeldingen")
    expect(summary).to_be_visible()
    assert page.input_value("#id_good") == "Fijn"
    assert page.locator("input[type=radio]:checked").count() == 1
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.type") == "radio"


def public_pages(live_server) -> dict[str, str]:
    link = open_link()
    closed = OpenLink.objects.filter(run__status=RunStatus.CLOSED).first()
    if closed is None:
        run = SurveyRun.objects.filter(status=RunStatus.CLOSED).first()
        closed = OpenLink.objects.create(
            run=run, service=link.service, channel=link.channel, municipality=link.municipality
        )
    used = Invitation.objects.filter(status=InvitationStatus.ANSWERED).first()
    return {
        "formulier": link.get_absolute_url(),
        "bedankt": "/m/bedankt/",
        "privacy": "/m/privacy/",
        "gesloten": closed.get_absolute_url(),
        "al-ingevuld": used.get_absolute_url(),
    }


def test_public_survey_pages_pass_axe_on_desktop_and_phone(demo, live_server, page, mobile_page):
    violations = []
    for name, path in public_pages(live_server).items():
        url = live_server.url + path
        violations += check_on_desktop_and_phone(
            page, mobile_page, url, shot=f"meting-{name}", name=name
        )
    # The form with errors, on both.
    for label, tab in (("desktop", page), ("375px", mobile_page)):
        tab.goto(live_server.url + open_link().get_absolute_url())
        tab.click("main button[type=submit]")
        tab.wait_for_selector("#foutmeldingen")
        violations += check_page(tab, f"meting-formulier-fouten-{label}")
    assert violations == []


def test_staff_survey_pages_pass_axe(demo, live_server, page):
    run = open_link().run
    item = uploaded_import(
        "nulmeting.csv",
        b"Dienst;Kanaal;Gemeente;Datum;Rapportcijfer;Stelling 1\n"
        b"Paspoort aanvragen;Balie;Woerden;03-02-2025;8;eens\n"
        b"Onbekend;Balie;Woerden;31-02-2025;12;x\n",
    )
    external = item.run
    question = run.services.none()
    from dienstverlening.surveys.models import TeamQuestion

    question = TeamQuestion.objects.filter(team__slug="burgerzaken").first()
    paths = {
        "metingen": "/metingen/",
        "vragenlijst": "/metingen/vragenlijst/",
        "meting-nieuw": "/metingen/nieuw/",
        "meting": run.get_absolute_url(),
        "meting-extern": external.get_absolute_url(),
        "importeren": f"/metingen/{external.pk}/importeren/",
        "import-kolommen": f"/metingen/import/{item.pk}/",
        "uitnodigen": f"/metingen/{run.pk}/uitnodigen/",
        "teamvragen": "/metingen/teams/burgerzaken/vragen/",
        "teamvraag": f"/metingen/teams/burgerzaken/vragen/{question.pk}/",
        "voorbeeld": "/metingen/teams/burgerzaken/voorbeeld/?dienst=paspoort-aanvragen",
    }
    login(page, live_server, "coordinator")
    violations = check_pages(page, live_server.url, paths, shot="meting-staf")
    # The import preview with errors, and with every row good.
    page.goto(live_server.url + f"/metingen/import/{item.pk}/")
    page.click("button[value=preview]")
    page.wait_for_selector("#foutmeldingen")
    assert "Regel 3:" in page.inner_text("#foutmeldingen")
    violations += check_page(page, "meting-staf-import-fouten")
    assert violations == []


def test_teammanager_pages_pass_axe(demo, live_server, page):
    login(page, live_server, "teammanager")
    violations = []
    page.goto(live_server.url + "/metingen/")
    violations += check_page(page, "meting-teammanager-metingen")
    page.goto(live_server.url + "/metingen/teams/kcc/vragen/")
    page.fill("#id_text", "Kreeg u snel antwoord op uw vraag?")
    page.check("#id_kind_3")
    page.get_by_role("button", name="Vraag toevoegen").click()
    page.wait_for_load_state()
    assert "Kreeg u snel antwoord op uw vraag?" in page.inner_text("main")
    # The success message of core/base.html is checked apart (see the closing note); the page
    # itself, reloaded, must be clean.
    page.reload()
    violations += check_page(page, "meting-teammanager-teamvragen")
    assert violations == []


def fill_in(page) -> None:
    """Answer every question the quick way: statements 'Eens', mark 8, other choices the first."""
    groups = page.evaluate(
        "[...new Set([...document.querySelectorAll('main input[type=radio]')].map(e => e.name))]"
    )
    for name in groups:
        value = "4" if name.startswith("s") else "8" if name == "mark" else None
        selector = f"main input[name={name}]" + (f"[value='{value}']" if value else "")
        page.locator(selector).first.check()


def answer_and_go_back(page, url: str) -> None:
    """Answer the questionnaire at ``url``, send it, and press Back on the thank-you page."""
    page.goto(url)
    fill_in(page)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda current: "/m/bedankt/" in current)
    page.go_back()
    page.wait_for_load_state()


def test_back_after_submitting_shows_already_answered_not_a_fresh_form(demo, live_server, page):
    link = open_link()
    before = Response.objects.count()
    answer_and_go_back(page, live_server.url + link.get_absolute_url())
    assert page.url.endswith(link.get_absolute_url())
    assert page.inner_text("h1") == "U heeft deze vragenlijst al ingevuld"
    assert page.locator("main form").count() == 0
    violations = check_page(page, "meting-terug-na-versturen")
    # Reloading or scanning the QR code again in this browser: the same answer, nothing stored.
    page.goto(live_server.url + link.get_absolute_url())
    assert page.inner_text("h1") == "U heeft deze vragenlijst al ingevuld"
    assert Response.objects.count() == before + 1
    # A personal invitation: Back after answering shows the same.
    invitations_create(
        run=link.run,
        contacts=[
            Contact(
                "inwoner@example.org",
                link.service_id,
                link.channel_id,
                link.municipality_id,
                "granted",
                datetime.date(2026, 11, 30),
            )
        ],
    )
    invitation = Invitation.objects.get(run=link.run, status=InvitationStatus.PENDING)
    answer_and_go_back(page, live_server.url + invitation.get_absolute_url())
    assert page.inner_text("h1") == "U heeft deze vragenlijst al ingevuld"
    assert Response.objects.count() == before + 2
    assert violations == []


@pytest.fixture
def narrow_page(browser):
    """The narrowest phone WCAG 1.4.10 asks for: 320 CSS pixels."""
    context = browser.new_context(
        viewport={"width": 320, "height": 640}, locale="nl-NL", is_mobile=True
    )
    page = context.new_page()
    yield page
    context.close()


def test_form_reflows_at_320_pixels_without_sideways_scrolling(demo, live_server, narrow_page):
    page = narrow_page
    problems = []
    page.goto(live_server.url + open_link().get_absolute_url())
    for state in ("leeg", "fouten"):
        if state == "fouten":
            page.fill("#id_good", "Vriendelijk geholpen.")
            page.click("main button[type=submit]")
            page.wait_for_selector("#foutmeldingen")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide = page.evaluate(
                "[...document.querySelectorAll('main *')]"
                ".filter(e => e.getBoundingClientRect().right > 320)"
                ".map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 5)"
            )
            problems.append(f"{state}: {width}px breed, te breed: {wide}")
        problems += check_page(page, f"meting-formulier-320px-{state}")
    assert problems == []


def test_import_preview_with_decimal_marks_passes_axe(demo, live_server, page):
    item = uploaded_import(
        "bureau.csv",
        b"Dienst;Kanaal;Gemeente;Datum;Rapportcijfer\n"
        b"Paspoort aanvragen;Balie;Woerden;03-02-2025;7,5\n"
        b"Paspoort aanvragen;Balie;Oudewater;04-02-2025;8\n",
    )
    login(page, live_server, "coordinator")
    page.goto(live_server.url + f"/metingen/import/{item.pk}/")
    page.click("button[value=preview]")
    page.wait_for_selector(".dv-preview-table")
    marks = page.locator(".dv-preview-table tbody tr td:last-child").all_inner_texts()
    assert marks == ["7,5", "8"]
    expect(page.get_by_role("button", name="2 antwoorden importeren")).to_be_visible()
    assert check_page(page, "meting-staf-import-voorbeeld") == []


def test_a_refused_upload_and_a_partly_checked_preview_pass_axe(
    demo, live_server, page, tmp_path, monkeypatch
):
    from dienstverlening.surveys import import_uploads

    external = SurveyRun.objects.filter(kind="external").first()
    login(page, live_server, "coordinator")
    page.goto(live_server.url + f"/metingen/{external.pk}/importeren/")
    wide = tmp_path / "breed.csv"
    wide.write_text(";".join(f"kolom {n}" for n in range(300)) + "\n")
    page.set_input_files("#id_file", str(wide))
    page.get_by_role("button", name="Uploaden").click()
    page.wait_for_selector("#foutmeldingen")
    assert "meer dan 200 kolommen" in page.inner_text("#id_file_error")
    violations = check_page(page, "meting-staf-importeren-te-breed")
    # A file longer than the preview checks: the page says what it checked.
    monkeypatch.setattr(import_uploads, "PREVIEW_CHECK_ROWS", 3)
    rows = tmp_path / "nulmeting.csv"
    row = "Paspoort aanvragen;Balie;Woerden;03-02-2025;8\n"
    rows.write_text("Dienst;Kanaal;Gemeente;Datum;Rapportcijfer\n" + row * 6)
    page.set_input_files("#id_file", str(rows))
    page.get_by_role("button", name="Uploaden").click()
    page.click("button[value=preview]")
    page.wait_for_selector(".dv-preview-table")
    assert "De eerste 3 van de 6 regels zijn goed." in page.inner_text("main")
    expect(page.get_by_role("button", name="6 antwoorden importeren")).to_be_visible()
    violations += check_page(page, "meting-staf-import-deels-gecontroleerd")
    assert violations == []
