"""The response export at scale: the CSV streamed while it is read, the Excel file made by a job.

Both must give exactly the rows of the export as it was built before (all in memory, sorted once:
``tests/surveys/export_reference.py``), with every guarantee kept: small groups coarsened or left
out, the same columns in the same order, formulas neutralised, the download logged, and only the
coördinator who asked gets the Excel file.
"""

import csv
import datetime
import io
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from dienstverlening.core.exports import csv_bytes
from dienstverlening.core.job_files import job_file_for
from dienstverlening.core.models import Job, JobStatus
from dienstverlening.core.retention import purge_run
from dienstverlening.surveys import exports, tasks
from dienstverlening.surveys.exports import responses_stream, responses_table
from dienstverlening.surveys.models import (
    OpenAnswer,
    Response,
    StatementAnswer,
    SurveyRun,
)
from dienstverlening.surveys.services import questionnaire_create_version
from tests.conftest import logged_in
from tests.core.factories import UserFactory
from tests.organisation.factories import (
    ChannelFactory,
    MunicipalityFactory,
    ServiceFactory,
    TeamFactory,
)
from tests.surveys.export_reference import reference_table

pytestmark = pytest.mark.django_db

TEXTS = ["", "", "Snel geholpen", "=SOM(A1:A9)", "+31 6 1234", "-", "@balie", "#N/A", "prima"]
MARKS = [None, *range(1, 11), Decimal("7.5"), Decimal("6.5")]


@pytest.fixture
def mixed(run, service, questionnaire, settings):
    """400 responses over three services, two teams, three channels, two municipalities, four
    outcomes, the whole year, two questionnaire versions and two runs: groups of every size with
    minimum 4, marks with halves and without, 'weet niet', missing answers, and open answers
    that a spreadsheet would run as a formula."""
    settings.DV_MIN_GROUP_SIZE = 4
    rng = random.Random(13)
    second = questionnaire_create_version(mark_question="Welk cijfer geeft u?")
    other_run = SurveyRun.objects.create(
        name="Tevredenheidsonderzoek", kind="biennial", questionnaire=second,
        starts_on=datetime.date(2026, 1, 1),
    )  # fmt: skip
    services = [
        service,
        ServiceFactory(name="Rijbewijs", team=service.team),
        ServiceFactory(name="Kwijtschelding", team=TeamFactory(name="Belastingen")),
    ]
    channels = [ChannelFactory(name=name, slug=name.lower()) for name in ("Balie", "Telefoon")]
    channels.append(ChannelFactory(name="E-mail", slug="email"))
    places = [
        MunicipalityFactory(),
        MunicipalityFactory(name="Oudewater", slug="oudewater", cbs_code="GM0589"),
    ]
    responses = []
    for n in range(400):
        runs = (run, run, other_run)
        chosen = runs[n % 3]
        responses.append(
            Response(
                run=chosen,
                questionnaire=chosen.questionnaire,
                service=rng.choices(services, weights=[6, 3, 1])[0],
                channel=rng.choices(channels, weights=[5, 3, 1])[0],
                municipality=rng.choices(places, weights=[4, 1])[0],
                outcome=rng.choice(["granted", "granted", "refused", "unknown"]),
                answered_on=datetime.date(2026, rng.randint(1, 11), rng.randint(1, 28)),
                mark=rng.choice(MARKS),
                source="open_link",
            )
        )
    Response.objects.bulk_create(responses)
    answers, opens = [], []
    for response in Response.objects.select_related("questionnaire"):
        for statement in response.questionnaire.statements.all():
            if rng.random() < 0.9:  # now and then a statement left open
                answers.append(
                    StatementAnswer(
                        response=response,
                        statement_id=statement.statement_id,
                        value=rng.randint(0, 5),
                    )
                )
        for question in ("good", "better"):
            text = rng.choice(TEXTS)
            if text:
                opens.append(OpenAnswer(response=response, question=question, text=text))
    StatementAnswer.objects.bulk_create(answers)
    OpenAnswer.objects.bulk_create(opens)
    return other_run


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def sheet_rows(content: bytes) -> tuple[list, list[list], list[str]]:
    book = load_workbook(io.BytesIO(content))
    data, notes = book.worksheets
    rows = [list(row) for row in data.iter_rows(values_only=True)]
    return rows[0], rows[1:], [row[0] if row else None for row in notes.iter_rows(values_only=True)]


def as_excel(rows: list[list]) -> list[list]:
    """A row of the table as openpyxl reads it back: an empty cell is None."""
    return [[None if value == "" else value for value in row] for row in rows]


# --- the CSV, streamed ---------------------------------------------------------------------------


def test_the_streamed_csv_is_byte_for_byte_the_csv_of_the_export_built_in_memory(
    client, coordinator, mixed
):
    response = logged_in(client, coordinator).get("/metingen/antwoorden.csv")
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="antwoorden.csv"'
    content = b"".join(response.streaming_content)
    before = reference_table()
    assert content == csv_bytes(before.headers, before.rows)
    rows = read_csv(content)
    assert len(rows) - 1 == len(before.rows) > 300
    # What the protection does is visible in the file itself.
    assert {"nee", "zonder kanaal"} <= {row[9] for row in rows[1:]}
    assert "'=SOM(A1:A9)" in {row[-1] for row in rows[1:]} | {row[-2] for row in rows[1:]}
    assert "7,5" in {row[-3] for row in rows[1:]}


def test_the_streamed_rows_are_the_rows_of_the_export_built_in_memory_also_per_run(mixed, run):
    for part in (None, run, mixed):
        before = reference_table(run=part)
        now = responses_table(run=part)
        assert now.headers == before.headers
        assert now.rows == before.rows
        assert (now.total, now.per_level, now.left_out) == (
            before.total,
            before.per_level,
            before.left_out,
        )
        assert now.explanation() == before.explanation()
        assert now.left_out and now.per_level[0] and sum(now.per_level[1:])


def test_slices_and_chunks_of_any_size_give_the_same_rows(mixed, monkeypatch):
    """A group and mark whose rows straddle two chunks are still sorted as one."""
    before = reference_table().rows
    for chunk, order_chunk in [(1, 1), (7, 11), (64, 3)]:
        monkeypatch.setattr(exports, "CHUNK", chunk)
        monkeypatch.setattr(exports, "ORDER_CHUNK", order_chunk)
        assert list(responses_stream().rows()) == before


def test_the_csv_begins_before_any_response_is_read(client, coordinator, mixed):
    logged_in(client, coordinator)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/metingen/antwoorden.csv")
        pieces = iter(response.streaming_content)
        first = next(pieces)
    assert first.decode("utf-8-sig").startswith("meting;jaar;kwartaal;maand;team;dienst")
    assert not any("surveys_response" in query["sql"] for query in queries.captured_queries)
    assert b"".join(pieces)  # the rows follow


def test_the_number_of_queries_grows_with_the_slices_not_with_the_rows(mixed, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK", 100)
    with CaptureQueriesContext(connection) as queries:
        rows = list(responses_stream().rows())
    # 4 reads of the answers (2 queries each) for the shown rows; the rest a fixed handful.
    chunks = -(-len(rows) // 100)
    assert len(queries.captured_queries) <= 2 * chunks + 15


def test_the_csv_download_is_logged_as_an_export(client, coordinator, mixed, events):
    response = logged_in(client, coordinator).get(f"/metingen/antwoorden.csv?meting={mixed.pk}")
    b"".join(response.streaming_content)
    (line,) = events("export")
    assert (line.what, line.format, line.run_id, line.user_id) == (
        "antwoorden",
        "csv",
        mixed.pk,
        coordinator.pk,
    )


def test_an_unknown_run_gets_a_dutch_message_and_no_file(client, coordinator, mixed):
    logged_in(client, coordinator)
    for query in ("?meting=999999", "?meting=x"):
        response = client.get("/metingen/antwoorden.csv" + query)
        assert response.status_code == 404
        assert not isinstance(response, StreamingHttpResponse)
        assert "Deze meting bestaat niet (meer)." in response.content.decode()
    response = client.post("/metingen/antwoorden.xlsx", {"meting": "999999"})
    assert response.status_code == 400
    assert "Deze meting bestaat niet (meer)." in response.content.decode()
    assert not Job.objects.exists()


def test_only_the_coordinator_may_download_and_only_with_get(client, employee, coordinator):
    assert logged_in(client, employee).get("/metingen/antwoorden.csv").status_code == 403
    assert logged_in(client, coordinator).post("/metingen/antwoorden.csv").status_code == 405


# --- the Excel file, made by a job ----------------------------------------------------------------


def _start_excel(client, run=None) -> Job:
    page = client.get("/metingen/antwoorden.xlsx" + (f"?meting={run.pk}" if run else ""))
    assert page.status_code == 200
    assert "Excel-bestand maken" in page.content.decode()
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["meting"] = run.pk if run else ""
    started = client.post("/metingen/antwoorden.xlsx", data)
    assert started.status_code == 302
    job = Job.objects.get(pk=started["Location"].strip("/").split("/")[-1])
    assert started["Location"] == job.get_absolute_url()
    return job


def test_the_excel_job_writes_the_rows_of_the_export_built_in_memory(client, coordinator, mixed):
    logged_in(client, coordinator)
    job = _start_excel(client)
    job.refresh_from_db()
    assert (job.kind, job.status, job.started_by) == (
        tasks.EXPORT,
        JobStatus.SUCCEEDED,
        coordinator,
    )
    before = reference_table()
    assert job.outcome["rows"] == len(before.rows) and job.outcome["left_out"] == before.left_out

    page = client.get(job.get_absolute_url()).content.decode()
    url = f"/metingen/antwoorden/{job.pk}/antwoorden.xlsx"
    assert f'href="{url}"' in page and "Excel-bestand downloaden" in page
    assert "Alleen u kunt dit bestand downloaden" in page
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="antwoorden.xlsx"'
    header, rows, notes = sheet_rows(b"".join(download.streaming_content))
    assert header == before.headers
    assert rows == as_excel(before.rows)
    assert [line or "" for line in notes] == before.explanation()
    # A text that looks like a formula stays text.
    assert "=SOM(A1:A9)" in {row[-1] for row in rows} | {row[-2] for row in rows}


def test_the_excel_job_of_one_run_holds_only_that_runs_rows(client, coordinator, mixed):
    job = _start_excel(logged_in(client, coordinator), mixed)
    assert job.title == "Antwoorden van Tevredenheidsonderzoek als Excel-bestand"
    download = client.get(f"/metingen/antwoorden/{job.pk}/antwoorden.xlsx")
    _header, rows, _notes = sheet_rows(b"".join(download.streaming_content))
    assert rows == as_excel(reference_table(run=mixed).rows)
    assert {row[0] for row in rows} == {"Tevredenheidsonderzoek"}


def test_the_excel_job_reports_its_progress_in_two_steps(coordinator, mixed):
    from dienstverlening.core.jobs import job_start

    seen = []

    class Recording:
        def __call__(self, stage, done, total):
            seen.append((stage, done, total))

    job = job_start(
        task=tasks.responses_export_task, kind=tasks.EXPORT, title="x", user=coordinator
    )
    job.refresh_from_db()
    job.status = JobStatus.RUNNING
    tasks._export(job, Recording())
    stages = [stage for stage, _done, _total in seen]
    assert stages[0] == "figures" and stages[-1] == "documents"
    figures = [(done, total) for stage, done, total in seen if stage == "figures" and total]
    documents = [(done, total) for stage, done, total in seen if stage == "documents"]
    assert figures[-1] == (Response.objects.count(), Response.objects.count())
    rows = len(reference_table().rows)
    assert documents[-1] == (rows, rows)
    assert [done for done, _total in documents] == sorted(done for done, _total in documents)


def test_the_page_shows_the_export_while_it_runs(client, coordinator, now):
    from dienstverlening.core.progress import JobProgress

    job = Job.objects.create(
        kind=tasks.EXPORT, title="Alle antwoorden als Excel-bestand", started_by=coordinator,
        status=JobStatus.RUNNING, started_at=now - datetime.timedelta(seconds=20),
    )  # fmt: skip
    progress = JobProgress(job.pk, stages=2)
    progress("figures", 400, 400)
    progress("documents", 120, 380)
    page = logged_in(client, coordinator).get(job.get_absolute_url()).content.decode()
    assert "Stap 2 van 2:" in page and "Bestanden maken" in page
    assert 'max="380" value="120"' in page
    assert "120 van 380 (31" in page
    assert "antwoorden.xlsx" not in page


def test_nobody_else_gets_the_excel_file(client, coordinator, beheerder, mixed):
    job = _start_excel(logged_in(client, coordinator))
    url = f"/metingen/antwoorden/{job.pk}/antwoorden.xlsx"
    colleague = UserFactory(username="coordinator-twee", role=coordinator.role)
    assert logged_in(client, colleague).get(url).status_code == 404
    assert client.get(job.get_absolute_url()).status_code == 403
    # The beheerder sees every job's page, but not the answers.
    assert logged_in(client, beheerder).get(url).status_code == 403
    page = client.get(job.get_absolute_url()).content.decode()
    assert url not in page and "Alleen wie dit bestand heeft gevraagd" in page
    client.logout()
    assert client.get(url).status_code == 302  # to the log-in page
    assert logged_in(client, coordinator).get(url).status_code == 200


def test_the_excel_download_is_logged_and_the_start_alone_is_not(
    client, coordinator, mixed, events
):
    job = _start_excel(logged_in(client, coordinator))
    assert events("export") == []
    client.get(f"/metingen/antwoorden/{job.pk}/antwoorden.xlsx")
    (line,) = events("export")
    assert (line.what, line.format, line.user_id, line.job_id) == (
        "antwoorden",
        "xlsx",
        coordinator.pk,
        str(job.pk),
    )


def test_the_excel_file_is_kept_a_day_then_refused_and_purged(client, coordinator, mixed, clock):
    job = _start_excel(logged_in(client, coordinator))
    job.refresh_from_db()
    url = f"/metingen/antwoorden/{job.pk}/antwoorden.xlsx"
    path = job_file_for(coordinator, job)
    assert path is not None and path.is_file()
    clock.shift(datetime.timedelta(hours=23))
    assert logged_in(client, coordinator).get(url).status_code == 200
    (kept,) = purge_run(codes=["export_files"])
    assert kept.count == 0 and path.is_file()

    clock.shift(datetime.timedelta(hours=2))
    assert logged_in(client, coordinator).get(url).status_code == 404
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Het bestand is er niet meer" in page and "Opnieuw maken" in page
    (purged,) = purge_run(codes=["export_files"])
    assert purged.count == 1 and not path.exists()


def test_a_job_for_a_run_deleted_meanwhile_fails_with_a_dutch_message(coordinator, mixed):
    from dienstverlening.core.jobs import job_start

    job = job_start(
        task=tasks.responses_export_task, kind=tasks.EXPORT, title="x", user=coordinator,
        params={"run": 999999},
    )  # fmt: skip
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.errors == ["Deze meting bestaat niet meer. Er is geen bestand gemaakt."]
    assert not job.outcome.get("file")


def test_rows_of_one_group_and_mark_are_in_the_order_python_gives_their_text(
    run, service, questionnaire, settings
):
    """The database sorts the rows; its collation must not change their order: by code point,
    capitals before small letters, accents and emoji after them."""
    settings.DV_MIN_GROUP_SIZE = 2
    texts = ["b", "B", "é", "z", "😀", "a b", "ab", "Ä", "", "10", "9", "ß", "Z", "'x", "ab"]
    channel, place = ChannelFactory(), MunicipalityFactory()
    responses = Response.objects.bulk_create(
        Response(
            run=run,
            questionnaire=questionnaire,
            service=service,
            channel=channel,
            municipality=place,
            outcome="granted",
            answered_on=datetime.date(2026, 5, 4),
            mark=8,
            source="open_link",
        )
        for _text in texts
    )
    pairs = zip(responses, texts, texts[::-1], strict=True)
    OpenAnswer.objects.bulk_create(
        OpenAnswer(response=response, question=question, text=text)
        for response, good, better in pairs
        for question, text in (("good", good), ("better", better))
    )
    rows = responses_table().rows
    assert rows == reference_table().rows
    assert [row[-2] for row in rows] == sorted(texts)
