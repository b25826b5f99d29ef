"""The verdict on a norm: the one function the compliance page, the dashboard and the API call."""

from decimal import Decimal

import pytest

from dienstverlening.framework.verdicts import Verdict, norm_verdict


@pytest.mark.parametrize(
    ("closed", "on_time", "target", "verdict"),
    [
        (10, 9, Decimal("90"), Verdict.GREEN),  # exactly the target
        (10, 10, Decimal("90"), Verdict.GREEN),
        (20, 17, Decimal("90"), Verdict.AMBER),  # 85 %: exactly 5 points under
        (30, 26, Decimal("90"), Verdict.AMBER),  # 86.7 %
        (10, 8, Decimal("90"), Verdict.RED),  # 80 %
        (9, 9, Decimal("90"), Verdict.FEW),  # all on time, but 9 is under the minimum (10)
        (3, 1, Decimal("90"), Verdict.FEW),  # 33 %: not "onder de norm" on three items
        (0, 0, Decimal("90"), Verdict.NOTHING_CLOSED),
        (0, 0, None, Verdict.NONE),
        (50, 10, None, Verdict.NONE),
        (10, 9, 90.0, Verdict.GREEN),  # a float target judges the same as a Decimal
    ],
)
def test_the_verdict_on_the_figures(closed, on_time, target, verdict):
    assert norm_verdict(closed=closed, on_time=on_time, target_share=target) == verdict


def test_the_minimum_group_size_comes_from_the_setting_unless_given(settings):
    settings.DV_MIN_GROUP_SIZE = 5
    assert norm_verdict(closed=5, on_time=5, target_share=90) == Verdict.GREEN
    assert norm_verdict(closed=5, on_time=5, target_share=90, min_group_size=6) == Verdict.FEW


def test_the_codes_are_stable_and_say_it_in_words():
    assert {v.value: str(v.label) for v in Verdict} == {
        "green": "norm gehaald",
        "amber": "net onder de norm",
        "red": "onder de norm",
        "few": "te weinig om te oordelen",
        "nothing_closed": "niets afgehandeld in deze periode",
        "none": "geen norm",
    }
