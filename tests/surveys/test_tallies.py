"""The roll-up the dashboard reads equals counting the raw answers, after forms and imports."""

import datetime
from collections import Counter
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.test import Client

from dienstverlening.core.tabular import read_csv
from dienstverlening.surveys import imports
from dienstverlening.surveys.models import (
    MARK_VALUES,
    STATEMENT_SLOTS,
    STATEMENT_VALUES,
    TALLY_COLUMNS,
    AnswerTally,
    QuestionnaireStatement,
    Response,
    StatementAnswer,
    mark_column,
    statement_column,
)
from dienstverlening.surveys.services import questionnaire_create_version
from tests.framework.factories import StatementFactory
from tests.surveys.conftest import answers_post, statement_names
from tests.surveys.test_imports import HEADER, line

pytestmark = pytest.mark.django_db

GROUP = ("service", "channel", "municipality", "outcome")


def rolled_up() -> dict[str, int]:
    return AnswerTally.objects.aggregate(**{c: Sum(c) for c in TALLY_COLUMNS})


def test_tallies_equal_raw_counts_after_submissions_and_an_import(client, link):
    for mark, value in [("8", "4"), ("8", "5"), ("3", "0"), ("10", "4")]:
        page = client.get(link.get_absolute_url())
        data = answers_post(page, mark=mark)
        for name in statement_names(page):
            data[name] = value
        assert client.post(link.get_absolute_url(), data).status_code == 302
        client.cookies.clear()  # the next resident, in another browser
    mixed = ("1", "2", "3", "4", "5", "weet niet", "", "eens")
    table = read_csv(
        "\n".join(
            [
                HEADER,
                line(),
                line(cijfer="8"),
                line(answers=("2",) * 8, cijfer=""),
                line(answers=mixed, cijfer="6", datum="28-02-2025"),
                line(answers=mixed, datum="01-03-2025", uitkomst="afgewezen"),
            ]
        ).encode()
    )
    mapping = imports.mapping_guess(headers=table.headers, run=link.run)
    # Twice: the second import adds to the rows the first one made.
    imports.responses_import(run=link.run, table=table, mapping=mapping)
    imports.responses_import(run=link.run, table=table, mapping=mapping)
    sums = rolled_up()

    slot_of = dict(
        QuestionnaireStatement.objects.filter(questionnaire=link.run.questionnaire).values_list(
            "statement_id", "order"
        )
    )
    raw_statements = Counter(
        {
            statement_column(slot_of[row["statement"]], row["value"]): row["n"]
            for row in StatementAnswer.objects.values("statement", "value").annotate(n=Count("pk"))
        }
    )
    assert {"s1_1", "s2_2", "s3_3", "s5_5", "s6_0", "s8_4", "s1_0", "s8_5"} <= set(raw_statements)
    for slot in STATEMENT_SLOTS:
        for value in STATEMENT_VALUES:
            column = statement_column(slot, value)
            assert sums[column] == raw_statements[column], column
    raw_marks = Counter(
        dict(Response.objects.exclude(mark=None).values_list("mark").annotate(n=Count("pk")))
    )
    for value in MARK_VALUES:
        assert sums[mark_column(value)] == raw_marks[value]
    assert sums["responses"] == Response.objects.count() == 4 + 2 * 5

    # Per month, service, channel, municipality and outcome as well.
    per_group = AnswerTally.objects.values("month", *GROUP).annotate(n=Sum("responses"))
    raw_group = (
        Response.objects.annotate(month=TruncMonth("answered_on"))
        .values("month", *GROUP)
        .annotate(n=Count("pk"))
    )
    assert sorted(tuple(r.values()) for r in per_group) == sorted(
        tuple(r.values()) for r in raw_group
    )
    # Keys are unique: one row per month and group, incremented in place.
    assert AnswerTally.objects.count() == len(raw_group) == 3  # Feb, Mar 2025; this month
    assert set(AnswerTally.objects.values_list("month__day", flat=True)) == {1}


def test_a_questionnaire_has_at_most_eight_statements(questionnaire, statements):
    StatementFactory(value=statements[0].value, text="Een negende stelling.", order=9)
    with pytest.raises(ValidationError, match="hoogstens 8 stellingen"):
        questionnaire_create_version()


@time_machine.travel(
    datetime.datetime(2026, 12, 2, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False
)
def test_tallies_hold_decimal_marks_exactly(link):
    """Whole marks from the form and decimal marks from a bureau's file, in one roll-up."""
    for mark in ("7", "10", "6"):
        resident = Client()
        page = resident.get(link.get_absolute_url())
        assert (
            resident.post(link.get_absolute_url(), answers_post(page, mark=mark)).status_code == 302
        )
    table = read_csv(
        "\n".join(
            [
                HEADER,
                line(cijfer="7,5"),
                line(cijfer="6,9"),
                line(cijfer="9.9"),
                line(cijfer="1,0"),
                line(cijfer="", datum="28-11-2026"),
            ]
        ).encode()
    )
    imports.responses_import(
        run=link.run,
        table=table,
        mapping=imports.mapping_guess(headers=table.headers, run=link.run),
    )
    sums = rolled_up()
    marks = list(Response.objects.exclude(mark=None).values_list("mark", flat=True))
    assert Decimal("7.5") in marks and len(marks) == 7
    tenths = [int(m * 10) for m in marks]
    assert sums["mark_tenths"] == sum(tenths)
    assert sums["mark_tenths_sq"] == sum(t * t for t in tenths)
    per_whole_mark = Counter(int(m) for m in marks)  # 6,9 counts under 6, 9,9 under 9
    for value in MARK_VALUES:
        assert sums[mark_column(value)] == per_whole_mark[value], value
    # Seven or higher, as the dashboard counts it, equals the raw marks of 7,0 and more.
    seven_up = sum(sums[mark_column(v)] for v in MARK_VALUES if v >= 7)
    assert seven_up == sum(1 for m in marks if m >= 7) == 4
