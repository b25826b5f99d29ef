"""The roll-up the dashboard reads equals counting the raw answers, after forms and imports."""

from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

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
