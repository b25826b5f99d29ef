import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from dienstverlening.core.exports import csv_bytes, download, neutralise
from dienstverlening.core.tabular import read_table


def test_csv_download_reads_back_in_dutch_excel_style():
    response = download("Scores per team", ["Team", "Aandeel"], [["KCC", 84.5]], fmt="csv")
    assert response["Content-Disposition"] == 'attachment; filename="scores-per-team.csv"'
    assert response.content.startswith("\ufeff".encode())
    table = read_table(response.content, "x.csv")
    assert table.rows[0].values == {"Team": "KCC", "Aandeel": "84,5"}


def test_xlsx_download_keeps_numbers_as_numbers():
    response = download("Scores", ["Team", "Aandeel"], [["KCC", 84.5]], fmt="xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[2]] == ["KCC", 84.5]


def csv_cells(response) -> list[str]:
    """The cells of the first data row, as a spreadsheet reads them."""
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))[1]


@pytest.mark.parametrize("text", ["=1+2", "+cmd", "-12", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_a_spreadsheet_would_run_is_kept_as_text(text):
    assert neutralise(text) == "'" + text
    assert csv_cells(download("x", ["Antwoord"], [[text]], fmt="csv")) == ["'" + text]
    sheet = load_workbook(
        io.BytesIO(download("x", ["Antwoord"], [[text]], fmt="xlsx").content)
    ).active
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == text


@pytest.mark.parametrize("number", [-3, -2.5, Decimal("-7.5"), 0, 8])
def test_numbers_stay_numbers_also_negative_ones(number):
    assert neutralise(number) == number
    assert csv_cells(download("x", ["Getal"], [[number]], fmt="csv"))[0][0] != "'"
    sheet = load_workbook(
        io.BytesIO(download("x", ["Getal"], [[number]], fmt="xlsx").content)
    ).active
    assert sheet["A2"].data_type == "n" and sheet["A2"].value == number


def test_ordinary_text_is_left_alone():
    assert neutralise("Prima geholpen - dank") == "Prima geholpen - dank"
    assert neutralise("") == ""


def test_column_titles_that_a_spreadsheet_would_run_are_kept_as_text():
    # A statement's text can be a column title of the responses export.
    response = download("x", ["=HYPERLINK(1)", "Team"], [["a", "b"]], fmt="csv")
    text = response.content.decode("utf-8-sig")
    header, _row = csv.reader(io.StringIO(text), delimiter=";")
    assert header == ["'=HYPERLINK(1)", "Team"]


def test_an_unknown_format_downloads_csv():
    response = download("Scores", ["Team"], [["KCC"]], fmt="pdf")
    assert response["Content-Disposition"] == 'attachment; filename="scores.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_xlsx_notes_go_on_a_second_sheet():
    response = download("Scores", ["Team"], [["KCC"]], fmt="xlsx", notes=["Klein: weggelaten"])
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[1] == "Toelichting"
    assert workbook.worksheets[1]["A1"].value == "Klein: weggelaten"


def test_a_csv_file_written_here_reads_back_as_it_was_written():
    rows = [["Paspoort", "01-02-2025", "7,5"], ["Rijbewijs", None, 8]]
    data = csv_bytes(["Dienst", "Datum", "Cijfer"], rows)
    table = read_table(data, "x.csv")
    assert [row.values for row in table.rows] == [
        {"Dienst": "Paspoort", "Datum": "01-02-2025", "Cijfer": "7,5"},
        {"Dienst": "Rijbewijs", "Datum": "", "Cijfer": "8"},
    ]
