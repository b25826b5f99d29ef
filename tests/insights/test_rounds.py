"""The survey round filter: the continuous survey, the biennial survey and the baseline apart."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from dienstverlening.insights.experience import experience_overview
from dienstverlening.insights.periods import Period
from dienstverlening.insights.rounds import SurveyRound
from dienstverlening.insights.scope import Scope
from dienstverlening.surveys.models import RunKind
from dienstverlening.surveys.services import run_create
from tests.conftest import logged_in
from tests.insights.conftest import TODAY_NOON

pytestmark = [pytest.mark.django_db, pytest.mark.moment(TODAY_NOON)]
D = datetime.date
THIS_YEAR = Period(D(2026, 1, 1), D(2026, 11, 30), "jaar")


@pytest.fixture
def biennial(run):
    return run_create(
        name="Tevredenheidsonderzoek 2026", kind=RunKind.BIENNIAL, starts_on=D(2026, 10, 1)
    )


def get(client, user, name="dashboard", **params):
    return logged_in(client, user).get(reverse(name), {"periode": "jaar", **params})


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_biennial_survey_is_not_pooled_with_the_continuous_survey(
    client, employee, answer, service, biennial
):
    answer(service, 10, agree=True, day=D(2026, 10, 5))
    answer(service, 12, agree=False, day=D(2026, 10, 5), on_run=biennial)

    default = get(client, employee).content.decode()
    assert "10 inwoners gaven een oordeel" in default
    assert "Standaard ziet u de doorlopende meting na contact" in default

    html = get(client, employee, meting="tweejaarlijks").content.decode()
    assert "12 inwoners gaven een oordeel" in html
    assert "0\u00a0% <span" in html  # nobody of the biennial survey agreed

    api = get(client, employee, "api-kpis", meting="tweejaarlijks").json()
    assert api["aantalInwoners"] == 12
    assert api["meting"] == {
        "code": "tweejaarlijks",
        "naam": "tweejaarlijks onderzoek",
    }
    assert api["kernwaarden"][0]["eensPercentage"] == 0.0


def test_baseline_shows_its_own_respondents_in_its_own_months(
    client, employee, answer, service, baseline_run
):
    answer(service, 12, agree=False, day=D(2024, 3, 10), on_run=baseline_run)
    answer(service, 10, agree=True)

    # Whatever period is picked, the baseline shows the months in which it ran.
    html = get(client, employee, meting="nulmeting").content.decode()
    assert "01-03-2024 t/m 31-03-2024" in html
    assert "12 inwoners gaven een oordeel" in html
    assert "Dit is de nulmeting zelf" in html

    api = get(client, employee, "api-kpis", meting="nulmeting").json()
    assert api["aantalInwoners"] == 12
    assert api["periode"]["van"] == "2024-03-01" and api["periode"]["tot"] == "2024-03-31"
    figure = api["kernwaarden"][0]
    assert figure["eensPercentage"] == 0.0
    assert figure["verschilNulmeting"] is None and figure["verschilVorigePeriode"] is None

    rows = csv_rows(get(client, employee, meting="nulmeting", download="stellingen", format="csv"))
    assert rows[1][2] == "0" and rows[1][5] == "24"  # share agreeing, answers of 12 residents

    team_rows = csv_rows(get(client, employee, meting="nulmeting", download="per-domain"))
    assert team_rows[1][1] == "12"


def test_a_small_baseline_stays_suppressed(client, employee, answer, service, baseline_run):
    answer(service, 9, day=D(2024, 3, 10), on_run=baseline_run)
    html = get(client, employee, meting="nulmeting").content.decode()
    assert "We tonen uitkomsten pas vanaf 10 inwoners" in html
    api = get(client, employee, "api-kpis", meting="nulmeting").json()
    assert api["aantalInwoners"] is None
    assert all(value["onderdrukt"] for value in api["kernwaarden"])


def test_comparisons_stay_within_the_round(answer, service, baseline_run, biennial):
    earlier_biennial = run_create(
        name="Tevredenheidsonderzoek 2024", kind=RunKind.BIENNIAL, starts_on=D(2024, 10, 1)
    )
    answer(service, 40, agree=False, day=D(2024, 3, 10), on_run=baseline_run)
    answer(service, 40, agree=True, day=D(2024, 10, 10), on_run=earlier_biennial)
    answer(service, 40, agree=False, day=D(2025, 6, 1))  # continuous, the previous period
    answer(service, 40, agree=True, day=D(2026, 6, 1))
    answer(service, 40, agree=True, day=D(2026, 10, 10), on_run=biennial)

    continuous = experience_overview(Scope(service=service), THIS_YEAR).values[0].figure
    assert continuous.n == 80  # only the continuous survey
    assert continuous.vs_previous.delta == pytest.approx(100.0)  # against 2025, all disagreeing
    assert continuous.vs_baseline.delta == pytest.approx(100.0)

    overview = experience_overview(
        Scope(service=service), THIS_YEAR, survey_round=SurveyRound.BIENNIAL
    )
    figure = overview.values[0].figure
    assert figure.n == 80
    # Against the previous biennial survey (2024: everyone agreed), not the continuous survey.
    assert figure.vs_previous.delta == pytest.approx(0.0) and not figure.vs_previous.real
    assert figure.vs_baseline.delta == pytest.approx(100.0)

    baseline = experience_overview(
        Scope(service=service),
        Period(D(2024, 3, 1), D(2024, 3, 31), "nulmeting"),
        survey_round=SurveyRound.BASELINE,
    )
    assert baseline.respondents == 40
    assert baseline.values[0].figure.vs_previous is None
    assert baseline.values[0].figure.vs_baseline is None


def test_biennial_page_names_what_it_compares_with(client, employee, answer, service, biennial):
    answer(service, 12, day=D(2026, 10, 10), on_run=biennial)
    html = get(client, employee, meting="tweejaarlijks").content.decode()
    assert "Vorig tweejaarlijks onderzoek" in html


def test_round_is_kept_in_drill_down_links_and_trends(client, employee, answer, service, biennial):
    answer(service, 12, day=D(2026, 10, 10), on_run=biennial)
    answer(service, 10, day=D(2026, 10, 10))
    html = get(client, employee, meting="tweejaarlijks", periode="2026-K4").content.decode()
    assert f"domein={service.team.domain.slug}&amp;periode=2026-K4&amp;meting=tweejaarlijks" in html
    default = get(client, employee, meting="tweejaarlijks").content.decode()
    assert f"domein={service.team.domain.slug}&amp;meting=tweejaarlijks" in default  # dit jaar
    trend = get(
        client, employee, "insights-trends", meting="tweejaarlijks", download="trend-rapportcijfer"
    )
    rows = csv_rows(trend)
    october = next(row for row in rows if row[0] == "okt 2026")
    assert "12" in october


def test_round_filter_keeps_the_query_count(
    client, employee, answer, service, baseline_run, biennial, django_assert_max_num_queries
):
    answer(service, 12, day=D(2024, 3, 10), on_run=baseline_run)
    answer(service, 12, day=D(2026, 10, 10), on_run=biennial)
    logged_in(client, employee)
    for meting in ("doorlopend", "tweejaarlijks", "nulmeting"):
        for params in ({}, {"team": service.team.slug}):
            with django_assert_max_num_queries(20):
                client.get(reverse("dashboard"), {"periode": "jaar", "meting": meting, **params})


def test_unknown_round_is_a_clear_dutch_error(client, employee, answer, service):
    answer(service, 10)
    api = get(client, employee, "api-kpis", meting="onzin")
    assert api.status_code == 400
    assert api["Content-Type"] == "application/problem+json"
    [param] = api.json()["invalidParams"]
    assert param["name"] == "meting"
    assert "geen beschikbare keuze" in param["reason"]

    page = get(client, employee, meting="onzin", dienst=service.slug).content.decode()
    assert "geen beschikbare keuze" in page
    assert f"Dashboard: {service.team.domain.name}" in page  # the other filters still apply


def test_open_answers_follow_the_round(client, coordinator, answer, service, biennial):
    answer(service, 10, good="Doorlopend: snel geholpen.")
    answer(service, 10, good="Onderzoek: prima gemeente.", on_run=biennial, day=D(2026, 10, 5))
    url = "insights-open-answers"
    default = get(client, coordinator, url).content.decode()
    assert "Doorlopend: snel geholpen." in default and "Onderzoek: prima" not in default
    html = get(client, coordinator, url, meting="tweejaarlijks").content.decode()
    assert "Onderzoek: prima gemeente." in html and "Doorlopend" not in html
