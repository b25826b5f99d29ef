"""A report made by a real task worker (the database backend, or RQ on Redis in the RQ pass of
CI): the job page follows it to the end and links to the new version with its files."""

import pytest
from django.urls import reverse

from dienstverlening.core.models import Job, JobStatus
from dienstverlening.reports.models import FileFormat, Report, ReportKind, ReportStatus
from tests.conftest import logged_in
from tests.reports.conftest import THIS_YEAR
from tests.reports.helpers import pdf_text
from tests.workers import wait_for

pytestmark = pytest.mark.django_db


@pytest.mark.tasks
def test_a_year_report_is_made_by_the_worker_and_the_job_page_links_to_it(
    task_worker, client, coordinator, measured, callbacks
):
    logged_in(client, coordinator)
    started = client.post(reverse("reports-new"), {"kind": ReportKind.SERVICE, "period": THIS_YEAR})
    job = Job.objects.get()
    assert started["Location"] == job.get_absolute_url()
    job = wait_for(lambda: Job.objects.filter(pk=job.pk, finished_at__isnull=False).first())

    assert job.status == JobStatus.SUCCEEDED, job.errors
    assert job.stage == "documents" and job.done == job.total > 0
    report = Report.objects.get()
    assert report.status == ReportStatus.DRAFT and report.version == 1
    page = client.get(started["Location"]).content.decode()
    assert f"Bekijk {report.title}" in page and report.get_absolute_url() in page
    text = pdf_text(bytes(report.files.get(format=FileFormat.PDF).data))
    assert "steeg van 50 % naar 90 %. Dat is een echte verbetering." in text
