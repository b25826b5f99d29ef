import csv
import datetime
import io

import pytest
from django.urls import reverse

from dienstverlening.insights.experience import experience_overview
from dienstverlening.insights.periods import Period
from dienstverlening.insights.scope import Scope
from tests.conftest import logged_in
from tests.insights.conftest import TODAY
from tests.organisation.factories import ServiceFactory

pytestmark = pytest.mark.django_db

THIS_YEAR = Period(datetime.date(2026, 1, 1), TODAY, "jaar")


def dashboard(client, user, **params):
    return logged_in(client, user).get(reverse("dashboard"), {"periode": "jaar", **params})


def test_group_of_nine_is_hidden_in_page_export_and_api(client, employee, answer, service):
    answer(service, 9)
    html = dashboard(client, employee, dienst=service.slug).content.decode()
    assert "We tonen uitkomsten pas vanaf 10 inwoners" in html
    assert "100\u00a0%" not in html

    export = client.get(
        reverse("dashboard"),
        {"periode": "jaar", "dienst": service.slug, "download": "stellingen", "format": "csv"},
    )
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert all(row[2] == "" and row[5] == "" for row in rows[1:])

    api = client.get(reverse("api-kpis"), {"periode": "jaar", "dienst": service.slug}).json()
    assert api["aantalInwoners"] is None
    assert all(value["onderdrukt"] for value in api["kernwaarden"])
    assert api["rapportcijfer"]["onderdrukt"] is True
    assert (
        api["rapportcijfer"]["aantal"] is None and api["rapportcijfer"]["reden"] == "kleine-groep"
    )


@pytest.mark.every_moment
def test_group_of_ten_is_shown_with_its_base(client, employee, answer, service, now):
    answer(service, 10, day=now.date())  # answered today: part of "dit jaar" on any day
    html = dashboard(client, employee, dienst=service.slug).content.decode()
    assert "10 inwoners gaven een oordeel" in html
    assert "100\u00a0%" in html
    api = client.get(reverse("api-kpis"), {"periode": "jaar", "dienst": service.slug}).json()
    assert api["kernwaarden"][0]["eensPercentage"] == 100.0
    assert api["kernwaarden"][0]["aantal"] == 20  # two statements × ten residents


def test_real_change_against_previous_period_and_baseline(answer, service, baseline_run):
    answer(service, 40, agree=False, day=datetime.date(2025, 6, 1))
    answer(service, 40, agree=False, day=datetime.date(2024, 3, 2), on_run=baseline_run)
    answer(service, 36, agree=True)
    answer(service, 4, agree=False)
    overview = experience_overview(Scope(service=service), THIS_YEAR)
    figure = overview.values[0].figure
    assert figure.share == pytest.approx(90.0)
    assert figure.vs_previous.real and figure.vs_previous.direction == "up"
    assert figure.vs_baseline.real
    assert overview.has_baseline


def test_small_difference_is_within_the_margin(answer, service):
    answer(service, 8, agree=True, day=datetime.date(2025, 6, 1))
    answer(service, 4, agree=False, day=datetime.date(2025, 6, 1))
    answer(service, 9, agree=True)
    answer(service, 3, agree=False)
    figure = experience_overview(Scope(service=service), THIS_YEAR).values[0].figure
    assert not figure.vs_previous.real
    assert figure.vs_previous.direction == "same"


def test_outcome_correction_lifts_a_refusal_heavy_service(answer, team):
    refusals = ServiceFactory(team=team, name="Bezwaar")
    others = ServiceFactory(name="Paspoort")
    # Organisation mix: mostly granted. Per outcome the refusal-heavy service equals the rest.
    answer(others, 80, agree=True, outcome="granted")
    answer(others, 20, agree=False, outcome="refused")
    answer(refusals, 10, agree=True, outcome="granted")
    answer(refusals, 40, agree=False, outcome="refused")
    figure = experience_overview(Scope(service=refusals), THIS_YEAR).values[0].figure
    assert figure.share == pytest.approx(20.0)
    # Standardised to the organisation's mix (90 granted : 60 refused) → 100 × 90/150 = 60 %.
    assert figure.corrected == pytest.approx(60.0)


def test_drill_down_links_and_breakdown(client, employee, answer, service):
    answer(service, 12)
    html = dashboard(client, employee).content.decode()
    assert "Per domein" in html and "Per gemeente" in html
    assert f"domein={service.team.domain.slug}" in html
    team_page = dashboard(client, employee, team=service.team.slug).content.decode()
    assert "Per dienst" in team_page and service.name in team_page


def test_a_small_group_shows_less_than_the_minimum_not_its_count(client, employee, answer, service):
    small = ServiceFactory(team=service.team, name="Kleine dienst")
    answer(service, 12)
    answer(small, 3)
    page = dashboard(client, employee, team=service.team.slug)
    per_service = {row[0]: row for row in page.context["breakdowns"][0].rows}
    assert per_service["Kleine dienst"][1] == "minder dan 10"
    # The team shows 15 residents: showing 12 here would give the small service's 3 away.
    assert per_service[service.name][1] == "niet getoond"
    assert per_service[service.name][2] == "niet getoond: zou een kleine groep verraden"
    export = client.get(
        reverse("dashboard"),
        {"periode": "jaar", "team": service.team.slug, "download": "per-service", "format": "csv"},
    )
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert {row[0]: row[1] for row in rows[1:]} == {
        "Kleine dienst": "minder dan 10",
        service.name: "niet getoond",
    }
    assert "12" not in export.content.decode("utf-8-sig")

    alone = dashboard(client, employee, dienst=small.slug).content.decode()
    assert "minder dan 10 inwoners gaven een oordeel" in alone
    assert "3 inwoners" not in alone


def test_dashboard_query_count_does_not_grow_with_data(
    client, employee, answer, service, django_assert_max_num_queries
):
    answer(service, 30)
    for _ in range(5):
        answer(ServiceFactory(team=service.team), 11)
    logged_in(client, employee)
    with django_assert_max_num_queries(20):
        client.get(reverse("dashboard"), {"periode": "jaar"})
    with django_assert_max_num_queries(20):
        client.get(reverse("dashboard"), {"periode": "jaar", "team": service.team.slug})


def test_dashboard_needs_login(client):
    assert client.get(reverse("dashboard")).status_code == 302
    assert client.get(reverse("api-kpis")).status_code == 401


def test_empty_dashboard_explains(client, employee, statements):
    html = dashboard(client, employee).content.decode()
    assert "0 inwoners gaven een oordeel" in html
    assert "nog geen terugbelverzoeken" in html


def test_charts_need_no_relaxed_content_security_policy(client, employee, statements):
    csp = dashboard(client, employee).headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-eval" not in csp and "unsafe-inline" not in csp


def test_api_gives_a_mark_without_margin_when_one_resident_may_be_shown(
    client, employee, answer, service, settings
):
    settings.DV_MIN_GROUP_SIZE = 1  # an organisation that shows every figure
    answer(service, 1, mark=7)
    logged_in(client, employee)
    api = client.get(reverse("api-kpis"), {"periode": "jaar", "dienst": service.slug}).json()
    mark = api["rapportcijfer"]
    assert (mark["aantal"], mark["gemiddelde"], mark["zevenOfHoger"]) == (1, 7.0, 100.0)
    assert mark["ondergrens"] is None and mark["bovengrens"] is None  # no margin from one mark
