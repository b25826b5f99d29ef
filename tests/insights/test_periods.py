"""Periods come from a fixed grid: months, quarters, half-years, years; nothing that can slide."""

import datetime

import pytest
from django.urls import reverse

from dienstverlening.insights.periods import (
    PeriodError,
    legacy_period,
    period_from,
    picker_choices,
)
from tests.conftest import logged_in

D = datetime.date
TODAY = D(2026, 11, 29)


def test_last_quarter_is_the_previous_calendar_quarter():
    period = period_from("kwartaal", today=TODAY)
    assert (period.start, period.end, period.grain) == (D(2026, 7, 1), D(2026, 9, 30), "quarter")
    assert (period.previous().start, period.previous().end) == (D(2026, 4, 1), D(2026, 6, 30))
    assert period.name == "K3 2026"


def test_this_year_runs_to_the_end_of_this_month_and_compares_with_all_of_last_year():
    period = period_from("jaar", today=TODAY)
    assert (period.start, period.end, period.grain) == (D(2026, 1, 1), D(2026, 11, 30), "year")
    assert (period.previous().start, period.previous().end) == (D(2025, 1, 1), D(2025, 12, 31))
    january = period_from("jaar", today=D(2026, 1, 5))
    assert (january.start, january.end) == (D(2026, 1, 1), D(2026, 1, 31))
    last = period_from("vorig-jaar", today=TODAY)
    assert (last.start, last.end, last.name) == (D(2025, 1, 1), D(2025, 12, 31), "2025")


@pytest.mark.parametrize(
    ("code", "start", "end", "name"),
    [
        ("2026-03", D(2026, 3, 1), D(2026, 3, 31), "maart 2026"),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29), "februari 2024"),
        ("2025-K4", D(2025, 10, 1), D(2025, 12, 31), "K4 2025"),
        ("2025-k1", D(2025, 1, 1), D(2025, 3, 31), "K1 2025"),
        ("2025-H2", D(2025, 7, 1), D(2025, 12, 31), "2e halfjaar 2025"),
        ("2024", D(2024, 1, 1), D(2024, 12, 31), "2024"),
        ("2026-H2", D(2026, 7, 1), D(2026, 11, 30), "2e halfjaar 2026"),  # still running
    ],
)
def test_one_month_quarter_half_year_or_year(code, start, end, name):
    period = period_from(code, today=TODAY)
    assert (period.start, period.end, period.name) == (start, end, name)


def test_the_previous_cell_has_the_same_size():
    assert period_from("2026-01", today=TODAY).previous().name == "december 2025"
    assert period_from("2026-K1", today=TODAY).previous().name == "K4 2025"
    assert period_from("2026-H1", today=TODAY).previous().name == "2e halfjaar 2025"


@pytest.mark.parametrize(
    "code",
    ["2026-13", "2026-K5", "2026-H3", "0001", "9999-K1", "1999", "2026-00", "abc", "2026-W1"],
)
def test_anything_off_the_grid_is_refused_in_dutch(code):
    with pytest.raises(PeriodError) as error:
        period_from(code, today=TODAY)
    assert "periode" in error.value.message.lower()


def test_a_period_that_has_not_begun_is_refused():
    with pytest.raises(PeriodError) as error:
        period_from("2026-12", today=TODAY)
    assert error.value.code == "future"


@pytest.mark.parametrize("old", ["12m", "nulmeting", "eigen"])
def test_the_sliding_periods_are_gone(old):
    with pytest.raises(PeriodError) as error:
        period_from(old, today=TODAY)
    assert error.value.code == "invalid_choice"
    assert "bestaat niet meer" in error.value.message


def test_an_old_custom_period_that_is_one_cell_keeps_working():
    assert legacy_period(D(2026, 1, 1), D(2026, 3, 31)) == "2026-K1"
    assert legacy_period(D(2025, 1, 1), D(2025, 12, 31)) == "2025"
    assert legacy_period(D(2026, 2, 1), D(2026, 2, 28)) == "2026-02"
    assert legacy_period(D(2026, 2, 1), D(2026, 12, 31)) is None  # a year minus January
    assert legacy_period(D(2026, 1, 1), D(2026, 2, 28)) is None  # part of a quarter
    assert legacy_period(D(1, 1, 1), D(1, 12, 31)) is None
    assert legacy_period(D(9999, 1, 1), D(9999, 12, 31)) is None


def test_the_picker_offers_presets_and_cells_that_have_begun():
    groups = dict(picker_choices(today=TODAY))
    assert [key for key, _label in groups["Snel kiezen"]] == ["jaar", "kwartaal", "vorig-jaar"]
    assert ("2026-K4", "K4 2026") in groups["Kwartaal"]
    assert ("2026-11", "november 2026") in groups["Maand"]
    assert "2026-12" not in dict(groups["Maand"])
    assert ("2023", "2023") in groups["Jaar"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["dashboard", "insights-trends"])
def test_an_old_link_with_a_sliding_period_shows_this_year_and_says_why(client, employee, name):
    html = logged_in(client, employee).get(reverse(name), {"periode": "12m"}).content.decode()
    assert "De keuze ‘laatste 12 maanden’ bestaat niet meer: u ziet nu ‘dit jaar’." in html
    assert "01-01-2026 t/m 31-12-2026" in html  # the clock stands in December 2026


@pytest.mark.django_db
def test_an_old_link_with_one_quarter_as_custom_period_opens_that_quarter(client, employee):
    response = logged_in(client, employee).get(
        reverse("dashboard"), {"periode": "eigen", "van": "2026-04-01", "tot": "2026-06-30"}
    )
    html = response.content.decode()
    assert "K2 2026 (01-04-2026 t/m 30-06-2026)" in html
    assert "bestaat niet meer" not in html
    assert '<option value="2026-K2" selected>' in html


@pytest.mark.django_db
def test_the_api_refuses_a_removed_period_with_a_dutch_problem(client, employee):
    response = logged_in(client, employee).get(reverse("api-kpis"), {"periode": "12m"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    [param] = response.json()["invalidParams"]
    assert param["name"] == "periode" and param["code"] == "invalid_choice"
    assert "bestaat niet meer" in param["reason"]
