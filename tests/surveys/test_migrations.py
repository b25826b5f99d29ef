"""The migration to decimal marks keeps every roll-up figure of the whole marks before it."""

import datetime

import pytest

from tests.conftest import migrate_to
from tests.core.factories import historical_team_and_municipality

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("surveys", "0001_initial")]
AFTER = [("surveys", "0002_decimal_marks")]


def test_decimal_marks_migration_fills_the_sums_from_the_whole_mark_counts(migrator):
    old = migrate_to(BEFORE)
    team, municipality = historical_team_and_municipality(old)
    service = old.get_model("organisation", "Service").objects.create(
        name="Paspoort", slug="paspoort", team=team
    )
    channel = old.get_model("organisation", "Channel").objects.create(name="Balie", slug="balie")
    questionnaire = old.get_model("surveys", "Questionnaire").objects.create(
        version=1, intro="", mark_question="", open_good_question="", open_better_question=""
    )
    run = old.get_model("surveys", "SurveyRun").objects.create(
        name="Meting",
        kind="continuous",
        status="open",
        starts_on=datetime.date(2025, 1, 1),
        questionnaire=questionnaire,
    )
    old.get_model("surveys", "AnswerTally").objects.create(
        month=datetime.date(2025, 2, 1),
        run=run,
        service=service,
        channel=channel,
        municipality=municipality,
        outcome="granted",
        questionnaire=questionnaire,
        responses=4,
        mark_7=2,
        mark_8=1,
        mark_10=1,
    )

    new = migrate_to(AFTER)
    tally = new.get_model("surveys", "AnswerTally").objects.get()
    assert tally.mark_tenths == 70 + 70 + 80 + 100
    assert tally.mark_tenths_sq == 4900 + 4900 + 6400 + 10000
