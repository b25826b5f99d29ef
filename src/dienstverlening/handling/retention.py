"""How long the handling register keeps its rows (``core.retention``; docs/privacy.md).

An item carries no name or message, but its number in the source system leads to the case
file, so the row goes a period after closing (the municipal selection list; default two
years). The roll-ups ``DailyFlow`` and ``LeadTimeBucket`` are left as they are: they hold the
item's counts (received, closed, on time, lead time), and the dashboard reads closed work only
from them, so its figures stay the same. Open items are never purged: they are counted from the
register itself. ``services.items_delete`` is *not* used: it takes items out of the roll-ups.
"""

from __future__ import annotations

import datetime

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from dienstverlening.core.models import DeletionLog
from dienstverlening.core.retention import rows_older_rule

RULE = "handling_items"

RULES = [
    # Suspensions and mail positions go with their item (CASCADE).
    rows_older_rule(
        code=RULE,
        label=_("Afhandelitems (met opschortingen)"),
        counted_from=_("na afhandeling"),
        default="2y",
        model_labels=["handling.HandlingItem"],
        field="closed_at",
    ),
]


def purged_before() -> datetime.datetime | None:
    """The cutoff of the latest real purge of the register (None before the first): an item
    closed before it was removed with its counts kept, or would be at the next purge."""
    return DeletionLog.objects.filter(rule=RULE, dry_run=False).aggregate(at=Max("cutoff"))["at"]
