"""Every write of the reports app: make a version, approve it, keep its files.

A version is made in two steps: the content (figures and text) is built by reading ``insights``
outside any transaction, then the version is numbered and stored in one short transaction. Its
files are rendered from the stored content only, so rendering again later gives the same report;
once stored, a file is never replaced. Approving deletes the draft's files (they say "concept");
the approved files are made from the same frozen content on first use and then kept.
"""

from __future__ import annotations

import datetime
import hashlib

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dienstverlening.core.progress import Progress, Stage
from dienstverlening.organisation.models import Municipality

from .building import content_build, title_for
from .models import FileFormat, Report, ReportFile, ReportKind, ReportStatus
from .targets import ReportError, Target, target_check_data, target_resolve

__all__ = [
    "ReportError",
    "report_approve",
    "report_check",
    "report_file",
    "report_files_make",
    "report_generate",
    "report_regenerate",
]

REFERENCE_PREFIX = "RIB"


def report_check(
    *,
    kind: str,
    period: str,
    municipality: Municipality | None,
    today: datetime.date,
    check_data: bool = False,
) -> Target:
    """What ``report_generate`` would make, checked: a Dutch ``ReportError`` when it cannot
    (``check_data``: also when the period has nothing to report)."""
    target = target_resolve(kind=kind, period=period, municipality=municipality, today=today)
    if check_data:
        target_check_data(target)
    return target


def _next_version(target: Target) -> int:
    latest = Report.objects.filter(
        kind=target.kind, municipality=target.municipality, period_code=target.period_code
    ).aggregate(latest=Max("version"))["latest"]
    return (latest or 0) + 1


def _next_reference(municipality: Municipality, year: int) -> str:
    """'RIB-GM0632-2026-004': the council letters of one municipality in one year, counted."""
    prefix = f"{REFERENCE_PREFIX}-{municipality.cbs_code}-{year}-"
    used = Report.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
    numbers = [int(ref.rsplit("-", 1)[1]) for ref in used if ref.rsplit("-", 1)[1].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def report_generate(
    *,
    kind: str,
    period: str,
    municipality: Municipality | None,
    user=None,
    progress: Progress | None = None,
    render: bool = True,
    nested: bool = False,
) -> Report:
    """Make the next version of a report: freeze its figures and text, then (``render``) its
    files. Raises ``ReportError`` (Dutch) for a period in the future, without data, and so on.
    ``nested`` stores it in the caller's transaction (the demo loads in one)."""
    now = timezone.now()
    today = timezone.localdate(now)
    target = report_check(kind=kind, period=period, municipality=municipality, today=today)

    def figures_progress(done: int, total: int) -> None:
        if progress:
            progress(Stage.FIGURES, done, total)

    content = content_build(target, today=today, progress=figures_progress)
    report = _report_store(target, content, user=user, now=now, nested=nested)
    if render:
        report_files_make(report=report, progress=progress)
    return report


def _report_store(
    target: Target, content: dict, *, user, now: datetime.datetime, nested: bool = False
) -> Report:
    for attempt in range(3):
        try:
            with transaction.atomic(durable=not nested):
                reference = ""
                if target.kind == ReportKind.COUNCIL_LETTER:
                    reference = _next_reference(target.council, timezone.localdate(now).year)
                return Report.objects.create(
                    kind=target.kind,
                    municipality=target.municipality,
                    period_code=target.period_code,
                    period_start=target.period.start,
                    period_end=target.period.end,
                    version=_next_version(target),
                    title=title_for(target),
                    content=content,
                    reference=reference,
                    created_by=user if getattr(user, "is_authenticated", False) else None,
                    created_at=now,
                )
        except IntegrityError:  # two versions numbered at once: the second counts again
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def report_regenerate(*, report: Report, user=None, progress: Progress | None = None) -> Report:
    """A new version of the same report with today's data; ``report`` itself never changes."""
    return report_generate(
        kind=report.kind,
        period=report.period_code,
        municipality=report.municipality,
        user=user,
        progress=progress,
    )


def report_approve(*, report: Report, user, nested: bool = False) -> Report:
    """Approve a draft, once. Its draft files go; the approved files are made from the same
    frozen content. A second approval is refused and changes nothing. ``nested``: in the
    caller's transaction (the demo loads in one)."""
    with transaction.atomic(durable=not nested):
        locked = (
            Report.objects.select_for_update(of=("self",))
            .select_related("approved_by")
            .get(pk=report.pk)
        )
        if locked.is_approved:
            raise ReportError(
                _("Deze versie is al vastgesteld op %(when)s door %(who)s. Er is niets veranderd.")
                % {
                    "when": date_format(timezone.localtime(locked.approved_at), "j F Y"),
                    "who": locked.approved_by or _("onbekend"),
                },
                code="already_approved",
            )
        locked.status = ReportStatus.APPROVED
        locked.approved_by = user
        locked.approved_at = timezone.now()
        locked.full_clean()
        locked.save(update_fields=["status", "approved_by", "approved_at"])
        locked.files.all().delete()
    return locked


def _store_file(report: Report, fmt: str, data: bytes) -> ReportFile:
    try:
        with transaction.atomic():
            return ReportFile.objects.create(
                report=report,
                format=fmt,
                data=data,
                sha256=hashlib.sha256(data).hexdigest(),
                size=len(data),
                created_at=timezone.now(),
            )
    except IntegrityError:  # made at the same moment elsewhere: the first one stays
        return ReportFile.objects.get(report=report, format=fmt)


def report_file(*, report: Report, fmt: str) -> ReportFile:
    """The stored file of a version; made from its frozen content the first time."""
    if fmt not in FileFormat.values:
        raise ReportError(_("Dit bestandstype bestaat niet."), code="format")
    found = ReportFile.objects.filter(report=report, format=fmt).first()
    if found is not None:
        return found
    from .rendering import render_file

    return _store_file(report, fmt, render_file(report, fmt))


def report_files_make(*, report: Report, progress: Progress | None = None) -> list[ReportFile]:
    """Make and keep every file of a version (the background task does this right away)."""
    made = []
    formats = report.formats
    for done, fmt in enumerate(formats):
        if progress:
            progress(Stage.DOCUMENTS, done, len(formats))
        made.append(report_file(report=report, fmt=fmt))
    if progress:
        progress(Stage.DOCUMENTS, len(formats), len(formats))
    return made
