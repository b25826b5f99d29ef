"""Background work of the surveys: importing external results and invitation lists.

Each task wraps the service that already exists (``imports.responses_import``,
``invitations.contacts_parse`` + ``invitations_create``); ``core.jobs.job_run`` records progress,
outcome and errors.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_tasks import task

from dienstverlening.core.jobs import JobFailed, job_run, upload_read
from dienstverlening.core.models import Job, JobStatus
from dienstverlening.core.progress import Progress, Stage
from dienstverlening.core.tabular import read_table

from . import exports, imports, invitations
from .models import ImportMapping, ImportStatus, ResponseImport, SurveyRun

IMPORT = "surveys.import"
INVITATIONS = "surveys.invitations"


def running_import_job(item: ResponseImport) -> Job | None:
    """The job that is importing this file right now, if any (one at a time)."""
    return Job.objects.filter(
        kind=IMPORT,
        params__response_import=item.pk,
        status__in=[JobStatus.QUEUED, JobStatus.RUNNING],
    ).first()


@task()
def responses_import_task(job_id: str) -> dict:
    """Import an uploaded file of external results with the chosen columns: all rows or none."""
    return job_run(job_id, _import, stages=3)


def _import(job: Job, progress: Progress) -> dict:
    params = job.params
    item = (
        ResponseImport.objects.select_related("run__questionnaire")
        .filter(pk=params.get("response_import"))
        .first()
    )
    if item is None or item.status != ImportStatus.UPLOADED or not item.upload:
        raise JobFailed([_("Dit bestand is al geïmporteerd of geannuleerd.")])
    outcome = {"response_import": item.pk, "run": item.run_id}
    progress(Stage.READ, 0, None)
    with item.upload.open("rb") as handle:
        table = read_table(handle.read(), item.filename)
    mapping = params.get("mapping") or {}
    try:
        count = imports.responses_import(
            run=item.run, table=table, mapping=mapping, response_import=item, progress=progress
        )
    except imports.ImportFailed as failure:
        parsed = failure.parsed
        errors = [_("Geen kolom voor: %(label)s") % {"label": label} for label in parsed.missing]
        raise JobFailed(errors + parsed.errors, outcome) from failure
    if params.get("save_as"):
        ImportMapping.objects.update_or_create(
            name=params["save_as"], defaults={"mapping": mapping}
        )
    exports.import_discard(item=item, status=ImportStatus.IMPORTED)
    return {**outcome, "count": count}


@task()
def invitations_create_task(job_id: str) -> dict:
    """Read an uploaded contact list and set one invitation ready per contact."""
    return job_run(job_id, _invitations, stages=3)


def _invitations(job: Job, progress: Progress) -> dict:
    run = SurveyRun.objects.filter(pk=job.params.get("run")).first()
    if run is None:
        raise JobFailed([_("Deze meting bestaat niet meer.")])
    outcome = {"run": run.pk}
    progress(Stage.READ, 0, None)
    try:
        table = read_table(upload_read(job), job.params.get("filename", ""))
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
