"""A version's frozen content as a web page, a tagged PDF (WeasyPrint) or a Word file.

Rendering reads only the stored content and the version's own fields (status, reference,
approval), never the database's figures: the same version always renders the same report.
Charts are the dashboard's Vega-Lite specs, drawn to SVG with vl-convert
(``insights.charts.to_svg``), each followed by its numbers in a table.
"""

from __future__ import annotations

import base64
import copy
import datetime

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from dienstverlening.insights import charts

from .models import FileFormat, Report, ReportKind

PDF_VARIANT = "pdf/ua-1"  # tagged: structure tree, language, title (PDF/UA-1)


def letter_date(report: Report) -> datetime.date:
    """The date a letter carries: the day it was approved; a draft the day it was made."""
    if report.approved_at:
        return timezone.localdate(report.approved_at)
    return datetime.date.fromisoformat(report.content["made_on"])


def chart_blocks(content: dict):
    for section in content.get("sections", []):
        for block in section["blocks"]:
            if block["type"] == "chart":
                yield block


PAPER_WIDTH = 380  # pixels of a chart's plot on A4 (the page's charts fill their container)


def paper_spec(spec: dict) -> dict:
    """The dashboard's spec with a fixed width: on paper there is no container to fill."""
    if spec.get("width") == "container":
        return {**spec, "width": PAPER_WIDTH}
    return spec


def _numbered(content: dict) -> dict:
    """A copy of the content with section numbers (the table of contents counts them)."""
    content = copy.deepcopy(content)
    for number, section in enumerate(content.get("sections", []), start=1):
        section["number"] = number
    return content


def render_context(report: Report, *, pdf: bool) -> dict:
    content = _numbered(report.content)
    if pdf:
        for block in chart_blocks(content):
            svg = charts.to_svg(paper_spec(block["spec"]))
            block["svg"] = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    return {
        "report": report,
        "content": content,
        "kind": report.kind,
        "is_letter": report.kind == ReportKind.COUNCIL_LETTER,
        "is_long": report.kind in (ReportKind.SERVICE, ReportKind.BASELINE),
        "date": date_format(letter_date(report), "j F Y"),
        "made_on": date_format(datetime.date.fromisoformat(content["made_on"]), "j F Y"),
        "pdf": pdf,
    }


def pdf_bytes(report: Report) -> bytes:
    from weasyprint import HTML

    with override("nl"):
        html = render_to_string("reports/pdf/report.html", render_context(report, pdf=True))
    return HTML(string=html, base_url=".").write_pdf(pdf_variant=PDF_VARIANT)


def render_file(report: Report, fmt: str) -> bytes:
    if fmt == FileFormat.PDF:
        return pdf_bytes(report)
    from .wordfile import docx_bytes

    with override("nl"):
        return docx_bytes(report)


def filename(report: Report, fmt: str) -> str:
    base = slugify(report.title)
    status = "" if report.is_approved else "-" + _("concept")
    return f"{base}-v{report.version}{status}.{fmt}"
