"""A signal in a real browser: a medewerker passes it on with the "Wie doet wat" search, the
teammanager answers it, the medewerker reads the answer; both mails go through a real SMTP
server. axe-core on every signal page, on desktop and on a 375 px phone."""

import re

import pytest
from playwright.sync_api import expect

from dienstverlening.improvement.models import Signal, SignalStatus
from tests.browser.conftest import check_on_desktop_and_phone, check_page, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "Een inwoner wist niet dat hij voor zijn rijbewijs een pasfoto moest meenemen."


def _login_both(page, mobile_page, live_server, username: str) -> None:
    for tab in (page, mobile_page):
        tab.context.clear_cookies()
        login(tab, live_server, username)


def test_a_signal_goes_to_the_team_and_its_answer_comes_back(
    demo, live_server, page, mobile_page, smtp_server
):
    base = live_server.url
    violations: list[str] = []
    _login_both(page, mobile_page, live_server, "medewerker")

    # The medewerker's signals: the demo's, with an answer among them.
    violations += check_on_desktop_and_phone(
        page, mobile_page, f"{base}/verbeteren/signalen/", shot="signalen-mijn", name="mijn"
    )
    page.get_by_role("link", name="Signaal doorgeven").click()
    # Sending without a service or a description: the error summary, nothing lost.
    page.fill("#id_q", "")
    page.click("text=een opmerking van een inwoner")
    page.get_by_role("button", name="Signaal versturen").click()
    expect(page.locator("#foutmeldingen")).to_be_visible()
    assert page.is_checked("#id_origin_0")
    violations += check_page(page, "signalen-nieuw-fouten")
    # The search finds the service while typing (htmx), without reloading the page.
    page.fill("#id_description", TEXT)
    page.fill("#id_q", "rijbewijs")
    choice = page.get_by_label(re.compile(r"Rijbewijs aanvragen of verlengen \(team Burgerzaken\)"))
    choice.wait_for()
    assert page.input_value("#id_description") == TEXT
    choice.check()
    page.select_option("#id_channel", label="Telefoon")
    violations += check_page(page, "signalen-nieuw-gezocht-desktop")
    mobile_page.goto(f"{base}/verbeteren/signalen/nieuw/?q=rijbewijs")
    violations += check_page(mobile_page, "signalen-nieuw-gezocht-375px")
    # By keyboard: after a full-page screenshot Chromium may still be restoring the scroll
    # position, and a mouse click below the fold would land beside the button.
    page.get_by_role("button", name="Signaal versturen").press("Enter")
    page.wait_for_url(re.compile(r"/verbeteren/signalen/\d+/$"))
    assert "is doorgegeven aan team Burgerzaken" in page.inner_text("main")

    signal = Signal.objects.get(description=TEXT)
    [team_mail] = smtp_server.to("burgerzaken@woerden.nl")
    assert signal.reference in team_mail.subject and TEXT in team_mail.body
    violations += check_on_desktop_and_phone(
        page, mobile_page, base + signal.get_absolute_url(), shot="signalen-signaal", name="sig"
    )

    # The teammanager of Burgerzaken finds it in the team's list and answers it.
    _login_both(page, mobile_page, live_server, "teammanager")
    violations += check_on_desktop_and_phone(
        page,
        mobile_page,
        f"{base}/verbeteren/signalen/team/burgerzaken/",
        shot="signalen-team",
        name="team",
    )
    page.get_by_role("link", name=signal.reference).click()
    page.get_by_role("button", name="In behandeling nemen").click()
    violations += check_on_desktop_and_phone(
        page,
        mobile_page,
        base + signal.get_absolute_url(),
        shot="signalen-afhandelen",
        name="afhandelen",
    )
    page.fill("#id_answer", "We noemen de pasfoto voortaan in de bevestiging van de afspraak.")
    page.get_by_role("button", name="Antwoord versturen en afhandelen").click()
    expect(page.locator("main")).to_contain_text("afgehandeld")
    signal.refresh_from_db()
    assert signal.status == SignalStatus.DONE

    # The answer reaches the medewerker: by mail and on "Mijn signalen".
    [answer_mail] = smtp_server.to("sanne.devries@woerden.nl")
    assert "pasfoto voortaan in de bevestiging" in answer_mail.body
    _login_both(page, mobile_page, live_server, "medewerker")
    page.goto(f"{base}/verbeteren/signalen/")
    row = page.get_by_role("row").filter(has_text=signal.reference)
    assert "pasfoto voortaan in de bevestiging" in row.inner_text()
    violations += check_page(page, "signalen-mijn-antwoord")
    assert violations == []
