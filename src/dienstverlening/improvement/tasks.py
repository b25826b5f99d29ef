"""Background work of the improvement cycle: the nightly alert check.

Scheduled by ``dienstverlening check_alerts`` (cron or a systemd timer, ``docs/operations.md``)
or enqueued with ``dienstverlening check_alerts --achtergrond`` for the task worker.
"""

from __future__ import annotations

from dataclasses import asdict

from django.utils import timezone
from django_tasks import task

from .services.alerts import alerts_check


@task()
def alerts_check_task() -> dict:
    """Evaluate every alert rule for today and mail the teams with new alerts."""
    return asdict(alerts_check(today=timezone.localdate()))
