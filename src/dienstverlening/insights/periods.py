"""The period picker: whole months, quarters, half-years and calendar years, nothing in between.

Every period is a cell of a fixed grid (a month within its quarter, a quarter within its
half-year, a half-year within its year), so two periods can only overlap by one containing the
other, and secondary suppression can protect a small cell inside a bigger one (see
``disclosure``). A free start and end could slide by a month and reveal that month by
subtraction; a rolling "last 12 months" minus the grid cells it covers would do the same. So
neither exists.

Parameter values (``periode``): the presets ``jaar`` (this year, the default), ``kwartaal``
(the last full quarter) and ``vorig-jaar``, or one cell: ``2026`` (year), ``2026-H1``
(half-year), ``2026-K3`` (quarter), ``2026-11`` (month). A cell that contains today ends with
this month: the months after it have no answers yet.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from dateutil.relativedelta import relativedelta
from django.utils import dateformat, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DEFAULT_PERIOD = "jaar"
PRESETS = {
    "jaar": gettext_lazy("dit jaar"),
    "kwartaal": gettext_lazy("vorig kwartaal"),
    "vorig-jaar": gettext_lazy("vorig jaar"),
}
# Options the picker had before the grid; old links must still open (see ``legacy_period``).
REMOVED = {
    "12m": gettext_lazy("laatste 12 maanden"),
    "nulmeting": gettext_lazy("sinds de nulmeting"),
    "eigen": gettext_lazy("eigen periode"),
}
FIRST_YEAR = 2000  # no answers can be older; keeps every date sum far from the calendar's ends
PICKER_YEARS = 4  # this year and the three before it are offered in the picker
GRAINS = ("month", "quarter", "half", "year")
MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}
CELL_CODE = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{1,2})|(?P<kind>[hHkKqQ])(?P<n>\d)))?$")


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(day: datetime.date) -> datetime.date:
    return month_start(day) + relativedelta(months=1, days=-1)


def quarter_start(day: datetime.date) -> datetime.date:
    return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)


def cell_start(day: datetime.date, grain: str) -> datetime.date:
    """The first day of the month, quarter, half-year or year that contains ``day``."""
    size = MONTHS[grain]
    return day.replace(month=size * ((day.month - 1) // size) + 1, day=1)


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


def cell_name(start: datetime.date, grain: str) -> str:
    """'november 2026', 'K3 2026', '1e halfjaar 2026', '2026'."""
    if grain == "month":
        return month_name(start)
    if grain == "quarter":
        return bucket_label(start, "quarter")
    if grain == "half":
        return _("%(half)se halfjaar %(year)s") % {
            "half": 1 if start.month == 1 else 2,
            "year": start.year,
        }
    return str(start.year)


def cell_code(start: datetime.date, grain: str) -> str:
    """The parameter value of a cell: '2026-11', '2026-K3', '2026-H1', '2026'."""
    if grain == "month":
        return f"{start.year}-{start.month:02d}"
    if grain == "quarter":
        return f"{start.year}-K{(start.month - 1) // 3 + 1}"
    if grain == "half":
        return f"{start.year}-H{1 if start.month == 1 else 2}"
    return str(start.year)


@dataclass(frozen=True)
class Period:
    """A cell of the grid (or, for the baseline, the whole months of one measurement).

    ``start``/``end`` are the days the figures cover (whole months; a cell that contains today
    ends with this month). ``grain`` is month, quarter, half or year for a cell of the grid;
    ``measurement`` for the months of one measurement and ``span`` for any other run of whole
    months (used inside the code only, never offered to users).
    """

    start: datetime.date
    end: datetime.date  # inclusive
    key: str
    grain: str = ""

    def __post_init__(self) -> None:
        if not self.grain:
            object.__setattr__(self, "grain", _grain_of(self.start, self.end))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def on_grid(self) -> bool:
        return self.grain in GRAINS

    @property
    def label(self) -> str:
        return _("%(start)s t/m %(end)s") % {
            "start": self.start.strftime("%d-%m-%Y"),
            "end": self.end.strftime("%d-%m-%Y"),
        }

    @property
    def name(self) -> str:
        """The cell in words: 'K3 2026'; for other periods the dates."""
        return cell_name(self.start, self.grain) if self.on_grid else self.label

    @property
    def title(self) -> str:
        """'K3 2026 (01-07-2026 t/m 30-09-2026)'; for other periods only the dates."""
        if not self.on_grid:
            return self.label
        return _("%(name)s (%(dates)s)") % {"name": self.name, "dates": self.label}

    @property
    def code(self) -> str:
        return cell_code(self.start, self.grain) if self.on_grid else self.key

    def buckets(self, grain: str = "month") -> list[datetime.date]:
        """The first day of every month (or quarter) in the period, in order."""
        step = relativedelta(months=3 if grain == "quarter" else 1)
        day, result = bucket_start(self.start, grain), []
        while day <= self.end:
            result.append(day)
            day += step
        return result

    def previous(self) -> Period:
        """The whole cell of the same size just before (a running year: all of last year)."""
        if self.on_grid:
            start = self.start - relativedelta(months=MONTHS[self.grain])
            return cell(start, self.grain, key=self.key)
        start = month_start(self.start) - relativedelta(months=self.months)
        return Period(start, month_start(self.start) - relativedelta(days=1), self.key, "span")


def _grain_of(start: datetime.date, end: datetime.date) -> str:
    """The grid cell a (start, end) pair is, if it is one; a running cell ends early."""
    if start.day != 1 or end < start:
        return "span"
    for grain in GRAINS:
        if cell_start(start, grain) != start or cell_start(end, grain) != start:
            continue
        if end == month_end(end):
            return grain
    return "span"


def cell(
    day: datetime.date, grain: str, *, key: str = "", today: datetime.date | None = None
) -> Period:
    """The month, quarter, half-year or year that contains ``day``; cut off at the end of
    this month when it contains ``today``."""
    start = cell_start(day, grain)
    end = start + relativedelta(months=MONTHS[grain], days=-1)
    if today is not None and start <= today <= end:
        end = month_end(today)
    return Period(start, end, key or cell_code(start, grain), grain)


def measurement_period(first: datetime.date, last: datetime.date) -> Period:
    """The whole months in which one measurement (such as the baseline) ran."""
    return Period(month_start(first), month_end(last), "meting", "measurement")


class PeriodError(ValueError):
    """A ``periode`` value that names no period we offer; ``code`` says why."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message, self.code = message, code


def parse_cell(value: str, *, today: datetime.date) -> tuple[datetime.date, str]:
    """'2026-K3' → (1 July 2026, 'quarter'). Raises ``PeriodError`` in Dutch."""
    match = CELL_CODE.match(value.strip())
    if not match:
        raise PeriodError(
            _(
                "Kies een periode uit de lijst: een jaar (2026), halfjaar (2026-H1), kwartaal "
                "(2026-K3) of maand (2026-11)."
            ),
            "invalid_choice",
        )
    year = int(match["year"])
    if match["month"]:
        number, grain, top = int(match["month"]), "month", 12
    elif match["kind"]:
        grain = "half" if match["kind"].lower() == "h" else "quarter"
        number, top = int(match["n"]), 2 if grain == "half" else 4
    else:
        number, grain, top = 1, "year", 1
    if not 1 <= number <= top or not FIRST_YEAR <= year <= today.year:
        raise PeriodError(
            _("Deze periode bestaat niet of ligt buiten %(first)s tot en met %(last)s.")
            % {"first": FIRST_YEAR, "last": today.year},
            "invalid_choice",
        )
    start = datetime.date(year, (number - 1) * MONTHS[grain] + 1, 1)
    if start > today:
        raise PeriodError(_("Deze periode is nog niet begonnen."), "future")
    return start, grain


def period_from(key: str, *, today: datetime.date) -> Period:
    """Resolve a preset or a cell code. Raises ``PeriodError`` for anything else."""
    key = (key or DEFAULT_PERIOD).strip()
    if key == "jaar":
        return cell(today, "year", key=key, today=today)
    if key == "vorig-jaar":
        return cell(today.replace(year=today.year - 1, month=1, day=1), "year", key=key)
    if key == "kwartaal":
        return cell(quarter_start(today) - relativedelta(months=3), "quarter", key=key)
    if key in REMOVED:
        raise PeriodError(removed_message(key), "invalid_choice")
    start, grain = parse_cell(key, today=today)
    return cell(start, grain, today=today)


def removed_message(key: str) -> str:
    return _(
        "De keuze ‘%(old)s’ bestaat niet meer: u ziet nu ‘%(default)s’. Kies zelf een maand, "
        "kwartaal, halfjaar of jaar."
    ) % {"old": REMOVED[key], "default": PRESETS[DEFAULT_PERIOD]}


def legacy_period(start: datetime.date | None, end: datetime.date | None) -> str | None:
    """An old custom period (``periode=eigen&van=…&tot=…``) that is exactly one cell of the
    grid: its code, so the old link keeps working. Anything else: None."""
    if start is None or end is None or not FIRST_YEAR <= start.year <= end.year <= 9998:
        return None
    grain = _grain_of(start, end)
    if grain not in GRAINS or cell(start, grain).end != end:
        return None
    return cell_code(start, grain)


def picker_choices(*, today: datetime.date, extra: Period | None = None) -> list:
    """Grouped choices for the picker: presets, then years, half-years, quarters and months
    that have begun (months of this year and last year), newest first."""
    choices = [
        (group, list(options))
        for group, options in _grid_choices(today, translation.get_language())
    ]
    known = {key for _group, options in choices for key, _label in options}
    if extra is not None and extra.key not in known:
        choices.append((_("Eerder"), [(extra.key, extra.name)]))
    return choices


@lru_cache(maxsize=8)
def _grid_choices(today: datetime.date, language: str | None) -> tuple:
    """The picker's groups for ``today`` in ``language``: built once per day and language (every
    dashboard page offers them; naming a hundred cells costs more than the page's figures)."""
    years = range(today.year, max(FIRST_YEAR, today.year - PICKER_YEARS + 1) - 1, -1)
    groups: dict[str, list] = {grain: [] for grain in GRAINS}
    for year in years:
        for grain in ("year", "half", "quarter", "month"):
            if grain == "month" and year < today.year - 1:
                continue
            size = MONTHS[grain]
            for first in range(12 - size + 1, 0, -size):
                start = datetime.date(year, first, 1)
                if start <= today:
                    groups[grain].append((cell_code(start, grain), cell_name(start, grain)))
    return (
        (_("Snel kiezen"), tuple((key, str(label)) for key, label in PRESETS.items())),
        (_("Jaar"), tuple(groups["year"])),
        (_("Halfjaar"), tuple(groups["half"])),
        (_("Kwartaal"), tuple(groups["quarter"])),
        (_("Maand"), tuple(groups["month"])),
    )
