import datetime

from dienstverlening.insights.periods import period_from

D = datetime.date
TODAY = D(2026, 11, 29)


def test_last_quarter_is_the_previous_calendar_quarter():
    period = period_from("kwartaal", today=TODAY)
    assert (period.start, period.end) == (D(2026, 7, 1), D(2026, 9, 30))
    assert (period.previous().start, period.previous().end) == (D(2026, 4, 1), D(2026, 6, 30))


def test_last_twelve_months_are_this_month_and_the_eleven_before():
    period = period_from("12m", today=TODAY)
    assert (period.start, period.end) == (D(2025, 12, 1), D(2026, 11, 30))
    assert period.months == 12
    assert (period.previous().start, period.previous().end) == (D(2024, 12, 1), D(2025, 11, 30))


def test_this_year_runs_to_the_end_of_this_month_and_compares_with_as_many_months_before():
    period = period_from("jaar", today=TODAY)
    assert (period.start, period.end) == (D(2026, 1, 1), D(2026, 11, 30))
    assert (period.previous().start, period.previous().end) == (D(2025, 2, 1), D(2025, 12, 31))
    january = period_from("jaar", today=D(2026, 1, 5))
    assert (january.start, january.end) == (D(2026, 1, 1), D(2026, 1, 31))


def test_since_baseline_starts_in_the_baselines_month():
    period = period_from("nulmeting", today=TODAY, baseline=D(2024, 3, 14))
    assert (period.start, period.end) == (D(2024, 3, 1), D(2026, 11, 30))


def test_custom_period_is_rounded_out_to_whole_months():
    custom = period_from("eigen", today=TODAY, start=D(2026, 1, 1), end=D(2026, 1, 31))
    assert custom.label == "01-01-2026 t/m 31-01-2026"
    assert (custom.previous().start, custom.previous().end) == (D(2025, 12, 1), D(2025, 12, 31))
    rounded = period_from("eigen", today=TODAY, start=D(2026, 3, 15), end=D(2026, 5, 10))
    assert rounded.label == "01-03-2026 t/m 31-05-2026"
    assert rounded.months == 3
    assert (rounded.previous().start, rounded.previous().end) == (D(2025, 12, 1), D(2026, 2, 28))
    leap = period_from("eigen", today=TODAY, start=D(2024, 2, 10), end=D(2024, 2, 11))
    assert (leap.start, leap.end) == (D(2024, 2, 1), D(2024, 2, 29))


def test_unknown_or_reversed_choice_falls_back_to_twelve_months():
    assert period_from("onzin", today=TODAY).key == "12m"
    assert period_from("eigen", today=TODAY, start=D(2026, 2, 1), end=D(2026, 1, 1)).key == "12m"
