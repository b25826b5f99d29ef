import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from dienstverlening.core.exports import neutralise, table_response
from dienstverlening.core.tabular import read_table


def test_csv_download_reads_back_in_dutch_excel_style():
    response = table_response("csv", "Scores per team", ["Team", "Aandeel"], [["KCC", 84.5]])
    assert response["Content-Disposition"] == 'attachment; filename="scores-per-team.csv"'
    assert response.content.startswith("\ufeff".encode())
    table = read_table(response.content, "x.csv")
    assert table.rows[0].values == {"Team": "KCC", "Aandeel": "84,5"}


def test_xlsx_download_keeps_numbers_as_numbers():
    response = table_response("xlsx", "Scores", ["Team", "Aandeel"], [["KCC", 84.5]])
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[2]] == ["KCC", 84.5]


def csv_cells(response) -> list[str]:
    """The cells of the first data row, as a spreadsheet reads them."""
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))[1]


@pytest.mark.parametrize("text", ["=1+2", "+cmd", "-12", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_a_spreadsheet_would_run_is_kept_as_text(text):
    assert neutralise(text) == "'" + text
    assert csv_cells(table_response("csv", "x", ["Antwoord"], [[text]])) == ["'" + text]
    sheet = load_workbook(
        io.BytesIO(table_response("xlsx", "x", ["Antwoord"], [[text]]).content)
    ).active
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == text


@pytest.mark.parametrize("number", [-3, -2.5, Decimal("-7.5"), 0, 8])
def test_numbers_stay_numbers_also_negative_ones(number):
    assert neutralise(number) == number
    assert csv_cells(table_response("csv", "x", ["Getal"], [[number]]))[0][0] != "'"
    sheet = load_workbook(
        io.BytesIO(table_response("xlsx", "x", ["Getal"], [[number]]).content)
    ).active
    assert sheet["A2"].data_type == "n" and sheet["A2"].value == number


def test_ordinary_text_is_left_alone():
    assert neutralise("Prima geholpen - dank") == "Prima geholpen - dank"
    assert neutralise("") == ""
