"""Who may see, make and approve reports, built only on ``core.access``.

- Approved versions: everybody signed in (they are published to colleagues and councils).
- Drafts: the coördinator (who makes and approves them) and directie.
- Making a report or a new version, and approving a draft: the coördinator.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from dienstverlening.core.access import is_framework_owner, is_signed_in, sees_everything

from .models import Report, ReportStatus


def reports_for(user) -> QuerySet[Report]:
    """The versions ``user`` may see: approved ones; drafts too for coördinator and directie."""
    if not is_signed_in(user):
        return Report.objects.none()
    reports = Report.objects.select_related("municipality", "approved_by").defer("content")
    if sees_everything(user):
        return reports
    return reports.filter(status=ReportStatus.APPROVED)


def can_see_report(user, report: Report) -> bool:
    if not is_signed_in(user):
        return False
    return report.is_approved or sees_everything(user)


def access_report(user, pk: int) -> Report:
    report = get_object_or_404(Report.objects.select_related("municipality", "approved_by"), pk=pk)
    if not can_see_report(user, report):
        raise PermissionDenied
    return report


def can_make_reports(user) -> bool:
    return is_framework_owner(user)


def access_report_making(user) -> None:
    if not can_make_reports(user):
        raise PermissionDenied


def can_approve_report(user, report: Report) -> bool:
    return is_framework_owner(user) and not report.is_approved


def access_report_for_approval(user, pk: int) -> Report:
    """The coördinator approves; an approved version comes back too, so that the service can
    say it was approved already (nothing changes)."""
    report = access_report(user, pk)
    if not is_framework_owner(user):
        raise PermissionDenied
    return report
