"""The figures of the experience pages, from counts alone: the share agreeing with its Wilson
interval, the mark, and the change against an earlier measurement.

Pure maths on counts (no queries). A figure whose base is smaller than ``DV_MIN_GROUP_SIZE`` is
never returned: it is marked suppressed and carries no numbers, so no page, export or API can
show it by accident.
"""

from __future__ import annotations

from dataclasses import dataclass

from dienstverlening.core.stats import (
    Summary,
    is_real_change,
    mean_interval,
    summary_from_counts,
    summary_from_sums,
    two_proportion_p,
    welch_p,
    wilson_interval,
)
from dienstverlening.surveys.models import (
    MARK_TENTHS,
    MARK_TENTHS_SQUARED,
    MARK_VALUES,
    mark_column,
)

from .disclosure import SMALL, min_group_size

AGREE_VALUES = (4, 5)  # "eens" and "helemaal eens"
OPINION_VALUES = (1, 2, 3, 4, 5)  # 0 is "weet ik niet / n.v.t."
PASS_MARK = 7


@dataclass(frozen=True)
class Change:
    """A difference against an earlier measurement, and whether it is statistically real."""

    delta: float  # percentage points, or mark points for the mark
    p_value: float | None

    @property
    def real(self) -> bool:
        return is_real_change(self.p_value)

    @property
    def direction(self) -> str:
        if not self.real:
            return "same"
        return "up" if self.delta > 0 else "down"


@dataclass(frozen=True)
class ShareFigure:
    """Share agreeing (of those with an opinion), its Wilson interval, and the mean (1–5)."""

    n: int
    agree: int = 0
    share: float | None = None  # 0..100
    low: float | None = None
    high: float | None = None
    mean: float | None = None
    suppressed: bool = True
    vs_previous: Change | None = None
    vs_baseline: Change | None = None
    corrected: float | None = None  # share standardised to the organisation's outcome mix
    reason: str | None = None  # why it is suppressed (``disclosure``); None: too few or none


@dataclass(frozen=True)
class MarkFigure:
    n: int
    mean: float | None = None
    low: float | None = None
    high: float | None = None
    pass_share: float | None = None  # share 7 or higher, 0..100
    suppressed: bool = True
    vs_previous: Change | None = None
    vs_baseline: Change | None = None
    reason: str | None = None


def hidden_share(reason: str | None = None) -> ShareFigure:
    """A suppressed share: no numbers at all, not even the count."""
    return ShareFigure(n=0, reason=reason)


def hidden_mark(reason: str | None = None) -> MarkFigure:
    return MarkFigure(n=0, reason=reason)


def share_figure(counts: dict[int, int]) -> ShareFigure:
    n = sum(counts.get(v, 0) for v in OPINION_VALUES)
    if n < min_group_size():
        return hidden_share(disclosure_reason_small(n))
    agree = sum(counts.get(v, 0) for v in AGREE_VALUES)
    low, high = wilson_interval(agree, n)
    summary = summary_from_counts({v: counts.get(v, 0) for v in OPINION_VALUES})
    return ShareFigure(
        n=n,
        agree=agree,
        share=100 * agree / n,
        low=100 * low,
        high=100 * high,
        mean=summary.mean,
        suppressed=False,
    )


def mark_summary(marks: dict[str, int]) -> Summary:
    """n, mean and sd of the marks from the roll-up's mark columns (exact with decimals)."""
    n = sum(marks.get(mark_column(v), 0) for v in MARK_VALUES)
    return summary_from_sums(
        n, marks.get(MARK_TENTHS, 0), marks.get(MARK_TENTHS_SQUARED, 0), scale=10
    )


def disclosure_reason_small(n: int) -> str | None:
    return SMALL if n > 0 else None


def mark_figure(marks: dict[str, int]) -> MarkFigure:
    summary = mark_summary(marks)
    if summary.n < min_group_size():
        return hidden_mark(disclosure_reason_small(summary.n))
    interval = mean_interval(summary) or (None, None)
    # mark_7 counts 7,0 up to 7,9: the whole-mark columns from 7 up are exactly "7 or higher".
    passed = sum(marks.get(mark_column(v), 0) for v in MARK_VALUES if v >= PASS_MARK)
    return MarkFigure(
        n=summary.n,
        mean=summary.mean,
        low=interval[0],
        high=interval[1],
        pass_share=100 * passed / summary.n,
        suppressed=False,
    )


def _change(now: float | None, before: float | None, p_value: float | None) -> Change | None:
    """The change from ``before`` to ``now``; None when either side has no number."""
    if now is None or before is None:
        return None
    return Change(delta=now - before, p_value=p_value)


def share_change(now: ShareFigure, before: ShareFigure) -> Change | None:
    if now.suppressed or before.suppressed:
        return None
    return _change(
        now.share, before.share, two_proportion_p(now.agree, now.n, before.agree, before.n)
    )


def mark_change(now_marks: dict[str, int], before_marks: dict[str, int]) -> Change | None:
    now, before = mark_summary(now_marks), mark_summary(before_marks)
    if min(now.n, before.n) < min_group_size():
        return None
    return _change(now.mean, before.mean, welch_p(now, before))
