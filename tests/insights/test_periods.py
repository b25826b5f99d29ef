import datetime

from dienstverlening.insights.periods import period_from

D = datetime.date
TODAY = D(2026, 11, 29)


def test_last_quarter_is_the_previous_calendar_quarter():
    period = period_from("kwartaal", today=TODAY)
    assert (period.start, period.end) == (D(2026, 7, 1), D(2026, 9, 30))
    assert (period.previous().start, period.previous().end) == (D(2026, 4, 1), D(2026, 6, 30))


def test_last_twelve_months_and_its_previous_year():
    period = period_from("12m", today=TODAY)
    assert (period.start, period.end) == (D(2025, 11, 30), TODAY)
    assert period.previous().end == D(2025, 11, 29)


def test_since_baseline_and_custom():
    assert period_from("nulmeting", today=TODAY, baseline=D(2024, 3, 1)).start == D(2024, 3, 1)
    custom = period_from("eigen", today=TODAY, start=D(2026, 1, 1), end=D(2026, 1, 31))
    assert custom.label == "01-01-2026 t/m 31-01-2026"
    assert custom.previous().start == D(2025, 12, 1)


def test_unknown_or_reversed_choice_falls_back_to_twelve_months():
    assert period_from("onzin", today=TODAY).key == "12m"
    assert period_from("eigen", today=TODAY, start=D(2026, 2, 1), end=D(2026, 1, 1)).key == "12m"
