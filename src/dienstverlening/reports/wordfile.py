"""A version's frozen content as an editable Word file (python-docx): real headings, lists and
tables, Dutch as the document language, the council letter in the letter layout.

Charts become their numbers: a heading, the one-line summary and the data table (the PDF holds
the drawing).
"""

from __future__ import annotations

import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Report, ReportKind
from .rendering import letter_date

LANGUAGE = "nl-NL"
HOUSE_COLOUR = "00606E"  # --dv-kleur-500


def _set_language(document) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for style_name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Title"):
        rpr = document.styles[style_name].element.get_or_add_rPr()
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), LANGUAGE)
        lang.set(qn("w:eastAsia"), LANGUAGE)


def _style(document) -> None:
    from docx.shared import Pt, RGBColor

    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        document.styles[name].font.color.rgb = RGBColor.from_string(HOUSE_COLOUR)
        document.styles[name].font.name = "Arial"


def _table(document, caption: str, columns: list[str], rows: list[list[str]]) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document.add_paragraph(caption, style="Caption")
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    header = table.rows[0]
    # The header row repeats on every page and is marked as a header for screen readers.
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for cell, text in zip(header.cells, columns, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(str(text)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=False):
            cell.text = str(text)
    document.add_paragraph()


def _blocks(document, section: dict, *, level: int) -> None:
    for block in section["blocks"]:
        kind = block["type"]
        if kind == "p":
            document.add_paragraph(block["text"])
        elif kind == "h":
            document.add_heading(block["text"], level=level + 1)
        elif kind == "list":
            for item in block["items"]:
                document.add_paragraph(item, style="List Bullet")
        elif kind == "quotes":
            for item in block["items"]:
                document.add_paragraph(item, style="Quote")
        elif kind == "table":
            _table(document, block["caption"], block["columns"], block["rows"])
        elif kind == "chart":
            document.add_heading(block["title"], level=level + 1)
            document.add_paragraph(block["summary"])
            _table(
                document,
                _("Gegevens bij: %(title)s") % {"title": block["title"]},
                block["columns"],
                block["rows"],
            )


def _letter(document, report: Report, content: dict) -> None:
    from docx.shared import Pt, RGBColor

    letter = content["letter"]
    head = document.add_paragraph()
    run = head.add_run(content["organisation"])
    run.bold = True
    run.font.size = Pt(14)
    run.font.color.rgb = RGBColor.from_string(HOUSE_COLOUR)
    if not report.is_approved:
        document.add_paragraph(_("Concept: deze brief is nog niet vastgesteld."))
    document.add_paragraph(letter["addressee"])
    meta = document.add_table(rows=3, cols=2)
    for row, (label, value) in zip(
        meta.rows,
        [
            (_("Datum"), date_format(letter_date(report), "j F Y")),
            (_("Kenmerk"), report.reference),
            (_("Onderwerp"), letter["subject"]),
        ],
        strict=True,
    ):
        row.cells[0].text = label
        row.cells[1].text = value
    document.add_paragraph()
    document.add_heading(letter["subject"], level=1)
    document.add_paragraph(_("Geachte leden van de raad,"))
    for section in content["sections"]:
        document.add_heading(section["title"], level=2)
        _blocks(document, section, level=2)
    document.add_paragraph(_("Met vriendelijke groet,"))
    for line in letter["signature"]:
        document.add_paragraph(line)
        document.add_paragraph()


def docx_bytes(report: Report) -> bytes:
    from docx import Document

    content = report.content
    document = Document()
    _style(document)
    _set_language(document)
    properties = document.core_properties
    properties.title = content["title"]
    properties.author = content["organisation"]
    properties.language = LANGUAGE
    properties.subject = content["period"]["title"]
    properties.comments = (
        _("Versie %(version)s, vastgesteld")
        if report.is_approved
        else _("Versie %(version)s, concept")
    ) % {"version": report.version}
    if report.kind == ReportKind.COUNCIL_LETTER:
        _letter(document, report, content)
    else:
        document.add_heading(content["title"], level=0)
        document.add_paragraph(content["period"]["title"])
        if not report.is_approved:
            document.add_paragraph(_("Concept: deze tekst is nog niet vastgesteld."))
        if content.get("summary"):
            document.add_heading(_("Samenvatting"), level=1)
            for item in content["summary"]:
                document.add_paragraph(item, style="List Bullet")
        for number, section in enumerate(content["sections"], start=1):
            title = section["title"]
            if report.kind in (ReportKind.SERVICE, ReportKind.BASELINE):
                title = f"{number}. {title}"
            document.add_heading(title, level=1)
            _blocks(document, section, level=1)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
