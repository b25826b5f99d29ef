"""The dashboard reads roll-ups; on the demo data they must give exactly the raw figures."""

import datetime
import statistics
from zoneinfo import ZoneInfo

import numpy as np
import pytest
import time_machine
from django.db.models import Count, Q
from scipy import stats as scipy_stats

from dienstverlening.core.tabular import read_csv
from dienstverlening.handling.models import HandlingItem
from dienstverlening.insights import experience, work
from dienstverlening.insights.periods import Period
from dienstverlening.insights.rounds import SurveyRound, round_q
from dienstverlening.insights.scope import Scope
from dienstverlening.organisation.models import Team
from dienstverlening.surveys import imports
from dienstverlening.surveys.models import Response, RunKind, StatementAnswer, SurveyRun
from tests import snapshot
from tests.clock import MOMENTS

pytestmark = pytest.mark.django_db
EVERYTHING = Period(datetime.date(2000, 1, 1), datetime.date(2100, 1, 1), "eigen")


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo organisation at a small scale, dated at the suite's moment (not the wall clock)."""
    with snapshot.shared_demo(django_db_blocker, now=MOMENTS["wednesday"]):
        yield


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
    assert overview.mark.mean == pytest.approx(float(statistics.mean(marks)))


@time_machine.travel(
    datetime.datetime(2026, 12, 2, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False
)
def test_decimal_marks_count_exactly_in_mean_interval_and_seven_or_higher(demo_data):
    """A bureau's file with marks like 7,5 and 6,9, on top of the demo's whole marks."""
    # The dashboard shows the continuous survey unless another round is chosen.
    run = SurveyRun.objects.filter(kind=RunKind.CONTINUOUS, is_baseline=False).order_by("pk")[0]
    marks_in_file = ["6,9", "7,0", "7,5", "9,5", "5,5", "8,1", "6,9", "10", "3,3"]
    table = read_csv(
        "\n".join(
            ["Dienst;Kanaal;Gemeente;Datum;Rapportcijfer"]
            + [f"Paspoort aanvragen;Balie;Woerden;15-06-2026;{mark}" for mark in marks_in_file]
        ).encode()
    )
    mapping = imports.mapping_guess(headers=table.headers, run=run)
    assert imports.responses_import(run=run, table=table, mapping=mapping) == len(marks_in_file)

    mark = experience.experience_overview(Scope(), EVERYTHING).mark
    raw = Response.objects.filter(
        run__kind=RunKind.CONTINUOUS, run__is_baseline=False, mark__isnull=False
    )
    marks = np.array([float(m) for m in raw.values_list("mark", flat=True)])
    assert mark.n == len(marks)
    assert mark.mean == pytest.approx(marks.mean())
    # 6,9 is below 7; 7,0 counts as 7 or higher.
    assert mark.pass_share == pytest.approx(100 * (marks >= 7).sum() / len(marks))
    ref = scipy_stats.t.interval(
        0.95, len(marks) - 1, loc=marks.mean(), scale=scipy_stats.sem(marks)
    )
    assert (mark.low, mark.high) == pytest.approx(ref)


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
