"""How long the handling register keeps its rows (``core.retention``; docs/privacy.md).

An item carries no name or message, but its number in the source system leads to the case
file, so the row goes a period after closing (the municipal selection list; default two
years). The roll-ups ``DailyFlow`` and ``LeadTimeBucket`` are left as they are: they hold the
item's counts (received, closed, on time, lead time), and the dashboard reads closed work only
from them, so its figures stay the same. Open items are never purged: they are counted from the
register itself. ``services.items_delete`` is *not* used: it takes items out of the roll-ups.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dienstverlening.core.retention import rows_older_rule

RULES = [
    # Suspensions and mail positions go with their item (CASCADE).
    rows_older_rule(
        code="handling_items",
        label=_("Afhandelitems (met opschortingen)"),
        counted_from=_("na afhandeling"),
        default="2y",
        model_labels=["handling.HandlingItem"],
        field="closed_at",
    ),
]
