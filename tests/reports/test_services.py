"""A version is frozen: new data, a second approval or a new version never change it. And what
cannot be reported is refused in Dutch, with nothing stored."""

import datetime

import pytest

from dienstverlening.reports.models import FileFormat, Report, ReportKind, ReportStatus
from dienstverlening.reports.services import (
    report_approve,
    report_file,
    report_generate,
    report_regenerate,
)
from dienstverlening.reports.targets import ReportError, municipality_find
from tests.reports.conftest import THIS_YEAR

pytestmark = pytest.mark.django_db


def test_approved_report_stays_byte_identical_after_new_data(
    answer, measured, callbacks, woerden, coordinator
):
    report = report_generate(
        kind=ReportKind.PC_PARAGRAPH, period=THIS_YEAR, municipality=woerden, render=False
    )
    report = report_approve(report=report, user=coordinator)
    pdf = bytes(report_file(report=report, fmt=FileFormat.PDF).data)
    docx = bytes(report_file(report=report, fmt=FileFormat.DOCX).data)
    content = report.content

    answer(measured, 20, agree=False, day=datetime.date(2026, 11, 3), mark=3)  # new data
    newer = report_regenerate(report=report, user=coordinator)

    report.refresh_from_db()
    assert bytes(report_file(report=report, fmt=FileFormat.PDF).data) == pdf
    assert bytes(report_file(report=report, fmt=FileFormat.DOCX).data) == docx
    assert report.content == content and report.status == ReportStatus.APPROVED
    assert (report.version, newer.version) == (1, 2)
    assert newer.status == ReportStatus.DRAFT
    assert newer.content["sections"][0]["blocks"][2]["rows"][0][3] == "45\u00a0%"  # 18 of 40


def test_approving_replaces_the_draft_files_and_a_second_approval_is_refused(
    measured, woerden, coordinator, directie
):
    report = report_generate(kind=ReportKind.PC_PARAGRAPH, period=THIS_YEAR, municipality=woerden)
    assert report.files.count() == 2  # the draft's files, marked "concept"

    approved = report_approve(report=report, user=coordinator)
    assert approved.files.count() == 0  # the approved ones are made from the same content
    with pytest.raises(ReportError) as refused:
        report_approve(report=approved, user=directie)

    assert "al vastgesteld" in refused.value.messages[0]
    assert "door" in refused.value.messages[0]
    approved.refresh_from_db()
    assert approved.approved_by == coordinator


def test_council_letters_get_their_own_reference_numbers(measured, woerden):
    first = report_generate(
        kind=ReportKind.COUNCIL_LETTER, period=THIS_YEAR, municipality=woerden, render=False
    )
    second = report_generate(
        kind=ReportKind.COUNCIL_LETTER, period=THIS_YEAR, municipality=woerden, render=False
    )
    assert (first.reference, second.reference) == ("RIB-GM0632-2026-001", "RIB-GM0632-2026-002")
    assert (first.version, second.version) == (1, 2)


@pytest.mark.parametrize(
    ("kind", "period", "message"),
    [
        (ReportKind.SERVICE, "2027", "2027 ligt in de toekomst"),
        (ReportKind.SERVICE, "2026-K5", "bestaat niet"),
        (ReportKind.SERVICE, "2026-11", "kwartaal, halfjaar of jaar"),
        (ReportKind.SERVICE, "2020", "geen antwoorden van inwoners en geen afgehandelde"),
        (ReportKind.COUNCIL_LETTER, "2026", "kies een gemeente"),
        (ReportKind.BASELINE, "", "nog geen nulmeting"),
    ],
)
def test_what_cannot_be_reported_is_refused_in_dutch_and_nothing_is_stored(
    measured, kind, period, message
):
    with pytest.raises(ReportError) as refused:
        report_generate(kind=kind, period=period, municipality=None)
    assert message in " ".join(refused.value.messages)
    assert not Report.objects.exists()


def test_a_municipality_that_does_not_exist_is_named_with_the_choices(woerden):
    with pytest.raises(ReportError) as refused:
        municipality_find("Utrecht")
    assert refused.value.messages == ["Gemeente ‘Utrecht’ bestaat niet. Kies uit: Woerden."]
    assert municipality_find("GM0632") == municipality_find("woerden") == woerden


def test_a_group_below_the_minimum_is_left_out_with_a_sentence(answer, service):
    answer(service, 9, day=datetime.date(2026, 11, 2))
    report = report_generate(
        kind=ReportKind.SERVICE, period=THIS_YEAR, municipality=None, render=False
    )
    sections = {section["key"]: section for section in report.content["sections"]}
    experience = sections["stellingen"]
    assert not any(block["type"] == "chart" for block in experience["blocks"])
    assert "te weinig inwoners een oordeel" in experience["blocks"][0]["text"]
    left_out = sections["verantwoording"]["blocks"][-1]["items"]
    assert left_out[0] == (
        "Alle uitkomsten van de stellingen en het rapportcijfer: te weinig antwoorden."
    )
    assert "Kanalen, Balie: te weinig antwoorden." in left_out
    assert "minder dan 10" in report.content["summary"][0]


def test_the_baseline_report_shows_the_first_measurement_on_its_own(answer, service, baseline_run):
    answer(service, 12, day=datetime.date(2024, 3, 4), on_run=baseline_run)
    report = report_generate(kind=ReportKind.BASELINE, period="", municipality=None, render=False)
    assert report.period_code == "nulmeting"
    assert report.content["sections"][0]["key"] == "startpunt"
    assert (
        "In de periode 01-03-2024 t/m 31-03-2024 gaven 12 inwoners" in report.content["summary"][0]
    )
    keys = [section["key"] for section in report.content["sections"]]
    assert "normen" not in keys and "verbetertrajecten" not in keys


def test_generated_text_passes_the_readability_check_of_the_questionnaire_editor(
    measured, callbacks, woerden
):
    report = report_generate(
        kind=ReportKind.COUNCIL_LETTER, period=THIS_YEAR, municipality=woerden, render=False
    )
    readability = report.content["readability"]
    assert readability["score"] >= 60
    assert readability["label"] == "makkelijk te lezen (ongeveer B1)"
