import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from dienstverlening.core.tabular import (
    AMSTERDAM,
    CellError,
    parse_date,
    parse_datetime,
    parse_decimal,
    read_table,
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
    sheet.append(["Paspoort", 8.0, datetime.datetime(2026, 11, 29)])
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
