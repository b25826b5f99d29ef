import io

from openpyxl import load_workbook

from dienstverlening.core.exports import table_response
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
