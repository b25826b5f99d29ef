"""Importing exports from source systems: Dutch files, all or nothing, errors per line."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from dienstverlening.core.importing import ImportFailed
from dienstverlening.core.jobs import upload_dir
from dienstverlening.core.models import Job, JobStatus
from dienstverlening.core.progress import Stage
from dienstverlening.handling.importing import handling_import, import_parse
from dienstverlening.handling.models import DailyFlow, HandlingItem, Outcome
from tests.conftest import logged_in
from tests.core.factories import UserFactory
from tests.handling.rollups import assert_rollups_match_raw
from tests.organisation.factories import ServiceFactory, TeamFactory
from tests.surveys.test_imports import OUTCOME_LABELS, SPELLINGS, respell
from tests.workers import DATABASE_TASKS, wait_for

pytestmark = pytest.mark.django_db

HEADER = "Nummer;Team;Gemeente;Aangemaakt;Afgehandeld\r\n"


def test_semicolon_cp1252_file_with_times(source, team):
    text = HEADER + "KCC-1;Burgerzaken;Woerden;20-11-2026 16:45;23-11-2026 09:10\r\n"
    text += "KCC-2;burgerzaken;GM0632;20-11-2026;\r\n"
    text += "KCC-3;Burgerzaken;woerden;20-11-2026 08:00;25-11-2026 08:00\r\n"
    result = handling_import(source=source, data=text.encode("cp1252"), filename="kcc.csv")
    assert result.created == 3
    first = HandlingItem.objects.get(source_id="KCC-1")
    assert first.team == team and first.on_time is True and first.lead_days == 1
    assert HandlingItem.objects.get(source_id="KCC-3").on_time is False
    assert HandlingItem.objects.get(source_id="KCC-2").closed_at is None
    assert_rollups_match_raw()


def test_utf8_bom_comma_file_and_reimport_updates(source):
    text = "\ufeffNummer,Team,Gemeente,Aangemaakt,Afgehandeld\n"
    text += "X-1,burgerzaken,woerden,2026-11-20,\n"
    handling_import(source=source, data=text.encode("utf-8"), filename="kcc.csv")
    text = text.replace("2026-11-20,", "2026-11-20,23-11-2026 10:00")
    result = handling_import(source=source, data=text.encode("utf-8"), filename="kcc.csv")
    assert (result.created, result.updated) == (0, 1)
    assert HandlingItem.objects.get().closed_at is not None
    assert_rollups_match_raw()


def test_bad_rows_are_reported_with_line_and_dutch_reason_and_nothing_is_saved(source):
    text = HEADER
    text += "OK-1;Burgerzaken;Woerden;20-11-2026 10:00;\r\n"  # line 2: fine
    text += ";Burgerzaken;Woerden;20-11-2026;\r\n"  # line 3: no id
    text += "B-4;Onbekend team;Woerden;20-11-2026;\r\n"  # line 4
    text += "B-5;Burgerzaken;Woerden;31-02-2026;\r\n"  # line 5: no such date
    text += "B-6;Burgerzaken;Woerden;20-11-2026 25:00;\r\n"  # line 6: no such time
    text += "B-7;Burgerzaken;Woerden;20-11-2026;19-11-2026\r\n"  # line 7: closed before
    text += "OK-1;Burgerzaken;Woerden;20-11-2026;\r\n"  # line 8: duplicate id
    with pytest.raises(ImportFailed) as failed:
        handling_import(source=source, data=text.encode(), filename="kcc.csv")
    messages = [str(e) for e in failed.value.errors]
    assert [e.line for e in failed.value.errors] == [3, 4, 5, 6, 7, 8]
    assert "Regel 3: het kenmerk is leeg." in messages
    assert "Regel 4: team 'Onbekend team' is onbekend." in messages
    assert any(m.startswith("Regel 5: '31-02-2026' is geen geldige datum") for m in messages)
    assert any(m.startswith("Regel 6:") and "tijd" in m for m in messages)
    assert "Regel 7: de afhandeling ligt vóór de ontvangst." in messages
    assert "Regel 8: kenmerk 'OK-1' staat ook op regel 2." in messages
    assert HandlingItem.objects.count() == 0
    assert DailyFlow.objects.count() == 0


def test_missing_column_is_named(source):
    with pytest.raises(ImportFailed) as failed:
        handling_import(source=source, data=b"Nummer;Team\nA;B\n", filename="x.csv")
    assert "De kolom Aangemaakt, Gemeente ontbreekt" in str(failed.value.errors[0])


def test_xlsx_with_real_dates(source):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nummer", "Team", "Gemeente", "Aangemaakt", "Afgehandeld"])
    import datetime

    # An Excel cell holds a moment without a time zone: the import reads it as Dutch time.
    moment = datetime.datetime(2026, 11, 20, 14, 5)  # noqa: DTZ001
    sheet.append(["XL-1", "Burgerzaken", "Woerden", moment, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = handling_import(source=source, data=buffer.getvalue(), filename="kcc.xlsx")
    assert result.created == 1
    stored = HandlingItem.objects.get().received_at
    assert stored == datetime.datetime(2026, 11, 20, 13, 5, tzinfo=datetime.UTC)  # CET is UTC+1


def test_preview_shows_rows_without_saving(source):
    text = HEADER + "P-1;Burgerzaken;Woerden;20-11-2026;\r\n"
    parsed = import_parse(source=source, data=text.encode(), filename="kcc.csv")
    assert parsed.preview[0]["Nummer"] == "P-1"
    assert parsed.errors == [] and len(parsed.items) == 1
    assert HandlingItem.objects.count() == 0


def test_command(source, tmp_path, capsys):
    path = tmp_path / "kcc.csv"
    path.write_bytes((HEADER + "C-1;Burgerzaken;Woerden;20-11-2026;\r\n").encode())
    call_command("import_handling", str(path), "--source", "kcc")
    assert "1 nieuw" in capsys.readouterr().out
    path.write_bytes((HEADER + "C-2;Niemand;Woerden;20-11-2026;\r\n").encode())
    with pytest.raises(CommandError, match="niets opgeslagen"):
        call_command("import_handling", str(path), "--source", "kcc")
    assert "Regel 2: team 'Niemand' is onbekend." in capsys.readouterr().err
    with pytest.raises(CommandError, match="Onbekende bron"):
        call_command("import_handling", str(path), "--source", "bestaat-niet")


def _web_upload(client, source, text: str, action: str = "importeren"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    beheerder = UserFactory(username="beheerder-import", role="administrator")
    logged_in(client, beheerder)
    upload = SimpleUploadedFile("kcc.csv", text.encode())
    return client.post(
        "/openstaand-werk/importeren/", {"source": source.pk, "file": upload, "actie": action}
    )


def test_web_import_runs_as_a_job_and_shows_the_counts(source, client):
    response = _web_upload(client, source, HEADER + "W-1;Burgerzaken;Woerden;20-11-2026;\r\n")
    assert response.status_code == 302 and response["Location"].startswith("/taken/")
    page = client.get(response["Location"]).content.decode()
    assert "Klaar." in page and 'class="dv-job__created">1<' in page
    assert HandlingItem.objects.get().source_id == "W-1"
    assert list(upload_dir().glob(f"{Job.objects.get().pk}*")) == []  # file deleted


def test_web_check_shows_the_first_rows_saves_nothing_then_saves_the_same_file(source, client):
    response = _web_upload(
        client, source, HEADER + "W-1;Burgerzaken;Woerden;20-11-2026;\r\n", action="controleren"
    )
    check = client.get(response["Location"]).content.decode()
    assert "W-1" in check and "De regel is goed. Er is nog niets opgeslagen." in check
    assert HandlingItem.objects.count() == 0
    checked = Job.objects.get()
    assert (upload_dir() / checked.upload).exists()  # kept for the import itself
    saved = client.post(f"/openstaand-werk/importeren/{checked.pk}/", {"actie": "opslaan"})
    assert saved.status_code == 302
    assert "Klaar." in client.get(saved["Location"]).content.decode()
    assert HandlingItem.objects.get().source_id == "W-1"
    assert list(upload_dir().glob(f"{checked.pk}*")) == []
    # Saved once: a second click opens that import's page and says so.
    again = client.post(f"/openstaand-werk/importeren/{checked.pk}/", {"actie": "opslaan"})
    assert again["Location"] == saved["Location"]
    page = client.get(again["Location"]).content.decode()
    assert "Dit was al verstuurd en is één keer verwerkt." in page
    assert HandlingItem.objects.count() == 1 and Job.objects.count() == 2


def test_a_running_import_cannot_be_saved_again_or_cancelled(source, client, settings):
    settings.TASKS = DATABASE_TASKS  # no worker: the import keeps waiting with its file
    response = _web_upload(client, source, HEADER + "W-1;Burgerzaken;Woerden;20-11-2026;\r\n")
    waiting = Job.objects.get(pk=response["Location"].split("/")[2])
    for action in ("opslaan", "annuleren"):
        refused = client.post(f"/openstaand-werk/importeren/{waiting.pk}/", {"actie": action})
        assert refused["Location"] == waiting.get_absolute_url()
    assert (upload_dir() / waiting.upload).exists() and Job.objects.count() == 1


def test_web_check_can_be_cancelled_and_the_file_is_deleted(source, client):
    response = _web_upload(
        client, source, HEADER + "W-1;Burgerzaken;Woerden;20-11-2026;\r\n", action="controleren"
    )
    checked = Job.objects.get(pk=response["Location"].split("/")[2])
    path = upload_dir() / checked.upload
    client.post(f"/openstaand-werk/importeren/{checked.pk}/", {"actie": "annuleren"})
    assert not path.exists() and HandlingItem.objects.count() == 0


def test_web_import_with_bad_rows_lists_them_by_line_and_saves_nothing(source, client):
    text = (
        HEADER + "OK-1;Burgerzaken;Woerden;20-11-2026;\r\n" + "B-3;Niemand;Woerden;20-11-2026;\r\n"
    )
    response = _web_upload(client, source, text)
    page = client.get(response["Location"]).content.decode()
    assert "Niet gelukt." in page and "Regel 3: team &#x27;Niemand&#x27; is onbekend." in page
    assert "Er is niets opgeslagen." in page
    assert HandlingItem.objects.count() == 0


def test_import_reports_its_progress_per_stage(source, settings):
    settings.DV_HANDLING_SET_IMPORT_ROWS = 10**9  # row by row: the save counts per chunk
    lines = [HEADER] + [
        f"P-{n};Burgerzaken;Woerden;{1 + n % 28:02d}-10-2026 09:00;\r\n" for n in range(12_000)
    ]
    calls = []
    handling_import(
        source=source,
        data="".join(lines).encode(),
        filename="groot.csv",
        progress=lambda stage, done, total: calls.append((stage, done, total)),
    )
    assert calls[0] == (Stage.READ, 0, None)
    checks = [done for stage, done, total in calls if stage == Stage.CHECK]
    saves = [done for stage, done, total in calls if stage == Stage.SAVE]
    assert checks == sorted(checks) and checks[0] == 0 and checks[-1] == 12_000
    assert saves == [0, 5000, 10_000, 12_000]
    assert {total for stage, done, total in calls if stage != Stage.READ} == {12_000}


@pytest.mark.tasks
def test_web_import_runs_in_a_real_worker(task_worker, source, client):
    lines = [HEADER] + [
        f"R-{n};Burgerzaken;Woerden;{1 + n % 28:02d}-10-2026 09:00;{1 + n % 28:02d}-10-2026 17:00"
        "\r\n"
        for n in range(3000)
    ]
    response = _web_upload(client, source, "".join(lines))
    job = Job.objects.get(pk=response["Location"].split("/")[2])
    job = wait_for(lambda: Job.objects.filter(pk=job.pk, finished_at__isnull=False).first())
    assert job.status == JobStatus.SUCCEEDED, job.errors
    assert job.outcome == {"created": 3000, "updated": 0, "skipped": 0}
    assert 'class="dv-job__created">3.000<' in client.get(job.get_absolute_url()).content.decode()
    assert HandlingItem.objects.count() == 3000
    assert_rollups_match_raw()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_command_draws_a_bar_on_a_terminal_and_stays_quiet_without(source, tmp_path):
    path = tmp_path / "kcc.csv"
    path.write_bytes((HEADER + "T-1;Burgerzaken;Woerden;20-11-2026;\r\n").encode())
    out, err = io.StringIO(), io.StringIO()
    call_command("import_handling", str(path), "--source", "kcc", stdout=out, stderr=err)
    assert out.getvalue() == "Klaar: 1 nieuw, 0 bijgewerkt.\n"
    assert err.getvalue() == ""  # a scheduler gets the summary only
    terminal = _Terminal()
    call_command(
        "import_handling", str(path), "--source", "kcc", stdout=io.StringIO(), stderr=terminal
    )
    drawn = terminal.getvalue()
    assert "Regels controleren" in drawn and "Regels opslaan" in drawn and "1/1" in drawn


def test_web_import_is_for_the_beheerder_only(source, client, employee):
    assert logged_in(client, employee).get("/openstaand-werk/importeren/").status_code == 403


def test_large_file_goes_through_the_bulk_path_with_exact_rollups(source):
    lines = [HEADER]
    for n in range(6001):
        day = 1 + n % 28
        closed = f"{day:02d}-10-2026 17:00" if n % 3 else ""
        lines.append(f"L-{n};Burgerzaken;Woerden;{day:02d}-10-2026 09:00;{closed}\r\n")
    result = handling_import(source=source, data="".join(lines).encode(), filename="groot.csv")
    assert result.created == 6001
    assert HandlingItem.objects.count() == 6001
    assert HandlingItem.objects.filter(uuid__isnull=False).values("uuid").distinct().count() == 6001
    assert_rollups_match_raw()
    again = handling_import(source=source, data="".join(lines).encode(), filename="groot.csv")
    assert (again.created, again.updated) == (0, 6001)
    assert_rollups_match_raw()


@pytest.mark.parametrize(
    ("received", "closed", "message"),
    [
        ("01-01-0001", "", "Regel 2: de ontvangstdatum 01-01-0001 ligt vóór 01-01-2000."),
        (
            "31-12-1999 23:59",
            "",
            "Regel 2: de ontvangstdatum 31-12-1999 23:59 ligt vóór 01-01-2000.",
        ),
        ("20-11-2026", "01-01-0001", "Regel 2: de afhandeldatum 01-01-0001 ligt vóór 01-01-2000."),
        (
            "31-12-9999 23:59",
            "",
            "Regel 2: de ontvangstdatum 31-12-9999 23:59 ligt in de toekomst.",
        ),
    ],
)
def test_a_date_far_in_the_past_or_future_is_refused_by_line_before_any_due_date(
    source, received, closed, message
):
    text = HEADER + f"D-1;Burgerzaken;Woerden;{received};{closed}\r\n"
    with pytest.raises(ImportFailed) as failure:
        handling_import(source=source, data=text.encode(), filename="kcc.csv")
    assert [str(error) for error in failure.value.errors] == [message]
    assert HandlingItem.objects.count() == 0


def test_the_same_upload_sent_twice_is_one_import(source, client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.TASKS = DATABASE_TASKS  # no worker: the first import is still waiting
    beheerder = UserFactory(username="beheerder-dubbel", role="administrator")
    logged_in(client, beheerder)
    key = client.get("/openstaand-werk/importeren/").context["form"]["sleutel"].value()
    text = HEADER + "W-1;Burgerzaken;Woerden;20-11-2026;\r\n"

    def send(content=text, action="importeren"):
        upload = SimpleUploadedFile("kcc.csv", content.encode())
        return client.post(
            "/openstaand-werk/importeren/",
            {"sleutel": key, "source": source.pk, "file": upload, "actie": action},
        )

    first, second = send(), send()
    assert first["Location"] == second["Location"] and Job.objects.count() == 1
    page = client.get(second["Location"]).content.decode()
    assert "Dit was al verstuurd en wordt nu verwerkt." in page
    # The same page with a corrected file (the browser's Back), or only checking: new work.
    send(content=text.replace("W-1", "W-2"))
    send(action="controleren")
    assert Job.objects.count() == 3


@pytest.mark.parametrize("how", SPELLINGS)
def test_a_team_and_service_are_found_however_spelled_as_in_every_import(source, how):
    team = TeamFactory(name="Burgerzaken KCC", slug="burgerzaken-kcc")
    service = ServiceFactory(name="Paspoort aanvragen", slug="paspoort", team=team)
    text = "Nummer;Team;Dienst;Gemeente;Aangemaakt\r\n"
    text += f"S-1;{respell(team.name, how)};{respell(service.name, how)};Woerden;20-11-2026\r\n"
    result = handling_import(source=source, data=text.encode(), filename="kcc.csv")
    assert result.created == 1
    item = HandlingItem.objects.get()
    assert (item.team, item.service) == (team, service)


@pytest.mark.parametrize("how", SPELLINGS)
def test_columns_and_outcomes_are_found_however_spelled_as_in_every_import(source, how):
    source.mapping = {**source.mapping, "received_at": "Datum ontvangen", "outcome": "Uitkomst"}
    source.save()
    headers = ["Nummer", "Team", "Gemeente", "Datum ontvangen", "Afgehandeld", "Uitkomst"]
    text = ";".join(respell(header, how) for header in headers) + "\r\n"
    outcome = respell("niet van toepassing", how)
    text += f"S-1;Burgerzaken;Woerden;20-11-2026 10:00;23-11-2026 10:00;{outcome}\r\n"
    assert handling_import(source=source, data=text.encode(), filename="kcc.csv").created == 1
    assert HandlingItem.objects.get().outcome == Outcome.NOT_APPLICABLE


def test_an_unknown_outcome_lists_the_words_that_are_accepted(source):
    text = "Nummer;Team;Gemeente;Aangemaakt;Afgehandeld;Uitkomst\r\n"
    rows = [
        f"U-{n};Burgerzaken;Woerden;20-11-2026;23-11-2026;{word}\r\n"
        for n, word in enumerate(OUTCOME_LABELS)
    ]
    bad = "U-9;Burgerzaken;Woerden;20-11-2026;23-11-2026;misschien\r\n"
    with pytest.raises(ImportFailed) as failed:
        handling_import(source=source, data=(text + "".join(rows) + bad).encode(), filename="a.csv")
    assert [str(e) for e in failed.value.errors] == [
        "Regel 6: uitkomst 'misschien' is onbekend "
        "(gebruik toegekend, afgewezen, niet van toepassing of onbekend)."
    ]
    result = handling_import(source=source, data=(text + "".join(rows)).encode(), filename="a.csv")
    assert result.created == len(OUTCOME_LABELS)
