"""Background work of the surveys: importing external results and invitation lists.

Each task wraps the service that already exists (``imports.responses_import``,
``invitations.contacts_parse`` + ``invitations_create``); ``core.jobs.job_run`` records progress,
outcome and errors.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_tasks import task

from dienstverlening.core.importing import ImportFailed
from dienstverlening.core.jobs import JobFailed, job_object, job_run, upload_read
from dienstverlening.core.models import Job, JobStatus
from dienstverlening.core.progress import Progress, Stage
from dienstverlening.core.tabular import CellError, read_table

from . import imports, invitations
from .import_uploads import (
    IMPORT_JOB,
    already_message,
    response_import_claim,
    response_import_done,
    response_import_release,
    response_upload_table,
)
from .models import ResponseImport, SurveyRun

IMPORT = IMPORT_JOB
INVITATIONS = "surveys.invitations"


def running_import_job(item: ResponseImport) -> Job | None:
    """The job that is importing this file right now, if any (one at a time)."""
    return Job.objects.filter(
        kind=IMPORT,
        params__response_import=item.pk,
        status__in=[JobStatus.QUEUED, JobStatus.RUNNING],
    ).first()


def last_import_job(item: ResponseImport) -> Job | None:
    """The newest job that imported (or tried to import) this file."""
    return Job.objects.filter(kind=IMPORT, params__response_import=item.pk).first()


@task()
def responses_import_task(job_id: str) -> dict:
    """Import an uploaded file of external results with the chosen columns: all rows or none."""
    return job_run(job_id, _import, stages=3)


def _import(job: Job, progress: Progress) -> dict:
    params = job.params
    item = job_object(
        ResponseImport.objects.select_related("run__questionnaire").filter(
            pk=params.get("response_import")
        ),
        gone=_("Dit bestand is al geïmporteerd of geannuleerd."),
    )
    outcome = {"response_import": item.pk, "run": item.run_id}
    # One import per file: only the task that takes it goes on.
    if not response_import_claim(item):
        item.refresh_from_db()
        raise JobFailed([already_message(item.status)], {**outcome, "already": item.status})
    try:
        progress(Stage.READ, 0, None)
        table = response_upload_table(item)
        mapping = params.get("mapping") or {}
        count = imports.responses_import(
            run=item.run,
            table=table,
            mapping=mapping,
            response_import=item,
            save_as=params.get("save_as") or "",
            progress=progress,
        )
    except ImportFailed as failure:
        response_import_release(item)
        missing = failure.checked.missing if failure.checked else []
        errors = [_("Geen kolom voor: %(label)s") % {"label": label} for label in missing]
        raise JobFailed(errors + [str(error) for error in failure.errors], outcome) from failure
    except CellError as error:  # over a limit (a file from before the limits were checked)
        response_import_release(item)
        raise JobFailed([str(error)], outcome) from error
    except BaseException:
        response_import_release(item)
        raise
    response_import_done(item)
    return {**outcome, "count": count}


@task()
def invitations_create_task(job_id: str) -> dict:
    """Read an uploaded contact list and set one invitation ready per contact."""
    return job_run(job_id, _invitations, stages=3)


def _invitations(job: Job, progress: Progress) -> dict:
    run = job_object(
        SurveyRun.objects.filter(pk=job.params.get("run")),
        gone=_("Deze meting bestaat niet meer."),
    )
    outcome = {"run": run.pk}
    progress(Stage.READ, 0, None)
    try:
        table = read_table(upload_read(job), job.params.get("filename", ""))
    except CellError as error:  # over a limit: the message says which
        raise JobFailed([str(error)], outcome) from error
    except JobFailed:
        raise
    except Exception as error:
        raise JobFailed(
            [_("Dit bestand kunnen we niet lezen. Kies een CSV- of Excel-bestand.")], outcome
        ) from error
    contacts = invitations.contacts_parse(table=table, progress=progress)
    if contacts.errors:
        raise JobFailed(contacts.errors, outcome)
    progress(Stage.SAVE, 0, len(contacts.contacts))
    try:
        created, skipped = invitations.invitations_create(run=run, contacts=contacts.contacts)
    except ValidationError as error:
        raise JobFailed(error.messages, outcome) from error
    progress(Stage.SAVE, len(contacts.contacts), len(contacts.contacts))
    return {**outcome, "created": created, "skipped": skipped}


# --- the response export as XLSX ------------------------------------------------------------

EXPORT = "surveys.export"


@task()
def responses_export_task(job_id: str) -> dict:
    """Write the anonymous responses (all, or one run's) to an XLSX file for whoever asked."""
    return job_run(job_id, _export, stages=2)


def _export(job: Job, progress: Progress) -> dict:
    from dienstverlening.core.exports import xlsx_write_large
    from dienstverlening.core.job_files import job_file_write

    from .access import can_export
    from .exports import responses_stream

    run = None
    if job.params.get("run"):
        run = job_object(
            SurveyRun.objects.filter(pk=job.params["run"]),
            gone=_("Deze meting bestaat niet meer. Er is geen bestand gemaakt."),
        )
    if job.started_by is None or not can_export(job.started_by):
        raise JobFailed(
            [_("U mag de antwoorden niet (meer) downloaden. Er is geen bestand gemaakt.")]
        )
    progress(Stage.FIGURES, 0, None)
    stream = responses_stream(run=run)
    stream.prepare(progress)
    export = stream.export
    name = job_file_write(
        job,
        ".xlsx",
        lambda path: xlsx_write_large(
            path,
            "antwoorden",
            export.headers,
            stream.rows(progress),
            notes=export.explanation(),
        ),
    )
    return {
        "file": name,
        "run": run.pk if run else None,
        "rows": stream.shown,
        "left_out": export.left_out,
    }
