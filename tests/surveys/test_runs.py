"""Runs: concept → open → closed; open links with QR codes; questionnaire versions; export."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from dienstverlening.surveys import services
from dienstverlening.surveys.models import OpenLink, Response, RunStatus, SurveyRun
from tests.conftest import logged_in
from tests.surveys.conftest import answers_post
from tests.surveys.downloads import csv_text, xlsx_book
from tests.surveys.factories import InvitationFactory

pytestmark = pytest.mark.django_db


def test_state_machine(questionnaire):
    run = services.run_create(name="Meting", kind="continuous", starts_on=datetime.date(2026, 1, 1))
    assert run.status == RunStatus.CONCEPT and run.questionnaire == questionnaire
    with pytest.raises(ValidationError):
        services.run_transition(run=run, status=RunStatus.CLOSED)
    run = services.run_transition(run=run, status=RunStatus.OPEN)
    run = services.run_transition(run=run, status=RunStatus.CLOSED)
    with pytest.raises(ValidationError):
        services.run_transition(run=run, status=RunStatus.OPEN)


def test_coordinator_creates_opens_and_links(client, coordinator, questionnaire, service):
    logged_in(client, coordinator)
    result = client.post(
        "/metingen/nieuw/",
        {"name": "Doorlopend 2026", "kind": "continuous", "starts_on": "01-01-2026"},
    )
    run = SurveyRun.objects.get()
    assert result["Location"] == run.get_absolute_url()
    client.post(f"/metingen/{run.pk}/status/", {"status": "open"})
    run.refresh_from_db()
    assert run.status == RunStatus.OPEN
    channel = service.channels.first()
    municipality = service.municipalities.first()
    client.post(
        f"/metingen/{run.pk}/links/",
        {"service": service.pk, "channel": channel.pk, "municipality": municipality.pk},
    )
    link = OpenLink.objects.get()
    page = client.get(run.get_absolute_url()).content.decode()
    assert link.get_absolute_url() in page
    svg = client.get(f"/metingen/links/{link.pk}/qr.svg")
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    png = client.get(f"/metingen/links/{link.pk}/qr.png?download=1")
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n" and "attachment" in png["Content-Disposition"]


def test_employee_cannot_manage_runs(client, employee, run):
    logged_in(client, employee)
    assert client.get("/metingen/").status_code == 200
    assert client.get("/metingen/nieuw/").status_code == 403
    assert client.post(f"/metingen/{run.pk}/status/", {"status": "closed"}).status_code == 403


def test_index_needs_login(client):
    assert client.get("/metingen/").status_code == 302


def test_new_version_when_wording_changes(client, coordinator, questionnaire, statements):
    logged_in(client, coordinator)
    statement = statements[0]
    statement.text = "Ik werd vriendelijk behandeld."
    statement.save()
    page = client.get("/metingen/vragenlijst/").content.decode()
    assert "De stellingen in het kader zijn anders" in page
    client.post(
        "/metingen/vragenlijst/",
        {
            "intro": "Hallo",
            "mark_question": "Welk cijfer?",
            "open_good_question": "Goed?",
            "open_better_question": "Beter?",
        },
    )
    new = services.questionnaire_current()
    assert new.version == 2
    assert new.statements.first().text == "Ik werd vriendelijk behandeld."
    assert questionnaire.statements.first().text == "Ik werd vriendelijk en met respect behandeld."


def test_response_records_questionnaire_version(client, link, statements):
    statements[0].text = "Extra duidelijk geholpen."  # new wording makes a new version …
    statements[0].save()
    services.questionnaire_create_version()  # … which does not change a running run
    page = client.get(link.get_absolute_url())
    assert "Extra" not in page.content.decode()
    client.post(link.get_absolute_url(), answers_post(page))
    assert Response.objects.get().questionnaire.version == 1


def test_export_csv_and_xlsx_for_coordinator_only(client, coordinator, employee, link, settings):
    settings.DV_MIN_GROUP_SIZE = 2
    for text in ["Prima", "Goed"]:
        page = client.get(link.get_absolute_url())
        client.post(link.get_absolute_url(), answers_post(page, good=text))
        client.cookies.clear()  # the next resident, in another browser
    logged_in(client, employee)
    assert client.get("/metingen/antwoorden.csv").status_code == 403
    logged_in(client, coordinator)
    csv = csv_text(client.get(f"/metingen/antwoorden.csv?meting={link.run.pk}"))
    header, *rows = csv.strip().splitlines()
    assert header.startswith("meting;jaar;kwartaal;maand;team;dienst") and len(rows) == 2
    assert "Prima" in csv and "127.0.0.1" not in csv
    assert xlsx_book(client).worksheets[0].max_row == 3  # the header and the two answers


def test_export_keeps_an_answer_that_looks_like_a_formula_as_text(
    client, coordinator, link, settings
):
    import csv
    import io

    settings.DV_MIN_GROUP_SIZE = 1
    page = client.get(link.get_absolute_url())
    client.post(link.get_absolute_url(), answers_post(page, good="=1+2", better="@SUM(A1)"))
    logged_in(client, coordinator)
    text = csv_text(client.get("/metingen/antwoorden.csv"))
    header, row = csv.reader(io.StringIO(text), delimiter=";")
    assert row[-2:] == ["'=1+2", "'@SUM(A1)"]
    assert row[header.index("rapportcijfer")] == "8"
    sheet = xlsx_book(client).worksheets[0]
    (row,) = sheet.iter_rows(min_row=2)
    good, better = row[-2:]
    assert (good.value, good.data_type) == ("=1+2", "s")
    assert (better.value, better.data_type) == ("@SUM(A1)", "s")


def test_export_hides_small_groups(client, coordinator, link, settings):
    settings.DV_MIN_GROUP_SIZE = 10
    page = client.get(link.get_absolute_url())
    client.post(link.get_absolute_url(), answers_post(page))
    logged_in(client, coordinator)
    csv = csv_text(client.get("/metingen/antwoorden.csv"))
    assert len(csv.strip().splitlines()) == 1


def test_runs_list_shows_the_newest_first(client, employee, questionnaire):
    for name, year in [("Meting 2024", 2024), ("Meting 2026", 2026), ("Meting 2025", 2025)]:
        services.run_create(name=name, kind="continuous", starts_on=datetime.date(year, 1, 1))
    page = logged_in(client, employee).get("/metingen/").content.decode()
    positions = [page.index(name) for name in ("Meting 2026", "Meting 2025", "Meting 2024")]
    assert positions == sorted(positions)


def test_invitation_sentence_adds_up_with_closed_invitations(client, coordinator, run, service):
    for status in ["sent", "answered", "closed", "closed"]:
        InvitationFactory(run=run, service=service, status=status)
    page = logged_in(client, coordinator).get(run.get_absolute_url()).content.decode()
    assert "4 uitnodigingen" in page and "2 afgesloten" in page


def test_closed_run_offers_no_new_open_link(client, coordinator, questionnaire, service):
    run = services.run_create(name="Oud", kind="continuous", starts_on=datetime.date(2025, 1, 1))
    run = services.run_transition(run=run, status=RunStatus.OPEN)
    run = services.run_transition(run=run, status=RunStatus.CLOSED)
    logged_in(client, coordinator)
    assert "Open link maken" not in client.get(run.get_absolute_url()).content.decode()
    result = client.post(
        f"/metingen/{run.pk}/links/",
        {
            "service": service.pk,
            "channel": service.channels.first().pk,
            "municipality": service.municipalities.first().pk,
        },
        follow=True,
    )
    assert not OpenLink.objects.filter(run=run).exists()
    assert "gesloten meting" in result.content.decode()


def test_the_baseline_is_labelled_with_a_status_badge_on_the_runs_page(
    client, coordinator, questionnaire
):
    from tests.surveys.factories import SurveyRunFactory

    SurveyRunFactory(
        name="Nulmeting 2024", kind="external", is_baseline=True, questionnaire=questionnaire
    )
    page = logged_in(client, coordinator).get("/metingen/").content.decode()
    assert '<span class="utrecht-status-badge utrecht-status-badge--neutral">nulmeting</span>' in (
        page
    )
    assert "dv-badge" not in page
