"""The verdict on a norm: did the work closed in a period meet the norm's target share?

The one place that judges figures against a norm. The compliance page (``handling``), the
dashboard and the KPI API (``insights``) call it, and so will alerts and reports: the same
figures get the same verdict everywhere.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

AMBER_MARGIN = 5.0  # percentage points below the target that still count as "net onder"


class Verdict(models.TextChoices):
    """The code (stable: the KPI API gives it) and the words people read on the dashboard."""

    GREEN = "green", _("norm gehaald")
    """The on-time share is at or above the target share."""
    AMBER = "amber", _("net onder de norm")
    """Under the target share by at most ``AMBER_MARGIN`` percentage points."""
    RED = "red", _("onder de norm")
    """Further under the target share."""
    FEW = "few", _("te weinig om te oordelen")
    """Fewer closed items than the minimum group size: no verdict on noise."""
    NOTHING_CLOSED = "nothing_closed", _("niets afgehandeld in deze periode")
    """A norm applies, but nothing was closed in the period."""
    NONE = "none", _("geen norm")
    """No norm applies."""


# The order in which a list of verdicts is read: what needs attention first.
WORST_FIRST = (
    Verdict.RED,
    Verdict.AMBER,
    Verdict.GREEN,
    Verdict.FEW,
    Verdict.NOTHING_CLOSED,
    Verdict.NONE,
)


def norm_verdict(
    *,
    closed: int,
    on_time: int,
    target_share: Decimal | float | None,
    min_group_size: int | None = None,
) -> Verdict:
    """Judge ``on_time`` of ``closed`` items against a norm's ``target_share`` (0–100).

    - no norm (``target_share`` is None): ``NONE``;
    - a norm, but nothing closed: ``NOTHING_CLOSED``;
    - fewer closed items than the minimum group size (``DV_MIN_GROUP_SIZE`` unless given):
      ``FEW`` — a verdict on three items is noise;
    - the on-time share at or above the target: ``GREEN``; less than ``AMBER_MARGIN``
      percentage points under it: ``AMBER``; further under it: ``RED``.
    """
    if target_share is None:
        return Verdict.NONE
    if closed <= 0:
        return Verdict.NOTHING_CLOSED
    if min_group_size is None:
        min_group_size = settings.DV_MIN_GROUP_SIZE
    if closed < min_group_size:
        return Verdict.FEW
    share = 100 * on_time / closed
    target = float(target_share)
    if share >= target:
        return Verdict.GREEN
    if share >= target - AMBER_MARGIN:
        return Verdict.AMBER
    return Verdict.RED
