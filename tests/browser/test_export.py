"""The coördinator downloads all answers as an Excel file: a job makes it while the page shows how
far it is, then the page offers the file, which holds the rows of the export."""

import io
import re
import time

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from dienstverlening.surveys import exports
from dienstverlening.surveys.exports import responses_table
from tests.browser.conftest import check_page, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def slow_worker(monkeypatch):
    """The small demo is written in a blink; ten responses per step and a pause between steps
    (in the worker thread of this process) keep the job running long enough to be seen."""
    monkeypatch.setattr(exports, "CHUNK", 10)
    read = exports.ResponsesStream._read

    def slowly(self, *args):
        for chunk in read(self, *args):
            time.sleep(0.25)
            yield chunk

    monkeypatch.setattr(exports.ResponsesStream, "_read", slowly)


@pytest.mark.tasks
def test_the_excel_export_shows_its_progress_then_offers_the_file(
    demo, task_worker, slow_worker, live_server, page
):
    violations = []
    login(page, live_server, "coordinator")
    page.goto(live_server.url + "/metingen/")
    page.get_by_role("link", name="Alle antwoorden downloaden (Excel)").click()
    page.wait_for_url(f"{live_server.url}/metingen/antwoorden.xlsx")
    expect(page.get_by_role("heading", level=1)).to_have_text("Alle antwoorden als Excel-bestand")
    expect(page.locator("main")).to_contain_text("Alleen u kunt het downloaden")
    violations += check_page(page, "export-excel-start")

    page.get_by_role("button", name="Excel-bestand maken").click()
    page.wait_for_url(re.compile(r"/taken/[0-9a-f-]+/$"))
    # While the worker writes the rows: the step and rows done of total.
    expect(page.locator(".dv-job__stage")).to_contain_text("Bestanden maken", timeout=60_000)
    expect(page.locator(".dv-job__count")).to_contain_text(re.compile(r"[\d.]+ van [\d.]+"))
    violations += check_page(page, "export-excel-bezig")

    # Then, without reloading, the file.
    download = page.get_by_role("link", name="Excel-bestand downloaden")
    expect(download).to_be_visible(timeout=120_000)
    expect(page.locator("#taak-voortgang")).to_contain_text("Alleen u kunt dit bestand downloaden")
    violations += check_page(page, "export-excel-klaar")
    with page.expect_download() as info:
        download.click()
    assert info.value.suggested_filename == "antwoorden.xlsx"
    book = load_workbook(io.BytesIO(info.value.path().read_bytes()))
    sheet = book.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
    table = responses_table()
    assert rows == [[None if value == "" else value for value in row] for row in table.rows]
    assert rows and book.worksheets[1].title == "Toelichting"

    # A link to a run that is not there: a Dutch message, not a file.
    page.goto(live_server.url + "/metingen/antwoorden.csv?meting=999999")
    expect(page.locator("main")).to_contain_text("Deze meting bestaat niet (meer).")
    violations += check_page(page, "export-onbekende-meting")
    assert violations == []
