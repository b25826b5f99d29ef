"""Check that the roll-up tables hold exactly what the raw register says."""

from collections import defaultdict

from django.db.models import Model

from dienstverlening.handling.models import (
    DailyFlow,
    LeadTimeBucket,
    MonthlyFlow,
    MonthlyLeadTime,
)
from dienstverlening.handling.rollups import rollup_counts_from_items

DIMS = ["municipality_id", "team_id", "service_id", "channel_id", "kind"]


def _stored(flow: type[Model], lead: type[Model], period: str, dims: list[str]) -> dict:
    """The non-zero amounts of a flow and a lead-time roll-up table, keyed as
    ``("flow", period, *dims)`` and ``("lead", period, *dims, bucket)``."""
    found = {}
    for row in flow.objects.values(period, *dims, "received", "closed", "closed_on_time"):
        amounts = [row["received"], row["closed"], row["closed_on_time"]]
        if any(amounts):
            found[("flow", row[period], *(row[d] for d in dims))] = amounts
    for row in lead.objects.values(period, *dims, "bucket", "count", "on_time"):
        amounts = [row["count"], row["on_time"]]
        if any(amounts):
            found[("lead", row[period], *(row[d] for d in dims), row["bucket"])] = amounts
    return found


def stored_rollups() -> dict:
    return _stored(DailyFlow, LeadTimeBucket, "day", DIMS)


def assert_rollups_match_raw() -> None:
    expected = {k: v for k, v in rollup_counts_from_items().values.items() if any(v)}
    assert stored_rollups() == expected
    assert all(v >= 0 for amounts in expected.values() for v in amounts)
    assert_monthly_matches_daily()


MONTH_DIMS = ["municipality_id", "team_id", "kind"]


def stored_monthly() -> dict:
    return _stored(MonthlyFlow, MonthlyLeadTime, "month", MONTH_DIMS)


def daily_by_month() -> dict:
    """The daily roll-ups summed per month, municipality, team and kind (and bucket)."""
    sums: dict = defaultdict(lambda: [0, 0, 0])
    for key, amounts in stored_rollups().items():
        rollup, day, municipality, team, _service, _channel, kind, *bucket = key
        total = sums[(rollup, day.replace(day=1), municipality, team, kind, *bucket)]
        for i, amount in enumerate(amounts):
            total[i] += amount
    return {
        key: amounts[: 3 if key[0] == "flow" else 2]
        for key, amounts in sums.items()
        if any(amounts)
    }


def assert_monthly_matches_daily() -> None:
    """The monthly roll-ups are the daily ones grouped by month: after every write, and after
    the purge (which keeps both)."""
    assert stored_monthly() == daily_by_month()


def assert_due_moments_current(queryset) -> None:
    """Every item's due moment, lead time and verdict are what the calendar says today.

    Computed afresh per item with the core working-day calendar and the municipality's closing
    days (slow, but independent of the batch code in ``services`` and ``recompute``).
    """
    from dienstverlening.core.workdays import WorkingDayCalendar
    from dienstverlening.framework.selectors import norm_applicable
    from dienstverlening.handling.due import Period, due_moment, lead_working_days
    from dienstverlening.handling.models import KIND_SUBJECTS, ClosingDay

    for item in queryset.select_related("team", "service"):
        closing = ClosingDay.objects.filter(municipality_id=item.municipality_id)
        calendar = WorkingDayCalendar(closing_days=closing.values_list("date", flat=True))
        norm = None
        for subject in KIND_SUBJECTS[item.kind]:
            norm = norm_applicable(
                subject=subject, day=item.received_on, team=item.team, service=item.service
            )
            if norm:
                break
        periods = [
            Period(s.starts_on, s.ends_on or (item.closed_on if item.closed_at else None))
            for s in item.suspensions.all()
        ]
        due = due_moment(
            norm=norm, received_at=item.received_at, calendar=calendar, suspensions=periods
        )
        assert item.due_at == due, (item.source_id, item.due_at, due)
        if item.closed_at is not None:
            lead = lead_working_days(
                received_at=item.received_at,
                closed_at=item.closed_at,
                calendar=calendar,
                suspensions=periods,
            )
            assert item.lead_days == lead, (item.source_id, item.lead_days, lead)
            assert item.on_time == (None if due is None else item.closed_at <= due)
