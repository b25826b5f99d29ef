"""Readiness check of the mailbox sync (``core.health`` finds ``CHECKS`` here).

``sync_mailboxes`` runs every few minutes on working days (docs/operations.md) and stamps each
mailbox it read (``Mailbox.last_synced_at``; a failed read leaves the stamp and records the
error). A mailbox is *stale* when it was last read longer ago than
``DV_HEALTH_MAILBOX_SYNC_MAX_MINUTES``, counted in office hours on working days, the way hour
norms count (``due.add_office_time``): a mailbox last read on Friday at 18:55 is fine until
Monday 09:00 with the default 30 minutes. An active mailbox never read is stale too.

Not critical: a stale mailbox makes readiness "degraded", not 503 (the pages work; the open
e-mail figures lag). The answer says how many mailboxes are stale, never which (their names are
addresses).
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone
from health_check.exceptions import ServiceUnavailable, ServiceWarning

from dienstverlening.core.health import Check
from dienstverlening.core.workdays import WorkingDayCalendar, office_hours

from .due import add_office_time
from .models import Mailbox


@dataclasses.dataclass
class MailboxSyncCheck(Check):
    name: ClassVar[str] = "mailbox_sync"
    critical: ClassVar[bool] = False

    def run(self) -> None:
        try:
            synced = list(
                Mailbox.objects.filter(active=True).values_list("last_synced_at", flat=True)
            )
        except DatabaseError as error:
            raise ServiceUnavailable(type(error).__name__) from error
        now = timezone.now()
        limit = settings.DV_HEALTH_MAILBOX_SYNC_MAX_MINUTES * 60
        calendar, hours = WorkingDayCalendar(), office_hours()
        stale = sum(
            1
            for moment in synced
            if moment is None or add_office_time(moment, limit, calendar, hours) < now
        )
        self.details.update(mailboxes=len(synced), stale=stale)
        if stale:
            raise ServiceWarning(f"{stale} of {len(synced)} mailboxes not read in time")


CHECKS = [MailboxSyncCheck]
