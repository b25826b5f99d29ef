"""The period picker: last quarter, last 12 months, this year, since the baseline, custom.

Every period is a run of whole months, the grain of the survey roll-up.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PRESETS = {
    "kwartaal": gettext_lazy("vorig kwartaal"),
    "12m": gettext_lazy("laatste 12 maanden"),
    "jaar": gettext_lazy("dit jaar"),
    "nulmeting": gettext_lazy("sinds de nulmeting"),
    "eigen": gettext_lazy("eigen periode"),
}


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(day: datetime.date) -> datetime.date:
    return month_start(day) + relativedelta(months=1, days=-1)


def quarter_start(day: datetime.date) -> datetime.date:
    return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)


def bucket_start(day: datetime.date, grain: str = "month") -> datetime.date:
    return quarter_start(day) if grain == "quarter" else month_start(day)


def bucket_label(day: datetime.date, grain: str = "month") -> str:
    """'jan 2026' for a month, 'K1 2026' for a quarter: how people write them."""
    if grain == "quarter":
        return _("K%(quarter)s %(year)s") % {"quarter": (day.month - 1) // 3 + 1, "year": day.year}
    return dateformat.format(day, "b Y")


def month_name(day: datetime.date) -> str:
    """'november 2026'."""
    return dateformat.format(day, "F Y")


@dataclass(frozen=True)
class Period:
    """A run of whole months: the survey roll-up counts per month, so every figure of a period
    rests on exactly the same answers, whichever table it comes from."""

    start: datetime.date
    end: datetime.date  # inclusive
    key: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def label(self) -> str:
        return _("%(start)s t/m %(end)s") % {
            "start": self.start.strftime("%d-%m-%Y"),
            "end": self.end.strftime("%d-%m-%Y"),
        }

    def buckets(self, grain: str = "month") -> list[datetime.date]:
        """The first day of every month (or quarter) in the period, in order."""
        step = relativedelta(months=3 if grain == "quarter" else 1)
        day, result = bucket_start(self.start, grain), []
        while day <= self.end:
            result.append(day)
            day += step
        return result

    def previous(self) -> Period:
        """The same number of whole months just before this period."""
        start = month_start(self.start) - relativedelta(months=self.months)
        return Period(
            start=start, end=month_start(self.start) - relativedelta(days=1), key=self.key
        )


def measurement_period(first: datetime.date, last: datetime.date) -> Period:
    """The whole months in which one measurement (such as the baseline) ran."""
    return Period(month_start(first), month_end(last), "meting")


def period_from(
    key: str,
    *,
    today: datetime.date,
    baseline: datetime.date | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> Period:
    """Resolve a preset (or a custom range) to whole months. Unknown keys mean the last 12
    months: this month and the eleven before it."""
    this_month = month_start(today)
    if key == "kwartaal":
        quarter_start = this_month.replace(month=3 * ((today.month - 1) // 3) + 1)
        previous_start = quarter_start - relativedelta(months=3)
        return Period(previous_start, quarter_start - relativedelta(days=1), key)
    if key == "jaar":
        return Period(this_month.replace(month=1), month_end(today), key)
    if key == "nulmeting" and baseline is not None:
        return Period(month_start(baseline), month_end(today), key)
    if key == "eigen" and start and end and start <= end:
        return Period(month_start(start), month_end(end), key)
    return Period(this_month - relativedelta(months=11), month_end(today), "12m")
