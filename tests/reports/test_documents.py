"""The files of a report: a tagged Dutch PDF with the dashboard's figures, an editable Word
file with real headings and tables."""

import io
import re

import pytest
from django.urls import reverse

from dienstverlening.reports.models import FileFormat, ReportKind
from dienstverlening.reports.services import report_file, report_generate
from tests.conftest import logged_in
from tests.reports.conftest import THIS_YEAR
from tests.reports.helpers import pdf_objects, pdf_structure, pdf_text, plain

pytestmark = pytest.mark.django_db

SHARE = re.compile(r"\d+\u00a0% \(\d+–\d+\u00a0%\) van [\d.]+")


def test_pdf_shows_the_dashboards_figures_and_is_tagged_in_dutch(
    client, employee, measured, callbacks
):
    dashboard = logged_in(client, employee).get(reverse("dashboard"), {"periode": THIS_YEAR})
    shown = set(SHARE.findall(dashboard.content.decode()))
    assert len(shown) >= 3  # per statement, per value, all together: each with its base

    report = report_generate(kind=ReportKind.SERVICE, period=THIS_YEAR, municipality=None)
    data = bytes(report.files.get(format=FileFormat.PDF).data)
    text = pdf_text(data)

    for figure in shown:
        assert plain(figure) in text
    assert "steeg van 50 % naar 90 %. Dat is een echte verbetering." in text
    assert "Terugbelverzoek: 83 % van 12 was op tijd klaar." in text
    # The services that stand out, up and down, from "where to start".
    assert re.search(
        r"Opvallend goed .*Paspoort aanvragen: ‘[^’]+’ 90 % eens, significant hoger dan 2025", text
    )
    assert "Hier valt winst te halen" in text
    assert "Pagina 1 van" not in text  # the cover carries no page number
    assert re.search(r"Pagina \d+ van \d+", text)

    structure = pdf_structure(data)
    assert "H1" in structure and "H2" in structure and "Table" in structure
    assert "Figure" in structure  # the charts, each followed by its table
    objects = pdf_objects(data)
    assert b"/Lang (nl)" in objects
    assert b"/MarkInfo" in objects and b"/StructTreeRoot" in objects


def test_council_letter_in_word_has_headings_tables_and_its_reference(measured, callbacks, woerden):
    from docx import Document

    report = report_generate(
        kind=ReportKind.COUNCIL_LETTER, period=THIS_YEAR, municipality=woerden, render=False
    )
    document = Document(io.BytesIO(bytes(report_file(report=report, fmt=FileFormat.DOCX).data)))

    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0].startswith("Dienstverlening in 2026")
    assert {"Aanleiding", "Kernboodschap", "De cijfers", "Wat we doen", "Vervolg"} <= set(headings)
    meta, values, handling = document.tables
    assert [cell.text for cell in meta.columns[0].cells] == ["Datum", "Kenmerk", "Onderwerp"]
    assert meta.cell(1, 1).text == report.reference == "RIB-GM0632-2026-001"
    assert values.rows[0].cells[0].text == "Kernwaarde"
    assert "90\u00a0%" in values.rows[1].cells[1].text
    assert [c.text for c in handling.rows[1].cells] == [
        "terugbelverzoek",
        "83\u00a0%",
        "90\u00a0%",
        "onder de norm",
    ]
    assert "Het college van burgemeester en wethouders van Woerden," in [
        p.text for p in document.paragraphs
    ]
    assert document.core_properties.language == "nl-NL"


def test_pc_paragraph_in_word_has_the_table_for_budget_and_accounts(measured, callbacks, woerden):
    from docx import Document

    report = report_generate(
        kind=ReportKind.PC_PARAGRAPH, period=THIS_YEAR, municipality=woerden, render=False
    )
    document = Document(io.BytesIO(bytes(report_file(report=report, fmt=FileFormat.DOCX).data)))

    (table,) = document.tables
    assert [c.text for c in table.rows[0].cells] == [
        "Effect",
        "Resultaat",
        "Indicator",
        "Waarde",
        "Streefwaarde",
        "Stand",
    ]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert rows[-1][2:] == [
        "Deel op tijd: terugbelverzoek",
        "83\u00a0%",
        "90\u00a0%",
        "onder de norm",
    ]
    assert rows[0][3] == "90\u00a0%"
    assert rows[0][5] == "+40 procentpunt: echte stijging"
