"""Import of external results: Dutch files, preview, all rows or none, line-numbered errors."""

import datetime
import io
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db.models import Sum

from dienstverlening.core.importing import ImportFailed
from dienstverlening.core.models import Job
from dienstverlening.core.tabular import read_csv, read_table
from dienstverlening.surveys import imports
from dienstverlening.surveys.models import (
    AnswerTally,
    ImportMapping,
    OpenAnswer,
    Response,
    ResponseImport,
    RunKind,
    StatementAnswer,
)
from tests.organisation.factories import ChannelFactory, MunicipalityFactory
from tests.surveys.downloads import csv_text, xlsx_book
from tests.surveys.factories import SurveyRunFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "Dienst;Kanaal;Gemeente;Datum;Uitkomst;Rapportcijfer;"
    + ";".join(f"Stelling {n}" for n in range(1, 9))
    + ";Wat kan beter"
)


@pytest.fixture
def external(questionnaire, service):
    ChannelFactory(name="Telefoon", slug="telefoon")
    MunicipalityFactory(name="Oudewater", slug="oudewater", cbs_code="GM0589")
    return SurveyRunFactory(name="Nulmeting", kind=RunKind.EXTERNAL, questionnaire=questionnaire)


def line(
    service="Paspoort aanvragen",
    channel="Balie",
    gemeente="Woerden",
    datum="03-02-2025",
    uitkomst="toegekend",
    cijfer="8",
    answers=("4",) * 8,
    beter="",
) -> str:
    return ";".join([service, channel, gemeente, datum, uitkomst, cijfer, *answers, beter])


def run_import(run, data: bytes, filename="nulmeting.csv") -> int:
    table = read_table(data, filename)
    return imports.responses_import(
        run=run, table=table, mapping=imports.mapping_guess(headers=table.headers, run=run)
    )


def test_dutch_csv_in_windows_1252_with_decimal_comma_and_semicolons(external):
    text = "\r\n".join(
        [
            HEADER,
            line(beter="Geen café in de wachtruimte"),
            line(
                channel="telefoon",
                gemeente="GM0589",
                cijfer="7,0",
                uitkomst="afgewezen",
                answers=(
                    "helemaal eens",
                    "eens",
                    "neutraal",
                    "oneens",
                    "helemaal oneens",
                    "weet niet",
                    "n.v.t.",
                    "",
                ),
            ),
        ]
    )
    assert run_import(external, text.encode("cp1252")) == 2
    assert Response.objects.filter(run=external).count() == 2
    refused = Response.objects.get(outcome="refused")
    values = sorted(
        StatementAnswer.objects.filter(response=refused).values_list("value", flat=True)
    )
    assert values == [0, 0, 1, 2, 3, 4, 5]  # empty = not answered
    assert refused.mark == 7 and refused.channel.slug == "telefoon"
    assert OpenAnswer.objects.get().text == "Geen café in de wachtruimte"


def test_utf8_with_bom_and_comma_separator(external):
    text = "\ufeff" + "\n".join([HEADER.replace(";", ","), line().replace(";", ",")])
    assert run_import(external, text.encode("utf-8")) == 1


def test_xlsx(external):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(";"))
    sheet.append(line().split(";"))
    out = io.BytesIO()
    workbook.save(out)
    assert run_import(external, out.getvalue(), "nulmeting.xlsx") == 1


def test_bad_rows_are_listed_by_line_and_nothing_is_saved(external):
    text = "\n".join(
        [
            HEADER,
            line(),
            line(service="Ruimtevaart"),
            line(datum="31-02-2025"),
            line(cijfer="11", answers=("4", "7", "4", "4", "4", "4", "4", "4")),
            line(),
        ]
    )
    with pytest.raises(ImportFailed) as failure:
        run_import(external, text.encode())
    errors = [str(e) for e in failure.value.errors]
    assert errors[0].startswith("Regel 3:") and "dienst 'Ruimtevaart' is onbekend" in errors[0]
    assert errors[1].startswith("Regel 4:") and "geen geldige datum" in errors[1]
    assert errors[2].startswith("Regel 5:")
    assert "rapportcijfer 11 ligt niet tussen 1 en 10" in errors[2]
    assert "stelling 2: '7' is geen antwoord van 1 tot 5" in errors[2]
    assert Response.objects.count() == 0 and AnswerTally.objects.count() == 0


def test_missing_required_column_is_reported(external):
    table = read_csv(b"Datum;Rapportcijfer\n01-02-2025;8\n")
    parsed = imports.responses_parse(
        table=table,
        mapping=imports.mapping_guess(headers=table.headers, run=external),
        run=external,
    )
    assert not parsed.ok and "Dienst" in parsed.missing


def test_fixed_value_in_mapping(external):
    table = read_csv(b"Product;Datum;Cijfer\nPaspoort aanvragen;01-02-2025;9\n")
    count = imports.responses_import(
        run=external,
        table=table,
        mapping={
            "service": "Product",
            "date": "Datum",
            "mark": "Cijfer",
            "channel": "=balie",
            "municipality": "=woerden",
        },
    )
    assert count == 1 and Response.objects.get().channel.slug == "balie"


def test_command_with_saved_mapping_and_errors(external, tmp_path):
    good = tmp_path / "goed.csv"
    good.write_bytes(b"Wat;Waar;Wie;Wanneer\nPaspoort aanvragen;Balie;Woerden;02-02-2025\n")
    ImportMapping.objects.create(
        name="bureau-x",
        mapping={"service": "Wat", "channel": "Waar", "municipality": "Wie", "date": "Wanneer"},
    )
    call_command("import_responses", str(good), "--run", str(external.pk), "--mapping", "bureau-x")
    assert Response.objects.count() == 1
    bad = tmp_path / "fout.csv"
    bad.write_bytes(b"Wat;Waar;Wie;Wanneer\nOnbekend;Balie;Woerden;02-02-2025\n")
    with pytest.raises(CommandError):
        call_command("import_responses", str(bad), "--run", "Nulmeting", "--mapping", "bureau-x")
    assert Response.objects.count() == 1


def test_web_import_with_preview_then_all_rows(client, external, coordinator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.conftest import logged_in

    logged_in(client, coordinator)
    data = "\n".join([HEADER, line(), line(cijfer="6")]).encode("cp1252")
    upload = client.post(
        f"/metingen/{external.pk}/importeren/",
        {"file": SimpleUploadedFile("nulmeting.csv", data, content_type="text/csv")},
    )
    assert upload.status_code == 302
    mapping_url = upload["Location"]
    page = client.get(mapping_url)
    form = page.context["form"]
    post = {name: form[name].value() or "" for name in form.fields}
    preview = client.post(mapping_url, {**post, "action": "preview"})
    assert "Alle 2 regels zijn goed" in preview.content.decode()
    assert Response.objects.count() == 0
    done = client.post(mapping_url, {**post, "action": "import"}, follow=True)
    assert "2 antwoorden zijn geïmporteerd" in done.content.decode()
    assert Response.objects.count() == 2
    assert AnswerTally.objects.aggregate(n=Sum("responses"))["n"] == 2


def test_employee_cannot_import(client, external, employee):
    from tests.conftest import logged_in

    logged_in(client, employee)
    assert client.get(f"/metingen/{external.pk}/importeren/").status_code == 403


# A Wednesday noon in Woerden; the rows below are from February 2025, well before it.
MOMENT = datetime.datetime(2026, 12, 2, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


@time_machine.travel(MOMENT, tick=False)
def test_a_mark_with_one_decimal_is_stored_exactly(external):
    text = "\n".join(
        [HEADER, line(cijfer="7,5"), line(cijfer="8.5"), line(cijfer="6,90"), line(cijfer="10")]
    )
    assert run_import(external, text.encode("cp1252")) == 4
    marks = sorted(Response.objects.values_list("mark", flat=True))
    assert marks == [Decimal("6.9"), Decimal("7.5"), Decimal("8.5"), Decimal("10")]
    # In the roll-up: per whole mark (6,9 counts under 6, 7,5 under 7) and the exact sums.
    tally = AnswerTally.objects.get()
    assert (tally.mark_6, tally.mark_7, tally.mark_8, tally.mark_10) == (1, 1, 1, 1)
    assert tally.mark_tenths == 69 + 75 + 85 + 100
    assert tally.mark_tenths_sq == 69**2 + 75**2 + 85**2 + 100**2


@time_machine.travel(MOMENT, tick=False)
def test_a_mark_with_two_decimals_or_outside_1_to_10_is_refused_by_line(external):
    text = "\n".join(
        [
            HEADER,
            line(cijfer="7,5"),
            line(cijfer="7,55"),
            line(cijfer="0,5"),
            line(cijfer="10,1"),
            line(cijfer="acht"),
            line(cijfer="NaN"),
        ]
    )
    with pytest.raises(ImportFailed) as failure:
        run_import(external, text.encode())
    assert [str(e) for e in failure.value.errors] == [
        "Regel 3: rapportcijfer 7,55 heeft meer dan één cijfer achter de komma "
        "(gebruik bijvoorbeeld 7,5).",
        "Regel 4: rapportcijfer 0,5 ligt niet tussen 1 en 10.",
        "Regel 5: rapportcijfer 10,1 ligt niet tussen 1 en 10.",
        "Regel 6: rapportcijfer 'acht' is geen getal.",
        "Regel 7: rapportcijfer 'NaN' is geen getal.",
    ]
    assert Response.objects.count() == 0 and AnswerTally.objects.count() == 0


def _upload(client, run, data: bytes) -> str:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = client.post(
        f"/metingen/{run.pk}/importeren/",
        {"file": SimpleUploadedFile("nulmeting.csv", data, content_type="text/csv")},
    )
    assert upload.status_code == 302
    return upload["Location"]


@time_machine.travel(MOMENT, tick=False)
def test_preview_shows_decimal_marks_the_dutch_way(client, external, coordinator):
    from tests.conftest import logged_in

    logged_in(client, coordinator)
    mapping_url = _upload(
        client, external, "\n".join([HEADER, line(cijfer="7.5"), line(cijfer="8")]).encode()
    )
    form = client.get(mapping_url).context["form"]
    post = {name: form[name].value() or "" for name in form.fields}
    html = client.post(mapping_url, {**post, "action": "preview"}).content.decode()
    cells = re.findall(r'<td class="utrecht-table__cell">([^<]*)</td>\s*</tr>', html)
    assert cells == ["7,5", "8"]


@time_machine.travel(MOMENT, tick=False)
def test_export_gives_decimal_marks_as_numbers_a_dutch_spreadsheet_reads(
    client, external, coordinator, settings
):

    from tests.conftest import logged_in

    settings.DV_MIN_GROUP_SIZE = 2
    run_import(external, "\n".join([HEADER, line(cijfer="7,5"), line(cijfer="8")]).encode())
    logged_in(client, coordinator)
    csv = csv_text(client.get(f"/metingen/antwoorden.csv?meting={external.pk}"))
    header, *rows = csv.strip().splitlines()
    column = header.split(";").index("rapportcijfer")
    assert [row.split(";")[column] for row in rows] == ["7,5", "8"]
    sheet = xlsx_book(client, f"?meting={external.pk}").worksheets[0]
    marks = [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert marks == [7.5, 8]


@time_machine.travel(MOMENT, tick=False)
def test_one_row_is_spoken_of_in_the_singular(client, external, coordinator):
    from tests.conftest import logged_in

    logged_in(client, coordinator)
    mapping_url = _upload(client, external, "\n".join([HEADER, line()]).encode())
    page = client.get(mapping_url)
    assert "Bestand nulmeting.csv: 1 regel." in page.content.decode()
    form = page.context["form"]
    post = {name: form[name].value() or "" for name in form.fields}
    preview = client.post(mapping_url, {**post, "action": "preview"}).content.decode()
    assert "De regel is goed." in preview and "1 antwoord importeren" in preview
    done = client.post(mapping_url, {**post, "action": "import"}, follow=True).content.decode()
    assert "1 antwoord is geïmporteerd." in done  # the job's page
    run_page = client.get(external.get_absolute_url()).content.decode()
    assert "1 antwoord</li>" not in run_page and "1 antwoord ·" in run_page  # its import list


@time_machine.travel(MOMENT, tick=False)
def test_import_command_counts_in_words(external, tmp_path):
    path = tmp_path / "een.csv"
    path.write_text("\n".join([HEADER, line()]), encoding="utf-8")
    out = io.StringIO()
    call_command("import_responses", str(path), "--run", str(external.pk), "--dry-run", stdout=out)
    assert out.getvalue().strip() == "De regel is goed."
    call_command("import_responses", str(path), "--run", str(external.pk), stdout=out)
    assert "1 antwoord geïmporteerd in " in out.getvalue()


@time_machine.travel(MOMENT, tick=False)
def test_many_bad_rows_are_counted_in_dutch_format(client, external, coordinator):
    from tests.conftest import logged_in

    logged_in(client, coordinator)
    rows = [line(service="Ruimtevaart")] * 1234
    mapping_url = _upload(client, external, "\n".join([HEADER, *rows]).encode())
    page = client.get(mapping_url)
    assert "1.234 regels" in page.content.decode()
    form = page.context["form"]
    post = {name: form[name].value() or "" for name in form.fields}
    preview = client.post(mapping_url, {**post, "action": "preview"}).content.decode()
    assert "1.234 regels hebben een fout. Er is niets geïmporteerd." in preview


# --- one import per file, whatever the clicks ---------------------------------------------------


def _mapping_form(client, mapping_url) -> dict:
    form = client.get(mapping_url).context["form"]
    return {name: form[name].value() or "" for name in form.fields}


@time_machine.travel(MOMENT, tick=False)
def test_confirming_an_import_twice_imports_the_rows_once(client, external, coordinator):
    from tests.conftest import logged_in

    logged_in(client, coordinator)
    rows = [line(cijfer=str(1 + n % 10)) for n in range(50)]
    mapping_url = _upload(client, external, "\n".join([HEADER, *rows]).encode())
    post = _mapping_form(client, mapping_url)
    first = client.post(mapping_url, {**post, "action": "import"})
    second = client.post(mapping_url, {**post, "action": "import"})  # the double click
    assert second["Location"] == first["Location"]
    page = client.get(second["Location"]).content.decode()
    assert "50 antwoorden zijn geïmporteerd." in page
    assert "Dit bestand is al geïmporteerd. Het is niet nog een keer geïmporteerd" in page
    assert Response.objects.count() == 50 and Job.objects.count() == 1
    assert AnswerTally.objects.aggregate(n=Sum("responses"))["n"] == 50
    # The column page of the imported file says so too, instead of a 404.
    later = client.get(mapping_url, follow=True).content.decode()
    assert "Dit bestand is al geïmporteerd." in later


@time_machine.travel(MOMENT, tick=False)
def test_two_jobs_for_one_file_import_it_once(client, external, coordinator, settings):
    """Two tabs, or two requests at the same moment, each start a job: the file is taken by
    one of them with a conditional UPDATE (uploaded → importing) whose row count decides. With
    SQLite two threads cannot race in a test; the same UPDATE decides when they run in turn."""
    from dienstverlening.core.jobs import job_run
    from dienstverlening.surveys import import_uploads, tasks
    from tests.conftest import logged_in
    from tests.workers import DATABASE_TASKS

    settings.TASKS = DATABASE_TASKS  # no worker: the jobs wait until the test runs them
    logged_in(client, coordinator)
    mapping_url = _upload(client, external, "\n".join([HEADER, line(), line()]).encode())
    post = _mapping_form(client, mapping_url)
    first = client.post(mapping_url, {**post, "action": "import"})
    other_tab = {**post, "sleutel": "0b5a3c1e-2f4d-4e6a-9b8c-7d6e5f4a3b2c"}
    # While the first waits, the second tab is sent to the first job's page.
    second = client.post(mapping_url, {**other_tab, "action": "import"})
    assert second["Location"] == first["Location"] and Job.objects.count() == 1
    # Had both started (a race), only the task that takes the file imports.
    item = ResponseImport.objects.get()
    jobs = [Job.objects.get()]
    jobs.append(
        Job.objects.create(
            kind=tasks.IMPORT, title="tweede", params={**jobs[0].params}, started_by=coordinator
        )
    )
    for job in jobs:
        job_run(str(job.pk), tasks._import, stages=3)
    done, refused = (Job.objects.get(pk=job.pk) for job in jobs)
    assert done.status == "succeeded" and done.outcome["count"] == 2
    assert refused.status == "failed"
    assert refused.errors == [
        "Dit bestand is al geïmporteerd. Het is niet nog een keer geïmporteerd; hieronder "
        "ziet u de uitkomst."
    ]
    assert Response.objects.count() == 2
    item.refresh_from_db()
    assert item.status == "imported" and not item.upload
    assert import_uploads.response_import_claim(item) is False


@time_machine.travel(MOMENT, tick=False)
def test_a_file_with_bad_rows_can_be_imported_again_with_other_columns(
    client, external, coordinator
):
    from tests.conftest import logged_in

    logged_in(client, coordinator)
    text = "\n".join([HEADER, line(), line(service="Ruimtevaart")])
    mapping_url = _upload(client, external, text.encode())
    post = _mapping_form(client, mapping_url)
    failed = client.post(mapping_url, {**post, "action": "import"})
    assert Job.objects.get().status == "failed"
    assert ResponseImport.objects.get().status == "uploaded"  # released for another try
    # Without the bad column: a new try, not the failed job again.
    retry = client.post(mapping_url, {**post, "map_service": "", "action": "import"})
    assert retry["Location"] != failed["Location"] and Job.objects.count() == 2


@time_machine.travel(MOMENT, tick=False)
def test_the_same_upload_form_sent_twice_is_one_upload(client, external, coordinator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.conftest import logged_in

    logged_in(client, coordinator)
    form = client.get(f"/metingen/{external.pk}/importeren/").context["form"]
    key = form["sleutel"].value()
    data = "\n".join([HEADER, line()]).encode()

    def send():
        return client.post(
            f"/metingen/{external.pk}/importeren/",
            {"sleutel": key, "file": SimpleUploadedFile("nulmeting.csv", data)},
        )

    first, second = send(), send()
    assert first["Location"] == second["Location"] and ResponseImport.objects.count() == 1
    page = client.get(second["Location"]).content.decode()
    assert "Dit bestand was al geüpload. U gaat verder met die upload." in page


# --- dates, previews and files that are big ---------------------------------------------------


@time_machine.travel(MOMENT, tick=False)
def test_a_date_before_2000_is_refused_by_line(external):
    text = "\n".join([HEADER, line(datum="01-01-0001"), line(datum="31-12-1999"), line()])
    with pytest.raises(ImportFailed) as failure:
        run_import(external, text.encode())
    assert [str(e) for e in failure.value.errors] == [
        "Regel 2: de datum 01-01-0001 ligt vóór 01-01-2000.",
        "Regel 3: de datum 31-12-1999 ligt vóór 01-01-2000.",
    ]
    assert Response.objects.count() == 0


@time_machine.travel(MOMENT, tick=False)
def test_the_column_page_reads_the_file_only_for_a_preview(
    client, external, coordinator, monkeypatch
):
    from dienstverlening.surveys import import_uploads
    from tests.conftest import logged_in

    logged_in(client, coordinator)
    rows = [line(cijfer=str(1 + n % 10)) for n in range(7)] + [line(service="Ruimtevaart")]
    mapping_url = _upload(client, external, "\n".join([HEADER, *rows]).encode())

    def no_reading(*args, **kwargs):
        raise AssertionError("the page read the whole file")

    with monkeypatch.context() as patch:
        patch.setattr(import_uploads, "read_table", no_reading)
        page = client.get(mapping_url)  # headers and row count were kept at the upload
    assert "Bestand nulmeting.csv: 8 regels." in page.content.decode()
    post = _mapping_form(client, mapping_url)
    monkeypatch.setattr(import_uploads, "PREVIEW_CHECK_ROWS", 5)
    preview = client.post(mapping_url, {**post, "action": "preview"}).content.decode()
    assert "De eerste 5 van de 8 regels zijn goed." in preview
    assert "8 antwoorden importeren" in preview
    done = client.post(mapping_url, {**post, "action": "import"}, follow=True).content.decode()
    assert "Regel 9: dienst &#x27;Ruimtevaart&#x27; is onbekend." in done  # checked in the job
    assert Response.objects.count() == 0


def test_an_upload_nobody_imports_is_deleted_after_a_day(client, external, coordinator, clock):
    import datetime as dt
    import os
    from pathlib import Path

    from django.conf import settings
    from django.utils import timezone

    from tests.conftest import logged_in

    logged_in(client, coordinator)
    mapping_url = _upload(client, external, "\n".join([HEADER, line()]).encode())
    item = ResponseImport.objects.get()
    stored = Path(item.upload.path)
    # A file left by a crash between storing it and recording it.
    lost = Path(settings.MEDIA_ROOT) / "surveys" / "imports" / "import_verloren.bin"
    lost.write_bytes(b"Wat kan beter\nBel 06-12345678\n")
    stamp = timezone.now().timestamp()  # as old as the upload
    os.utime(lost, (stamp, stamp))
    clock.shift(dt.timedelta(hours=23))
    call_command("prune_jobs", verbosity=0)
    assert stored.exists() and lost.exists()  # within a day: still waiting for its columns
    clock.shift(dt.timedelta(hours=2))
    call_command("prune_jobs", verbosity=0)
    assert not stored.exists() and not lost.exists()
    item.refresh_from_db()
    assert item.status == "cancelled" and not item.upload
    logged_in(client, coordinator)  # a day later: the session of yesterday has ended
    page = client.get(mapping_url, follow=True).content.decode()
    assert "Deze import is geannuleerd en het bestand is verwijderd." in page


@time_machine.travel(MOMENT, tick=False)
def test_an_excel_file_goes_through_the_pages(client, external, coordinator):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    from tests.conftest import logged_in

    workbook = Workbook()
    workbook.active.append(HEADER.split(";"))
    for _n in range(3):
        workbook.active.append(line().split(";"))
    out = io.BytesIO()
    workbook.save(out)
    logged_in(client, coordinator)
    upload = client.post(
        f"/metingen/{external.pk}/importeren/",
        {"file": SimpleUploadedFile("nulmeting.xlsx", out.getvalue())},
    )
    mapping_url = upload["Location"]
    assert "Bestand nulmeting.xlsx: 3 regels." in client.get(mapping_url).content.decode()
    post = _mapping_form(client, mapping_url)
    preview = client.post(mapping_url, {**post, "action": "preview"}).content.decode()
    assert "Alle 3 regels zijn goed." in preview
    done = client.post(mapping_url, {**post, "action": "import"}, follow=True).content.decode()
    assert "3 antwoorden zijn geïmporteerd." in done and Response.objects.count() == 3


@time_machine.travel(MOMENT, tick=False)
def test_an_import_left_half_way_by_a_stopped_worker_can_be_tried_again(
    client, external, coordinator
):
    from tests.conftest import logged_in

    logged_in(client, coordinator)
    mapping_url = _upload(client, external, "\n".join([HEADER, line()]).encode())
    # The worker took the file and stopped before it could say so; its job no longer runs.
    ResponseImport.objects.update(status="importing")
    page = client.get(mapping_url)
    assert page.status_code == 200 and ResponseImport.objects.get().status == "uploaded"
    done = client.post(
        mapping_url, {**_mapping_form(client, mapping_url), "action": "import"}, follow=True
    )
    assert "1 antwoord is geïmporteerd." in done.content.decode()


@time_machine.travel(MOMENT, tick=False)
def test_cancelling_deletes_the_file_and_a_second_click_says_it_is_cancelled(
    client, external, coordinator
):
    from pathlib import Path

    from tests.conftest import logged_in

    logged_in(client, coordinator)
    mapping_url = _upload(client, external, "\n".join([HEADER, line()]).encode())
    stored = Path(ResponseImport.objects.get().upload.path)
    post = {**_mapping_form(client, mapping_url), "action": "cancel"}
    first = client.post(mapping_url, post, follow=True).content.decode()
    assert "De import is geannuleerd. Het bestand is verwijderd." in first
    assert not stored.exists() and ResponseImport.objects.get().status == "cancelled"
    second = client.post(mapping_url, post, follow=True).content.decode()
    assert "Deze import is geannuleerd en het bestand is verwijderd." in second
    assert Response.objects.count() == 0


def test_the_command_keeps_to_the_same_limits(external, tmp_path, settings):
    settings.DV_UPLOAD_MAX_ROWS = 2
    path = tmp_path / "lang.csv"
    path.write_text("\n".join([HEADER, line(), line(), line()]), encoding="utf-8")
    with pytest.raises(CommandError, match="Het bestand heeft meer dan 2 regels"):
        call_command("import_responses", str(path), "--run", str(external.pk))
    assert Response.objects.count() == 0


# The spellings of one name that every import (results here, handling exports in
# tests/handling/test_import.py, the organisation's lookup) accepts.
SPELLINGS = ["spaces", "upper", "slug", "underscores", "joined", "full stop", "nbsp", "accents"]


def respell(name: str, how: str) -> str:
    words = name.split()
    return {
        "spaces": "  ".join(words),
        "upper": name.upper(),
        "slug": "-".join(words).lower(),
        "underscores": "_".join(words).lower(),
        "joined": "".join(words),
        "full stop": name + ".",
        "nbsp": "\u00a0".join(words),  # a non-breaking space from a spreadsheet
        "accents": name.replace("a", "\u00e2").replace("e", "\u00eb"),
    }[how]


@pytest.mark.parametrize("how", SPELLINGS)
def test_a_service_is_found_however_its_name_is_spelled_as_in_every_import(external, how):
    text = "\r\n".join([HEADER, line(service=respell("Paspoort aanvragen", how))])
    assert run_import(external, text.encode("utf-8")) == 1


@time_machine.travel(MOMENT, tick=False)
def test_a_named_column_choice_is_kept_only_with_the_rows_it_imported(
    client, external, coordinator
):
    from tests.conftest import logged_in

    logged_in(client, coordinator)
    bad = _upload(client, external, "\n".join([HEADER, line(service="Ruimtevaart")]).encode())
    client.post(bad, {**_mapping_form(client, bad), "save_as": "Bureau", "action": "import"})
    assert not ImportMapping.objects.exists()
    good = _upload(client, external, "\n".join([HEADER, line(), line()]).encode())
    post = _mapping_form(client, good)
    client.post(good, {**post, "save_as": "Bureau", "action": "import"})
    assert Response.objects.count() == 2
    saved = ImportMapping.objects.get(name="Bureau").mapping
    assert saved["service"] == "Dienst" and saved["date"] == "Datum"


# The words accepted for an outcome, as the error message lists them.
OUTCOME_LABELS = ["toegekend", "afgewezen", "niet van toepassing", "onbekend"]


@pytest.mark.parametrize("how", SPELLINGS)
def test_columns_and_outcomes_are_found_however_spelled_as_in_every_import(external, how):
    header = ";".join(respell(column, how) for column in HEADER.split(";"))
    row = line(uitkomst=respell("niet van toepassing", how), beter="Sneller terugbellen")
    table = read_csv("\r\n".join([header, row]).encode("utf-8"))
    mapping = imports.mapping_guess(headers=table.headers, run=external)
    assert set(mapping) == {*imports.BASE_TARGETS} - {"good"} | {
        f"statement_{n}" for n in range(1, 9)
    }
    assert imports.responses_import(run=external, table=table, mapping=mapping) == 1
    assert Response.objects.get().outcome == "not_applicable"
    assert StatementAnswer.objects.count() == 8
    assert OpenAnswer.objects.get().text == "Sneller terugbellen"


def test_an_unknown_outcome_lists_the_words_that_are_accepted(external):
    rows = [line(uitkomst=word) for word in OUTCOME_LABELS]
    text = "\r\n".join([HEADER, *rows, line(uitkomst="misschien")]).encode()
    with pytest.raises(ImportFailed) as failed:
        run_import(external, text)
    assert [str(e) for e in failed.value.errors] == [
        "Regel 6: uitkomst 'misschien' is onbekend "
        "(gebruik toegekend, afgewezen, niet van toepassing of onbekend)."
    ]
    assert run_import(external, "\r\n".join([HEADER, *rows]).encode()) == len(OUTCOME_LABELS)
