"""Importing exports from source systems: Dutch files, all or nothing, errors per line."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from dienstverlening.framework.models import NormSubject
from dienstverlening.handling.importing import ImportFailed, handling_import, import_parse
from dienstverlening.handling.models import DailyFlow, HandlingItem
from tests.conftest import logged_in
from tests.core.factories import UserFactory
from tests.framework.factories import NormFactory
from tests.handling.factories import ImportSourceFactory
from tests.handling.rollups import assert_rollups_match_raw
from tests.organisation.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

HEADER = "Nummer;Team;Gemeente;Aangemaakt;Afgehandeld\r\n"


@pytest.fixture
def source(team):
    MunicipalityFactory()
    NormFactory(subject=NormSubject.CALLBACK)
    return ImportSourceFactory()


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

    sheet.append(["XL-1", "Burgerzaken", "Woerden", datetime.datetime(2026, 11, 20, 14, 5), None])
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


def test_web_import_preview_then_save(source, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    beheerder = UserFactory(username="beheerder-import", role="beheerder")
    logged_in(client, beheerder)
    upload = SimpleUploadedFile(
        "kcc.csv", (HEADER + "W-1;Burgerzaken;Woerden;20-11-2026;\r\n").encode()
    )
    response = client.post("/openstaand-werk/importeren/", {"source": source.pk, "file": upload})
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert "W-1" in preview.content.decode()
    assert HandlingItem.objects.count() == 0
    saved = client.post(response["Location"])
    assert saved.status_code == 302
    assert HandlingItem.objects.get().source_id == "W-1"


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
