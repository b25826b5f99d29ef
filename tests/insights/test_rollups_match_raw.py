"""The dashboard reads roll-ups; on the demo data they must give exactly the raw figures."""

import datetime
import statistics

import pytest
from django.db.models import Count, Q

from dienstverlening.demo.services import demo_load
from dienstverlening.handling.models import HandlingItem
from dienstverlening.insights import experience, work
from dienstverlening.insights.periods import Period
from dienstverlening.insights.rounds import SurveyRound, round_q
from dienstverlening.insights.scope import Scope
from dienstverlening.organisation.models import Team
from dienstverlening.surveys.models import Response, StatementAnswer

pytestmark = pytest.mark.django_db
EVERYTHING = Period(datetime.date(2000, 1, 1), datetime.date(2100, 1, 1), "eigen")


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        demo_load(seed=5, scale=0.05)
    yield
    with django_db_blocker.unblock():
        from django.core.management import call_command

        call_command("flush", "--noinput", verbosity=0)


@pytest.mark.parametrize("survey_round", list(SurveyRound))
def test_statement_shares_equal_raw_answers(demo_data, survey_round):
    overview = experience.experience_overview(Scope(), EVERYTHING, survey_round=survey_round)
    raw = (
        StatementAnswer.objects.filter(
            round_q(survey_round, prefix="response__run__"), value__gte=1
        )
        .values("statement_id")
        .annotate(n=Count("pk"), agree=Count("pk", filter=Q(value__gte=4)))
    )
    raw = {row["statement_id"]: row for row in raw}
    if survey_round == SurveyRound.EXTERNAL:  # the demo imports only the baseline
        assert not raw and overview.respondents == 0
        return
    assert raw, "the demo must contain survey answers"
    for value in overview.values:
        for statement, figure in value.statements:
            assert figure.n == raw[statement.pk]["n"]
            assert figure.agree == raw[statement.pk]["agree"]
    marks = list(
        Response.objects.filter(
            round_q(survey_round, prefix="run__"), mark__isnull=False
        ).values_list("mark", flat=True)
    )
    assert overview.mark.n == len(marks)
    assert overview.mark.mean == pytest.approx(statistics.mean(marks))


def test_handling_figures_equal_raw_register(demo_data):
    team = (
        Team.objects.annotate(n=Count("pk"))
        .filter(slug__in=HandlingItem.objects.values("team__slug"))
        .first()
    )
    rows = {row.kind: row for row in work.handling_overview(Scope(team=team), EVERYTHING)}
    items = HandlingItem.objects.filter(team=team)
    assert items.exists(), "the demo must contain handling items"
    for kind, row in rows.items():
        closed = items.filter(kind=kind, closed_at__isnull=False)
        assert row.closed == closed.count()
        assert row.on_time == closed.filter(on_time=True).count()
        assert row.open == items.filter(kind=kind, closed_at__isnull=True).count()
        lead = sorted(min(d, 60) for d in closed.values_list("lead_days", flat=True))
        if lead:
            assert row.median_days == lead[(len(lead) + 1) // 2 - 1]
