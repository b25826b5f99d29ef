"""Demo reports: last year's approved year report and council letters, a draft for this
quarter and the approved baseline report, made the way the coördinator makes them.

Only the frozen content is made here (figures and text from the dashboard); the PDF and Word
files are made from it the first time someone downloads them, which keeps loading the demo
quick. Safe to run twice: a report that exists is left alone.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from dienstverlening.insights.periods import cell
from dienstverlening.organisation.models import Municipality
from dienstverlening.reports.models import Report, ReportKind
from dienstverlening.reports.services import report_approve, report_generate
from dienstverlening.reports.targets import ReportError


def _make(kind: str, period: str, municipality, *, user, approve: bool) -> int:
    existing = Report.objects.filter(kind=kind, municipality=municipality)
    if kind != ReportKind.BASELINE:
        existing = existing.filter(period_code=period)
    if existing.exists():
        return 0
    try:
        report = report_generate(
            kind=kind,
            period=period,
            municipality=municipality,
            user=user,
            render=False,
            nested=True,
        )
    except ReportError:  # e.g. a quarter that has only just begun: nothing to report yet
        return 0
    if approve:
        report_approve(report=report, user=user, nested=True)
    return 1


def generate(
    *, rng: random.Random, scale: float, now: datetime.datetime | None = None
) -> dict[str, int]:
    """The demo's reports as they stand at ``now``; returns counts for the summary."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    coordinator = get_user_model().objects.filter(username="coordinator").first()
    last_year = str(today.year - 1)
    made = _make(ReportKind.SERVICE, last_year, None, user=coordinator, approve=True)
    for municipality in Municipality.objects.order_by("name"):
        made += _make(
            ReportKind.COUNCIL_LETTER, last_year, municipality, user=coordinator, approve=True
        )
    made += _make(ReportKind.BASELINE, "", None, user=coordinator, approve=True)
    this_quarter = cell(today, "quarter").code
    made += _make(ReportKind.SERVICE, this_quarter, None, user=coordinator, approve=False)
    return {"rapportages": made}
