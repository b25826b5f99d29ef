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


# --- a long table: the rows written straight into the sheet ------------------------------------

TRICKY = [
    ["=1+2", "+cmd", "-12", "@SUM(A1)", "\tx", "\rx", "#N/A", "#DIV/0!"],
    ["a & b < c > d", " voor en na ", "regel\nregel", "tab\tin", "nul\x00 en \x1f weg", "é ü ß €"],
    [-3, -2.5, Decimal("-7.5"), 0, 8, 7.5, True, False, 10**12],
    ["", None, "alleen de derde", "", None],
]


def test_a_long_table_is_written_as_the_ordinary_writer_writes_it():
    from django.utils.translation import gettext_lazy

    from dienstverlening.core.exports import xlsx_write, xlsx_write_large

    rows = [*TRICKY, [gettext_lazy("weet niet"), "x"]]
    ordinary, large = io.BytesIO(), io.BytesIO()
    clean = [[v.replace("\x00", "").replace("\x1f", "") if isinstance(v, str) else v for v in r]
             for r in rows]  # fmt: skip
    xlsx_write(ordinary, "x", ["=kop", "b"], clean, notes=["Toelichting", "", "regel"])
    xlsx_write_large(large, "x", ["=kop", "b"], rows, notes=["Toelichting", "", "regel"])
    books = [load_workbook(io.BytesIO(f.getvalue())) for f in (ordinary, large)]
    cells = [
        [[(c.value, c.data_type, c.font.b) for c in row] for row in book.active.iter_rows()]
        for book in books
    ]
    assert cells[0] == cells[1]
    assert cells[1][1][0] == ("=1+2", "s", False) and cells[1][1][6] == ("#N/A", "s", False)
    assert cells[1][0][0] == ("=kop", "s", True)
    assert cells[1][2][4] == ("nul en  weg", "s", False)
    assert [book.active.freeze_panes for book in books] == ["A2", "A2"]
    notes = [[row[0] for row in book.worksheets[1].iter_rows(values_only=True)] for book in books]
    assert notes[0] == notes[1] == ["Toelichting", None, "regel"]


def test_a_long_table_refuses_a_value_it_cannot_write_as_text_or_number():
    import datetime

    from dienstverlening.core.exports import xlsx_write_large

    with pytest.raises(TypeError):
        xlsx_write_large(io.BytesIO(), "x", ["a"], [[datetime.date(2026, 1, 1)]])
