"""Background work of the handling register: file imports started on a page, mailbox syncs.

Each task wraps a service that already exists (``importing.handling_import``,
``mailsync.mailboxes_sync``); ``core.jobs.job_run`` records progress, outcome and errors.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_tasks import task

from dienstverlening.core.importing import ImportFailed
from dienstverlening.core.jobs import KEEP_UPLOAD, JobFailed, job_object, job_run, upload_read
from dienstverlening.core.models import Job
from dienstverlening.core.progress import Progress, Stage

from .importing import handling_import, import_parse
from .mailsync import mailboxes_sync
from .models import ImportSource, Mailbox
from .services import import_outcome

IMPORT = "handling.import"
MAILSYNC = "handling.mailsync"


@task()
def handling_import_task(job_id: str) -> dict:
    """Check a file and, unless ``params["save"]`` is false, save all its rows (or none)."""
    return job_run(job_id, _import, stages=3)


def _import(job: Job, progress: Progress) -> dict:
    params = job.params
    source = job_object(
        ImportSource.objects.filter(pk=params.get("source")),
        gone=_("De bron van deze import bestaat niet meer."),
    )
    data = upload_read(job)
    filename = params.get("filename", "")
    if not params.get("save", True):
        parsed = import_parse(source=source, data=data, filename=filename, progress=progress)
        outcome = {"rows": parsed.total_rows, "preview": parsed.preview, "checked_only": True}
        if parsed.errors:
            raise JobFailed([str(error) for error in parsed.errors], outcome)
        return {**outcome, KEEP_UPLOAD: True}
    try:
        result = handling_import(source=source, data=data, filename=filename, progress=progress)
    except ImportFailed as failed:
        raise JobFailed([str(error) for error in failed.errors]) from failed
    except ValidationError as error:
        raise JobFailed(error.messages) from error
    return import_outcome(result)


@task()
def mailboxes_sync_task(job_id: str) -> dict:
    """Read every active team mailbox, one after the other; a failing one does not stop the rest."""
    return job_run(job_id, _sync)


def _sync(job: Job, progress: Progress) -> dict:
    total = Mailbox.objects.filter(active=True).count()
    lines: list[dict] = []

    def report(outcome) -> None:
        mailbox, result, error = outcome
        lines.append(
            {
                "name": mailbox.name,
                "error": error,
                "fetched": result.fetched if result else 0,
                "opened": result.opened if result else 0,
                "closed": result.closed if result else 0,
            }
        )
        progress(Stage.SYNC, len(lines), max(total, len(lines)))

    progress(Stage.SYNC, 0, total)
    mailboxes_sync(progress=report)
    return {"mailboxes": lines, "failed": sum(1 for line in lines if line["error"])}
