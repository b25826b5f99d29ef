"""The period picker: last quarter, last 12 months, this year, since the baseline, custom."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PRESETS = {
    "kwartaal": gettext_lazy("vorig kwartaal"),
    "12m": gettext_lazy("laatste 12 maanden"),
    "jaar": gettext_lazy("dit jaar"),
    "nulmeting": gettext_lazy("sinds de nulmeting"),
    "eigen": gettext_lazy("eigen periode"),
}


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive
    key: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        return _("%(start)s t/m %(end)s") % {
            "start": self.start.strftime("%d-%m-%Y"),
            "end": self.end.strftime("%d-%m-%Y"),
        }

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        end = self.start - datetime.timedelta(days=1)
        if self.key in {"kwartaal", "12m", "jaar"}:
            months = {"kwartaal": 3, "12m": 12, "jaar": 12}[self.key]
            start = self.start - relativedelta(months=months)
            return Period(start=start, end=end, key=self.key)
        return Period(start=end - datetime.timedelta(days=self.days - 1), end=end, key=self.key)


def period_from(
    key: str,
    *,
    today: datetime.date,
    baseline: datetime.date | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> Period:
    """Resolve a preset (or a custom range) to dates. Unknown keys mean the last 12 months."""
    if key == "kwartaal":
        quarter_start = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        previous_start = quarter_start - relativedelta(months=3)
        return Period(previous_start, quarter_start - datetime.timedelta(days=1), key)
    if key == "jaar":
        return Period(datetime.date(today.year, 1, 1), today, key)
    if key == "nulmeting" and baseline is not None:
        return Period(baseline, today, key)
    if key == "eigen" and start and end and start <= end:
        return Period(start, end, key)
    return Period(today - relativedelta(months=12) + datetime.timedelta(days=1), today, "12m")
