"""Long work in the background, seen in a real browser: a 100,000-row handling import started
on the page shows its progress while a real task worker runs it, then its outcome."""

import re

import pytest

from dienstverlening.core.models import Job, JobStatus
from dienstverlening.handling.models import HandlingItem, ImportSource
from dienstverlening.surveys.models import SurveyRun
from tests.browser.conftest import check_page, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = 100_000
HEADER = "Nummer;Team;Gemeente;Aangemaakt;Afgehandeld\n"


def _big_file(path) -> None:
    # Fixed days in October 2025: in the past whatever day the test runs.
    lines = [HEADER]
    for n in range(ROWS):
        day = 1 + n % 28
        closed = f"{day:02d}-10-2025 16:30" if n % 3 else ""
        lines.append(f"BT-{n};Burgerzaken;Woerden;{day:02d}-10-2025 09:15;{closed}\n")
    path.write_text("".join(lines), encoding="utf-8")


def _upload(page, live_server, path) -> None:
    page.goto(live_server.url + "/openstaand-werk/importeren/")
    page.select_option("#id_source", label="kcc")
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="Controleren en opslaan").click()
    page.wait_for_url(re.compile(r"/taken/[0-9a-f-]+/$"))


@pytest.mark.tasks
def test_import_of_100000_rows_shows_progress_then_counts_then_line_errors(
    demo, task_worker, live_server, page, tmp_path
):
    ImportSource.objects.update_or_create(  # the demo has a "kcc" source with its own columns
        name="kcc",
        defaults={
            "description": "Terugbelverzoeken uit het KCC-systeem",
            "default_kind": "callback",
            "mapping": {
                "source_id": "Nummer",
                "team": "Team",
                "municipality": "Gemeente",
                "received_at": "Aangemaakt",
                "closed_at": "Afgehandeld",
            },
        },
    )
    before = HandlingItem.objects.count()
    big = tmp_path / "kcc-groot.csv"
    _big_file(big)
    login(page, live_server, "beheerder")
    violations = []
    _upload(page, live_server, big)

    # While the worker runs it: rows of total, with the step it is in. The import takes a few
    # seconds (set-based, handling/setimport.py) and the page asks once a second, so the count
    # is seen, not necessarily moving (tests/handling/test_set_import.py checks it moves).
    count = page.locator(".dv-job__count")
    count.wait_for(timeout=60_000)  # never shown while the worker ran: the test fails here
    shown = page.inner_html("#taak-voortgang")
    assert re.search(r"[\d.]+ van 100\.000", shown), shown
    assert f'max="{ROWS}"' in shown and re.search(r"Stap [23] van 3", shown)
    violations += check_page(page, "taak-import-bezig")

    # Then the outcome, without reloading the page.
    page.locator(".utrecht-alert__message", has_text="Klaar.").wait_for(timeout=180_000)
    assert page.locator(".dv-job__created").inner_text() == "100.000"
    assert page.locator(".dv-job__updated").inner_text() == "0"
    assert page.locator("progress").count() == 0
    violations += check_page(page, "taak-import-klaar")
    job = Job.objects.get(kind="handling.import")
    assert job.status == JobStatus.SUCCEEDED and not job.upload
    assert HandlingItem.objects.count() == before + ROWS

    # A file with errors: every bad row by its line number, nothing saved.
    bad = tmp_path / "kcc-fout.csv"
    bad.write_text(
        HEADER
        + "BT-X1;Burgerzaken;Woerden;02-10-2025 09:00;\n"
        + "BT-X2;Onbekend team;Woerden;02-10-2025 09:00;\n"
        + "BT-X3;Burgerzaken;Woerden;31-02-2025;\n",
        encoding="utf-8",
    )
    _upload(page, live_server, bad)
    page.locator(".utrecht-alert__message", has_text="Niet gelukt.").wait_for(timeout=60_000)
    errors = page.inner_text(".dv-job__errors")
    assert "Regel 3: team 'Onbekend team' is onbekend." in errors
    assert "Regel 4: '31-02-2025' is geen geldige datum" in errors
    assert "Er is niets opgeslagen." in page.inner_text("main")
    violations += check_page(page, "taak-import-fouten")
    assert HandlingItem.objects.count() == before + ROWS
    assert violations == []


def test_survey_import_and_invitation_list_show_their_outcome(demo, live_server, page, tmp_path):
    # The immediate backend of the test settings: the job is done when its page opens.
    external = SurveyRun.objects.filter(kind="external").first()
    run = SurveyRun.objects.filter(status="open").exclude(kind="external").first()
    results = tmp_path / "nulmeting.csv"
    results.write_text(
        "Dienst;Kanaal;Gemeente;Datum;Rapportcijfer;Stelling 1\n"
        + "Paspoort aanvragen;Balie;Woerden;03-02-2025;8;eens\n" * 3,
        encoding="cp1252",
    )
    contacts = tmp_path / "contacten.csv"
    contacts.write_text(
        "e-mailadres;dienst;kanaal;gemeente;uitkomst;datum\n"
        "anna@example.org;Paspoort aanvragen;Balie;Woerden;toegekend;20-11-2025\n"
        "geen-adres;Paspoort aanvragen;Balie;Woerden;toegekend;31-02-2025\n",
        encoding="utf-8",
    )
    login(page, live_server, "coordinator")
    violations = []
    page.goto(f"{live_server.url}/metingen/{external.pk}/importeren/")
    page.set_input_files("#id_file", str(results))
    page.click("main button[type=submit]")
    page.click("button[value=preview]")
    page.click("button[value=import]")
    page.wait_for_url(re.compile(r"/taken/[0-9a-f-]+/$"))
    assert "3 antwoorden zijn geïmporteerd" in page.inner_text("main")
    violations += check_page(page, "taak-meting-import-klaar")
    page.goto(f"{live_server.url}/metingen/{run.pk}/uitnodigen/")
    page.set_input_files("#id_file", str(contacts))
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/taken/[0-9a-f-]+/$"))
    errors = page.inner_text(".dv-job__errors")
    assert "Regel 3:" in errors and "geen e-mailadres" in errors
    assert "Er is niets klaargezet." in page.inner_text("main")
    violations += check_page(page, "taak-uitnodigingen-fouten")
    assert violations == []
