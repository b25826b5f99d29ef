"""The change against an earlier measurement: one rule for the share and the mark."""

import pytest

from dienstverlening.insights.figures import mark_change, share_change, share_figure
from dienstverlening.surveys.models import MARK_TENTHS, MARK_TENTHS_SQUARED, mark_column


def marks(*values: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[mark_column(value)] = counts.get(mark_column(value), 0) + 1
    counts[MARK_TENTHS] = sum(10 * v for v in values)
    counts[MARK_TENTHS_SQUARED] = sum((10 * v) ** 2 for v in values)
    return counts


def test_share_and_mark_change_in_points(settings):
    settings.DV_MIN_GROUP_SIZE = 2
    now = share_figure({5: 3, 2: 1})  # 75 % agree
    before = share_figure({4: 1, 1: 1})  # 50 % agree
    assert share_change(now, before).delta == 25
    assert mark_change(marks(8, 8, 9), marks(6, 7, 8)).delta == pytest.approx(4 / 3)


def test_without_any_marks_there_is_no_change_even_when_every_group_may_be_shown(settings):
    settings.DV_MIN_GROUP_SIZE = 0  # an organisation that shows every figure
    assert mark_change({}, {}) is None
    assert mark_change(marks(8, 8), {}) is None
