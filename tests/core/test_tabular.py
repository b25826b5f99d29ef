import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook

from dienstverlening.core.localtime import AMSTERDAM
from dienstverlening.core.tabular import (
    EARLIEST_DATE,
    MB,
    CellError,
    Limits,
    TableTooLarge,
    date_too_early_message,
    parse_date,
    parse_datetime,
    parse_decimal,
    read_table,
    table_inspect,
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("delimiter", [";", ","])
def test_csv_from_dutch_office_software(encoding, delimiter):
    text = delimiter.join(["Dienst", "Cijfer", "Datum"]) + "\r\n"
    text += delimiter.join(["Paspoort", '"7,5"' if delimiter == "," else "7,5", "29-11-2026"])
    text += "\r\n" + delimiter.join(["Rijbewijs", "8", "01-12-2026"]) + "\r\n\r\n"
    table = read_table(text.encode(encoding), "export.csv")
    assert table.headers == ["Dienst", "Cijfer", "Datum"]
    assert [row.line for row in table.rows] == [2, 3]
    assert table.rows[0].values == {"Dienst": "Paspoort", "Cijfer": "7,5", "Datum": "29-11-2026"}


def test_windows_1252_accents_survive():
    table = read_table("Dienst;Oordeel\nAanvraag;Tevreden ëé\n".encode("cp1252"), "a.csv")
    assert table.rows[0].values["Oordeel"] == "Tevreden ëé"


def test_xlsx_dates_and_numbers():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Dienst", "Cijfer", "Datum"])
    sheet.append(["Paspoort", 8.0, datetime.datetime(2026, 11, 29)])  # noqa: DTZ001 (Excel: no zone)
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "export.xlsx")
    assert table.rows[0].values == {"Dienst": "Paspoort", "Cijfer": "8", "Datum": "29-11-2026"}


def test_dutch_values():
    assert parse_date("29-11-2026") == datetime.date(2026, 11, 29)
    assert parse_date("2026-11-29") == datetime.date(2026, 11, 29)
    assert parse_decimal("1.234,5") == Decimal("1234.5")
    assert parse_decimal("7.5") == Decimal("7.5")
    moment = parse_datetime("29-03-2026 14:05")
    assert moment == datetime.datetime(2026, 3, 29, 14, 5, tzinfo=AMSTERDAM)
    assert moment.utcoffset() == datetime.timedelta(hours=2)  # summer time started that night


@pytest.mark.parametrize("text", ["31-02-2026", "2026/13/01", "morgen"])
def test_bad_dates_are_explained_in_dutch(text):
    with pytest.raises(CellError, match="geen geldige datum"):
        parse_date(text)


def test_bad_number_is_explained_in_dutch():
    with pytest.raises(CellError, match="is geen getal"):
        parse_decimal("zeven")


# --- limits: what a file may be (DV_UPLOAD_MAX_*) ---------------------------------------------

LIMITS = Limits(file_bytes=10 * MB, columns=200, rows=500_000, expanded_bytes=20 * MB)


def _xlsx(rows, **sheet_xml_changes) -> bytes:
    """A workbook as Excel writes it; ``sheet_xml_changes`` rewrites its sheet's XML."""
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    if not sheet_xml_changes:
        return buffer.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                for old, new in sheet_xml_changes.items():
                    data = data.replace(old.encode(), new.encode())
            z.writestr(member, data)
    return out.getvalue()


def assert_refused(data: bytes, name: str, message: str) -> None:
    """Reading the file is refused with exactly ``message``, and inspecting it is refused too."""
    with pytest.raises(TableTooLarge) as refused:
        read_table(data, name, limits=LIMITS)
    assert str(refused.value) == message
    with pytest.raises(TableTooLarge):
        table_inspect(data, name, limits=LIMITS)


def test_a_csv_with_100000_columns_is_refused_by_its_first_line():
    data = (";".join(f"kolom {n}" for n in range(100_000)) + "\n" + "x;" * 99_999 + "x\n").encode()
    assert_refused(
        data,
        "breed.csv",
        "Het bestand heeft meer dan 200 kolommen. Dat zijn er te veel: verwijder de kolommen "
        "die niet nodig zijn en probeer het opnieuw.",
    )


def test_empty_columns_at_the_right_end_do_not_count():
    data = b"Dienst;Cijfer" + b";" * 500 + b"\nPaspoort;8" + b";" * 500 + b"\n"
    table = read_table(data, "a.csv", limits=LIMITS)
    assert table.headers == ["Dienst", "Cijfer"]
    assert table.rows[0].values == {"Dienst": "Paspoort", "Cijfer": "8"}


def test_reading_stops_at_the_first_row_over_the_limit():
    limits = Limits(file_bytes=10 * MB, columns=200, rows=1000, expanded_bytes=20 * MB)
    lines = (f"Paspoort;{n % 10 + 1}\n" for n in range(1001))
    data = ("Dienst;Cijfer\n" + "".join(lines)).encode()
    message = "Het bestand heeft meer dan 1.000 regels. Dat is te veel voor één import"
    with pytest.raises(TableTooLarge, match=message):
        read_table(data, "lang.csv", limits=limits)
    with pytest.raises(TableTooLarge, match=message):
        table_inspect(data, "lang.csv", limits=limits)
    exactly = data.rsplit(b"Paspoort", 1)[0]  # 1000 rows: allowed
    assert len(read_table(exactly, "lang.csv", limits=limits).rows) == 1000
    assert table_inspect(exactly, "lang.csv", limits=limits).rows == 1000


def test_a_file_over_the_size_limit_is_refused_with_its_size():
    limits = Limits(file_bytes=1 * MB, columns=200, rows=500_000, expanded_bytes=20 * MB)
    data = b"Dienst;Opmerking\n" + b"Paspoort;" + b"x" * 100 + b"\n" * 1 + b"a;b\n" * 400_000
    with pytest.raises(TableTooLarge) as refused:
        read_table(data, "groot.csv", limits=limits)
    assert str(refused.value) == (
        "Het bestand is 1,5 MB. Dat is te groot: de grens is 1 MB. Splits het in kleinere "
        "bestanden en importeer die één voor één."
    )


def test_an_xlsx_that_expands_beyond_the_limit_is_refused_before_it_is_opened(monkeypatch):
    import openpyxl

    # 60 MB of one repeated text squeezed into a small zip, as a zip bomb does.
    bomb = _xlsx([["Dienst"], ["Paspoort"]], **{"<sheetData>": "<sheetData>" + " " * 60 * MB})
    assert len(bomb) < 1 * MB

    def not_opened(*args, **kwargs):
        raise AssertionError("openpyxl opened the file")

    monkeypatch.setattr(openpyxl, "load_workbook", not_opened)
    assert_refused(
        bomb,
        "bom.xlsx",
        "Dit Excel-bestand wordt uitgepakt 60 MB. Dat is te groot: de grens is 20 MB. Sla het "
        "op als CSV, of splits het in kleinere bestanden.",
    )


def test_an_xlsx_that_declares_the_whole_sheet_is_read_as_it_is():
    """A sheet may declare A1:XFD1048576 (16,384 columns, a million rows) around two cells."""
    data = _xlsx(
        [["Dienst", "Cijfer"], ["Paspoort", 8]],
        **{'<dimension ref="A1:B2"/>': '<dimension ref="A1:XFD1048576"/>'},
    )
    table = read_table(data, "heel-blad.xlsx", limits=LIMITS)
    assert table.headers == ["Dienst", "Cijfer"]
    assert [row.values for row in table.rows] == [{"Dienst": "Paspoort", "Cijfer": "8"}]
    assert table_inspect(data, "heel-blad.xlsx", limits=LIMITS).rows == 1


def test_an_xlsx_with_too_many_columns_is_refused():
    data = _xlsx([[f"kolom {n}" for n in range(300)], ["x"] * 300])
    with pytest.raises(TableTooLarge, match="meer dan 200 kolommen"):
        read_table(data, "breed.xlsx", limits=LIMITS)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_inspect_counts_the_rows_reading_gives(kind):
    rows = [
        ["Dienst", "Cijfer", "Datum"],
        ["Paspoort", "8", "29-11-2026"],
        ["", "", ""],  # empty: skipped
        ["Rijbewijs", "", ""],
        ["", "", "01-12-2026"],
        ["", "", ""],
    ]
    if kind == "csv":
        data = "\r\n".join(";".join(row) for row in rows).encode()
    else:
        data = _xlsx([[cell or None for cell in row] for row in rows])
    table = read_table(data, f"export.{kind}", limits=LIMITS)
    assert [row.line for row in table.rows] == [2, 4, 5]
    info = table_inspect(data, f"export.{kind}", limits=LIMITS)
    assert info.headers == ["Dienst", "Cijfer", "Datum"] and info.rows == 3


def test_a_preview_reads_only_the_first_rows():
    data = ("Dienst\n" + "Paspoort\n" * 10).encode()
    table = read_table(data, "a.csv", first=3)
    assert [row.line for row in table.rows] == [2, 3, 4]


def test_a_date_before_2000_is_a_typing_error():
    assert datetime.date(2000, 1, 1) == EARLIEST_DATE
    assert date_too_early_message("01-01-0001") == "de datum 01-01-0001 ligt vóór 01-01-2000"
