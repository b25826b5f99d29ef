"""Whatever is typed into the address: a page with a Dutch message, or a Dutch 400 from the API."""

import pytest
from django.urls import reverse

from tests.conftest import logged_in

pytestmark = pytest.mark.django_db

PAGES = ["dashboard", "insights-trends", "insights-open-answers", "insights-compliments"]
EXTREME_PERIODS = [
    {"periode": "eigen", "van": "0001-01-01", "tot": "0001-12-31"},
    {"periode": "eigen", "van": "9999-01-01", "tot": "9999-12-31"},
    {"periode": "eigen", "van": "9999-12-01", "tot": "9999-12-31"},
    {"periode": "0001"},
    {"periode": "9999-K4"},
    {"periode": "9999-12"},
]


@pytest.fixture
def data(answer, service):
    answer(service, 10)


@pytest.mark.parametrize("params", EXTREME_PERIODS)
@pytest.mark.parametrize("name", PAGES)
def test_a_period_at_the_ends_of_the_calendar_gives_a_page_not_an_error(
    client, coordinator, data, name, params
):
    response = logged_in(client, coordinator).get(reverse(name), params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "bestaat niet" in html or "ligt buiten" in html or "nog niet begonnen" in html


@pytest.mark.parametrize("params", EXTREME_PERIODS)
def test_the_api_answers_a_period_at_the_ends_of_the_calendar_with_a_dutch_problem(
    client, employee, data, params
):
    response = logged_in(client, employee).get(reverse("api-kpis"), params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    [problem] = response.json()["invalidParams"]
    assert problem["name"] == "periode"


@pytest.mark.parametrize(
    ("name", "extra"),
    [
        ("dashboard", {}),
        ("dashboard", {"download": "stellingen", "format": "csv"}),
        ("dashboard", {"download": "per-channel", "format": "xlsx"}),
        ("insights-trends", {}),
        ("insights-trends", {"download": "trend-kernwaarden", "format": "csv"}),
        ("insights-trends", {"per": "kwartaal", "periode": "2026-03"}),
        ("insights-open-answers", {}),
        ("insights-open-answers", {"download": "open-antwoorden"}),
        ("insights-compliments", {"download": "complimenten", "format": "xlsx"}),
    ],
)
def test_an_unknown_round_never_breaks_a_page_or_download(client, coordinator, data, name, extra):
    response = logged_in(client, coordinator).get(reverse(name), {"meting": "abc", **extra})
    assert response.status_code == 200


def test_an_unknown_round_is_a_dutch_400_in_the_api(client, employee, data):
    response = logged_in(client, employee).get(reverse("api-kpis"), {"meting": "abc"})
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "meting"
