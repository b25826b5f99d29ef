"""Alert rules, the nightly check that raises alerts, and what a team does with an alert."""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dienstverlening.core.access import team_managers

from ..models import Alert, AlertRule, Track
from ..selectors.alerts import alert_text, alerts_due
from .tracks import track_open

logger = logging.getLogger(__name__)


@transaction.atomic
def alert_rule_save(*, rule: AlertRule, user) -> AlertRule:
    """Save a new or changed rule (checked by ``AlertRule.clean``); a new one records who set
    it and when."""
    if rule.pk is None:
        rule.created_by = user
        rule.created_at = timezone.now()
    rule.full_clean()
    rule.save()
    return rule


@dataclass(frozen=True)
class AlertCheck:
    """What one check did: alerts raised, alerts whose cause went away, mails sent."""

    created: int
    resolved: int
    mailed: int
    failed: int


def alerts_check(*, today: datetime.date, notify: bool = True, nested: bool = False) -> AlertCheck:
    """Evaluate every active rule (``selectors.alerts_due``, through ``insights``) and raise one
    alert per team and cause that has none open; an open alert whose cause no longer holds is
    marked resolved, so the same cause can raise a new alert when it comes back. Then mail the
    managers of the teams with new alerts (outside the transaction; a mail that fails is tried
    again by the next check).

    Run it nightly: ``dienstverlening check_alerts`` or the task ``alerts_check_task``. With
    ``nested`` it runs in the caller's transaction (the demo loads in one) and mails nothing."""
    firings = alerts_due(today=today)
    now = timezone.now()
    with transaction.atomic(durable=not nested):
        open_alerts = {
            (alert.team_id, alert.cause): alert.pk
            for alert in Alert.objects.select_for_update().filter(resolved_at__isnull=True)
        }
        firing = {(f.team.pk, f.cause) for f in firings}
        new = [
            Alert(rule=f.rule, team=f.team, cause=f.cause, numbers=f.numbers, created_at=now)
            for f in firings
            if (f.team.pk, f.cause) not in open_alerts
        ]
        # A check running at the same moment may have raised the same alert: the database's
        # unique constraint on open alerts per team and cause refuses the second.
        Alert.objects.bulk_create(new, ignore_conflicts=True)
        gone = [pk for key, pk in open_alerts.items() if key not in firing]
        resolved = Alert.objects.filter(pk__in=gone).update(resolved_at=now)
    mailed, failed = alerts_mail() if notify and not nested else (0, 0)
    return AlertCheck(created=len(new), resolved=resolved, mailed=mailed, failed=failed)


def alerts_mail() -> tuple[int, int]:
    """Mail each team's managers its open alerts that were not mailed yet: one mail per team.
    Returns (mails sent, mails failed)."""
    pending: dict = defaultdict(list)
    for alert in (
        Alert.objects.filter(resolved_at__isnull=True, mailed_at__isnull=True)
        .select_related("team", "rule")
        .order_by("team__name", "created_at", "pk")
    ):
        pending[alert.team].append(alert)
    sent = failed = 0
    for team, alerts in pending.items():
        recipients = [user.email for user in team_managers(team) if user.email]
        if not recipients:
            continue
        try:
            _message(team, alerts, recipients).send()
        except (smtplib.SMTPException, OSError):
            logger.exception("Signaleringen voor team %s niet gemaild", team.slug)
            failed += 1
            continue
        Alert.objects.filter(pk__in=[a.pk for a in alerts]).update(mailed_at=timezone.now())
        sent += 1
    return sent, failed


def _message(team, alerts: list[Alert], recipients: list[str]) -> mail.EmailMessage:
    link = settings.DV_SITE_URL + reverse("improvement-team-alerts", kwargs={"slug": team.slug})
    subject = ngettext(
        "Signalering voor team %(team)s",
        "%(count)s signaleringen voor team %(team)s",
        len(alerts),
    ) % {"team": team.name, "count": len(alerts)}
    body = render_to_string(
        "improvement/alerts/mail/alerts.txt",
        {
            "team": team,
            "lines": [alert_text(alert.numbers) for alert in alerts],
            "link": link,
            "organisation_name": settings.DV_ORGANISATION_NAME,
        },
    )
    return mail.EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


@transaction.atomic
def alert_acknowledge(*, alert: Alert, user) -> Alert:
    """The team has seen the alert. It stays open while its cause holds (no new alert)."""
    if alert.acknowledged_at is None:
        alert.acknowledged_by = user
        alert.acknowledged_at = timezone.now()
        alert.save(update_fields=["acknowledged_by", "acknowledged_at"])
    return alert


@transaction.atomic
def alert_track_open(*, alert: Alert, user) -> Track:
    """Turn the alert into an improvement track for its team (once: a second time gives the
    track it already has). The alert counts as seen."""
    if alert.track_id is not None:
        return alert.track
    title = _("Verbeteren: %(rule)s") % {
        "rule": alert.rule.name if alert.rule else alert_text(alert.numbers)
    }
    track = track_open(
        team=alert.team,
        title=title[:200],
        problem=alert_text(alert.numbers),
        opened_by=user,
    )
    alert.track = track
    fields = ["track"]
    if alert.acknowledged_at is None:
        alert.acknowledged_by, alert.acknowledged_at = user, timezone.now()
        fields += ["acknowledged_by", "acknowledged_at"]
    alert.save(update_fields=fields)
    return track
