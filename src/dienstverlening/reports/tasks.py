"""Background work of the reports: making a version (figures, text, files) with progress.

The task wraps ``services.report_generate``; ``core.jobs.job_run`` records progress, outcome and
errors. A report that cannot be made (no data, a period in the future) fails with the Dutch
reason and stores nothing.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_tasks import task

from dienstverlening.core.jobs import JobFailed, job_object, job_run
from dienstverlening.core.models import Job
from dienstverlening.core.progress import Progress
from dienstverlening.organisation.models import Municipality

from .models import Report
from .services import report_files_make, report_generate
from .targets import ReportError

GENERATE = "reports.generate"
FILES = "reports.files"


@task()
def report_generate_task(job_id: str) -> dict:
    return job_run(job_id, _generate, stages=2)


def _generate(job: Job, progress: Progress) -> dict:
    params = job.params
    municipality = None
    if params.get("municipality"):
        municipality = job_object(
            Municipality.objects.filter(slug=params["municipality"]),
            gone=_("Deze gemeente bestaat niet meer."),
        )
    try:
        report = report_generate(
            kind=params["kind"],
            period=params.get("period", ""),
            municipality=municipality,
            user=job.started_by,
            progress=progress,
        )
    except ReportError as error:
        raise JobFailed(error.messages) from error
    return {
        "report": report.pk,
        "title": report.title,
        "version": report.version,
        "url": report.get_absolute_url(),
    }


@task()
def report_files_task(job_id: str) -> dict:
    """Make the files of an approved version right away, so the first download is quick."""
    return job_run(job_id, _files)


def _files(job: Job, progress: Progress) -> dict:
    report = job_object(
        Report.objects.filter(pk=job.params.get("report")),
        gone=_("Deze rapportage bestaat niet meer."),
    )
    files = report_files_make(report=report, progress=progress)
    return {"report": report.pk, "url": report.get_absolute_url(), "files": len(files)}
