"""Who sees, makes and approves which report version (``reports.access``)."""

import pytest
from django.core.exceptions import PermissionDenied

from dienstverlening.reports.access import (
    access_report,
    access_report_for_approval,
    access_report_making,
    can_approve_report,
    reports_for,
)
from dienstverlening.reports.models import ReportKind, ReportStatus
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(db):
    return ReportFactory(status=ReportStatus.DRAFT)


@pytest.fixture
def approved(db):
    return ReportFactory(kind=ReportKind.PC_PARAGRAPH, approved=True)


def test_everyone_signed_in_reads_approved_versions_only_coordinator_and_directie_drafts(
    employee, manager, coordinator, directie, draft, approved
):
    for user in (employee, manager):
        assert access_report(user, approved.pk) == approved
        with pytest.raises(PermissionDenied):
            access_report(user, draft.pk)
        assert list(reports_for(user)) == [approved]
    for user in (coordinator, directie):
        assert access_report(user, draft.pk) == draft
        assert set(reports_for(user)) == {draft, approved}


def test_only_the_coordinator_makes_and_approves(employee, directie, coordinator, draft, approved):
    access_report_making(coordinator)
    assert access_report_for_approval(coordinator, draft.pk) == draft
    assert can_approve_report(coordinator, draft)
    assert not can_approve_report(coordinator, approved)  # once is enough
    for user in (employee, directie):
        with pytest.raises(PermissionDenied):
            access_report_making(user)
        with pytest.raises(PermissionDenied):
            access_report_for_approval(user, draft.pk)
        assert not can_approve_report(user, draft)


def test_anonymous_visitors_see_no_report(approved):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        access_report(AnonymousUser(), approved.pk)
    assert not reports_for(AnonymousUser()).exists()
