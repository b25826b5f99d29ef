"""The one import pipeline: columns, every bad row by line, preview, all rows or none."""

import pytest
from django.db import transaction

from dienstverlening.core.importing import (
    Checked,
    ImportFailed,
    RowError,
    columns_missing,
    line_message,
    problems_sentence,
    row_cells,
    rows_check,
    rows_write,
    rows_write_nested,
)
from dienstverlening.core.tabular import read_csv

FILE = b"Naam;Getal\nAnna;1\nBert;twee\nCees;3\n"


def _check(values, row, problems):
    if not values["number"].isdigit():
        problems.append(f"'{values['number']}' is geen getal.")
        problems.append("nog iets.")
        return None
    return (values["name"], int(values["number"]), values["fixed"])


MAPPING = {"name": "Naam", "number": "Getal", "fixed": "=vast"}


def test_a_line_is_named_as_the_user_counts_it():
    assert line_message(4, "het kenmerk is leeg.") == "Regel 4: het kenmerk is leeg."
    assert str(RowError(4, "x")) == "Regel 4: x"
    assert problems_sentence(["dienst 'x' is onbekend.", "datum ontbreekt"]) == (
        "dienst 'x' is onbekend; datum ontbreekt."
    )


def test_cells_come_from_the_mapped_column_or_a_fixed_value():
    assert row_cells({"Naam": " Anna "}, {"name": "Naam", "channel": "=telefoon", "x": ""}) == {
        "name": "Anna",
        "channel": "telefoon",
        "x": "",
    }


def test_required_fields_without_a_column_in_the_file_are_missing():
    missing = columns_missing(
        mapping={"name": "Naam", "number": "Nummer", "fixed": "=1"},
        headers=["Naam"],
        required=["name", "number", "fixed", "date"],
    )
    assert missing == ["number", "date"]


def test_every_bad_row_is_reported_on_one_line_or_one_line_per_problem():
    table = read_csv(FILE)
    joined = rows_check(table=table, mapping=MAPPING, check=_check)
    assert [str(e) for e in joined.errors] == ["Regel 3: 'twee' is geen getal; nog iets."]
    assert joined.items == [("Anna", 1, "vast"), ("Cees", 3, "vast")]
    apart = rows_check(table=table, mapping=MAPPING, check=_check, one_line_per_row=False)
    assert [str(e) for e in apart.errors] == [
        "Regel 3: 'twee' is geen getal.",
        "Regel 3: nog iets.",
    ]


def test_the_preview_keeps_the_first_rows_under_the_files_own_column_names():
    checked = rows_check(table=read_csv(FILE), mapping=MAPPING, check=_check, preview_rows=2)
    assert checked.preview == [
        {"Naam": "Anna", "Getal": "1"},
        {"Naam": "Bert", "Getal": "twee"},
    ]
    assert checked.total_rows == 3


@pytest.mark.django_db
def test_nothing_is_written_unless_every_row_is_good():
    written = []
    checked = rows_check(table=read_csv(FILE), mapping=MAPPING, check=_check)
    with pytest.raises(ImportFailed) as failed:
        rows_write(checked=checked, write=written.extend)
    assert [str(e) for e in failed.value.errors] == ["Regel 3: 'twee' is geen getal; nog iets."]
    assert failed.value.checked is checked and written == []
    with pytest.raises(ImportFailed, match="geen regels"):
        rows_write(checked=Checked(), write=written.extend)
    good = Checked(items=[1, 2])
    assert rows_write(checked=good, write=lambda items: len(items)) == 2


@pytest.mark.django_db
def test_an_import_is_a_transaction_of_its_own_unless_the_caller_holds_one():
    from dienstverlening.organisation.models import Municipality

    def write(items):
        for number in items:
            Municipality.objects.create(
                name=f"Gemeente {number}", slug=f"g{number}", cbs_code=f"GM990{number}"
            )
        raise RuntimeError("schijf vol")

    good = Checked(items=[1, 2])
    with transaction.atomic():
        # A top-level import never runs inside another transaction by accident.
        with pytest.raises(RuntimeError, match="durable"):
            rows_write(checked=good, write=len)
        # The nested twin does, and is still all or nothing on its own.
        assert rows_write_nested(checked=good, write=len) == 2
        with pytest.raises(RuntimeError, match="schijf vol"):
            rows_write_nested(checked=good, write=write)
        assert not Municipality.objects.filter(slug__in=["g1", "g2"]).exists()
        with pytest.raises(ImportFailed):
            rows_write_nested(checked=Checked(), write=write)
