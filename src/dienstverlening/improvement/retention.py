"""How long signals are kept (``core.retention``; docs/privacy.md).

A signal's description and answer may still point at a resident or a colleague, and its
history names colleagues; an answered signal goes with its history a period after the answer
(default two years, as the handling register). Open signals stay: the team still works on
them, and their counts are what pages show. The signal's item in the handling register goes
under that register's own rule; its counts stay in the roll-ups.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dienstverlening.core.retention import rows_older_rule

from .models import SignalStatus

RULES = [
    rows_older_rule(
        code="signals",
        label=_("Afgehandelde signalen met hun geschiedenis"),
        counted_from=_("na het antwoord"),
        default="2y",
        model_labels=["improvement.Signal"],
        field="answered_at",
        where={"status": SignalStatus.DONE},
    ),
]
