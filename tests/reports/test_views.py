"""The report pages: the list per access rule, making a report in the background with its
progress, the preview, downloads, approval, a new version, and bad input on the form."""

import io
import re

import pytest
from django.urls import reverse

from dienstverlening.core.models import Job, JobStatus
from dienstverlening.reports.models import Report, ReportKind, ReportStatus
from tests.conftest import logged_in
from tests.reports.conftest import THIS_YEAR
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db


def test_list_shows_approved_versions_to_everyone_and_drafts_to_directie(
    client, employee, directie, django_assert_max_num_queries
):
    for _ in range(5):
        ReportFactory(approved=True)
    ReportFactory(title="Concept K4 2026")
    logged_in(client, employee)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("reports")).content.decode()
    assert page.count("Rapportage dienstverlening 2025") == 5
    assert "Concept K4 2026" not in page and "Nieuwe rapportage" not in page

    page = logged_in(client, directie).get(reverse("reports")).content.decode()
    assert "Concept K4 2026" in page and "Concepten" in page


def test_coordinator_makes_a_report_in_the_background_and_approves_it(
    client, coordinator, measured, woerden
):
    logged_in(client, coordinator)
    form = client.get(reverse("reports-new")).content.decode()
    assert "Beide gemeenten samen" in form and "2026-K4" in form

    started = client.post(
        reverse("reports-new"),
        {"kind": ReportKind.PC_PARAGRAPH, "period": THIS_YEAR, "municipality": "woerden"},
    )
    job = Job.objects.get()
    assert started["Location"] == job.get_absolute_url()
    assert job.status == JobStatus.SUCCEEDED and job.stage == "documents"
    report = Report.objects.get()
    job_page = client.get(started["Location"]).content.decode()
    assert "Bekijk Paragraaf dienstverlening 2026, Woerden, versie 1" in job_page

    preview = client.get(report.get_absolute_url()).content.decode()
    assert "concept" in preview and "Deze versie vaststellen" in preview
    assert "Leesbaarheid van de tekst: makkelijk te lezen" in preview
    word = client.get(reverse("reports-download", args=[report.pk, "word"]))
    assert word["Content-Disposition"].endswith('-v1-concept.docx"')

    client.post(reverse("reports-approve", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.approved_by == coordinator
    assert report.files.count() == 2  # made again, now without "concept", and kept
    pdf = client.get(reverse("reports-download", args=[report.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].endswith('-v1.pdf"')

    again = client.post(reverse("reports-approve", args=[report.pk]), follow=True)
    assert "al vastgesteld" in again.content.decode()


def test_form_with_bad_input_says_why_in_dutch_and_keeps_the_choices(client, coordinator, measured):
    logged_in(client, coordinator)
    page = client.post(
        reverse("reports-new"),
        {"kind": ReportKind.COUNCIL_LETTER, "period": "2020", "municipality": ""},
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Een raadsinformatiebrief gaat naar één gemeenteraad: kies een gemeente." in html
    assert 'value="council_letter" selected' in html

    html = client.post(
        reverse("reports-new"), {"kind": ReportKind.SERVICE, "period": "2020", "municipality": ""}
    ).content.decode()
    assert "In 2020 zijn er geen antwoorden van inwoners en geen afgehandelde verzoeken" in html
    html = client.post(
        reverse("reports-new"), {"kind": ReportKind.SERVICE, "period": "2031", "municipality": ""}
    ).content.decode()
    assert "2031 ligt in de toekomst" in html
    html = client.post(
        reverse("reports-new"), {"kind": ReportKind.SERVICE, "period": "", "municipality": "x"}
    ).content.decode()
    assert "Selecteer een geldige keuze" in html
    assert not Report.objects.exists() and not Job.objects.exists()


def test_a_new_version_leaves_the_approved_one_as_it_was(client, coordinator, measured, woerden):
    logged_in(client, coordinator)
    first = ReportFactory(
        kind=ReportKind.PC_PARAGRAPH, municipality=woerden, period_code=THIS_YEAR, approved=True
    )
    client.post(reverse("reports-regenerate", args=[first.pk]), {"sleutel": "k"})
    newer = Report.objects.exclude(pk=first.pk).get()
    assert (newer.version, newer.status) == (first.version + 1, ReportStatus.DRAFT)
    first.refresh_from_db()
    assert first.content["summary"] == [
        "In 2025 gaven 1.234 inwoners hun oordeel (doorlopende meting)."
    ]


def test_only_the_coordinator_makes_and_approves_from_the_pages(client, directie, employee):
    draft = ReportFactory()
    logged_in(client, directie)
    assert client.get(reverse("reports-detail", args=[draft.pk])).status_code == 200
    assert client.post(reverse("reports-approve", args=[draft.pk])).status_code == 403
    assert client.get(reverse("reports-new")).status_code == 403
    logged_in(client, employee)
    assert client.get(reverse("reports-detail", args=[draft.pk])).status_code == 403
    assert client.get(reverse("reports-download", args=[draft.pk, "pdf"])).status_code == 403
    draft.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT


def test_poster_is_an_a3_pdf_for_everyone(client, statements):
    response = client.get(reverse("reports-poster"))
    assert response["Content-Type"] == "application/pdf"
    from tests.reports.helpers import pdf_text

    text = pdf_text(response.content)
    assert "Dienstverlening in ons DNA" in text and "Stelling Menselijk 1" in text
    import subprocess

    info = subprocess.run(
        ["pdfinfo", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert re.search(r"Pages:\s+1\n", info) and "(A3)" in info


def test_make_report_command_writes_the_file(measured, woerden, tmp_path):
    from django.core.management import call_command

    out = io.StringIO()
    target = tmp_path / "paragraaf.docx"
    call_command(
        "make_report",
        kind="pc-paragraaf",
        period=THIS_YEAR,
        municipality="GM0632",
        format="docx",
        output=str(target),
        stdout=out,
    )
    assert target.read_bytes()[:2] == b"PK"
    assert "Paragraaf dienstverlening 2026, Woerden, versie 1 (concept)" in out.getvalue()


def test_make_report_command_refuses_in_dutch(woerden):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="Gemeente ‘Utrecht’ bestaat niet"):
        call_command("make_report", kind="service", period="2025", municipality="Utrecht")
    with pytest.raises(CommandError, match="2031 ligt in de toekomst"):
        call_command("make_report", kind="service", period="2031")
    with pytest.raises(CommandError, match="Soort ‘jaarverslag’ bestaat niet"):
        call_command("make_report", kind="jaarverslag", period="2025")
