"""Background jobs: long work started from a page runs in a task, the page shows its progress.

An app defines its work as a module-level task (``<app>/tasks.py``) that calls ``job_run`` with
a function ``work(job, progress) -> outcome``; a view calls ``job_start`` and redirects to the
job's page (``job.get_absolute_url()``). The page polls one partial until the job is done, then
shows the outcome (template ``<app>/jobs/<name>.html``) or the errors. Leaving the page loses
nothing: the job runs on in the worker and its page can be opened again from "Mijn taken".

The work reports trouble it expects (a file with bad rows) by raising ``JobFailed`` with Dutch
messages; anything else is logged, shown as "iets onverwachts" and raised again so the task
backend records it too.

Work runs once, however often it is asked for. A page that starts work passes its form's one-time
key (``core.uploads.OnceFormMixin``) as ``job_start(key=…)``: the job's id is made from the key,
so the same page sent twice finds the first job (``job.reused``) instead of adding one — the
database's primary key decides, also between two requests at the same moment. And a task runs
its job only if it is the one that moves it from "queued" to "running" (a conditional UPDATE),
so a task delivered twice does the work once.
"""

from __future__ import annotations

import datetime
import logging
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from .access import is_administrator, is_signed_in
from .audit import audit_context
from .models import Job, JobStatus
from .progress import (
    JobProgress,
    Progress,
    Stage,
    progress_forget,
    progress_read,
    remaining_seconds,
)

logger = logging.getLogger(__name__)

M = TypeVar("M", bound=Model)

MAX_ERRORS = 1000  # kept per job; the count says how many there were
KEEP_UPLOAD = "_keep_upload"  # an outcome with this key keeps the uploaded file for a next job
WAIT_HINT_SECONDS = 30  # a job that waits longer than this gets a hint about the worker
STALL_SECONDS = 600  # a running job without news for this long: the worker may have stopped

Work = Callable[[Job, Progress], dict]
# Job ids made from a form's one-time key live in a namespace of their own.
KEYED_JOBS = uuid.UUID("5c0b6a55-0f43-4c39-9a52-3f8e3c1d2b7e")


class JobFailed(Exception):
    """The work could not be done for a reason the user can fix; nothing crashed."""

    def __init__(self, errors: list[str], outcome: dict | None = None) -> None:
        super().__init__("; ".join(errors[:3]))
        self.errors = [str(e) for e in errors]
        self.outcome = outcome or {}


def job_object(found: QuerySet[M], *, gone: str) -> M:
    """What a job works on: the first of ``found`` (the object its parameters name). When it no
    longer exists (deleted since the job was started), the job fails with the message ``gone``."""
    obj = found.first()
    if obj is None:
        raise JobFailed([gone])
    return obj


# --- who may see a job ------------------------------------------------------------------------


def can_see_job(user, job: Job) -> bool:
    """The person who started it, and the functioneel beheerder."""
    if not is_signed_in(user):
        return False
    return job.started_by_id == user.pk or is_administrator(user)


def access_job(user, job: Job) -> None:
    if not can_see_job(user, job):
        raise PermissionDenied


def jobs_for(user):
    """The jobs a user may see: their own; the beheerder sees everyone's."""
    jobs = Job.objects.select_related("started_by")
    if is_administrator(user):
        return jobs
    return jobs.filter(started_by=user)


# --- uploaded files ---------------------------------------------------------------------------


def upload_dir() -> Path:
    path = Path(settings.DV_UPLOAD_DIR)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def upload_read(job: Job) -> bytes:
    """The job's uploaded file; a missing file is an error the user can act on."""
    try:
        if not job.upload:
            raise FileNotFoundError(job.pk)
        return (upload_dir() / Path(job.upload).name).read_bytes()
    except FileNotFoundError as error:
        raise JobFailed(
            [
                _(
                    "Het bestand van deze taak is er niet meer (al gebruikt of verwijderd). "
                    "Kies het opnieuw."
                )
            ]
        ) from error


def _upload_store(job: Job, upload: UploadedFile) -> str:
    suffix = Path(upload.name or "").suffix.lower()[:6]
    name = f"{job.pk}{suffix}"
    target = upload_dir() / name
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return name


def _upload_delete(job: Job) -> None:
    if job.upload:
        (upload_dir() / Path(job.upload).name).unlink(missing_ok=True)
        job.upload = ""


def job_upload_discard(*, job: Job) -> None:
    """Delete a job's uploaded file now (a check that will not be followed by an import)."""
    _upload_delete(job)
    Job.objects.filter(pk=job.pk).update(upload="")


# --- starting and running ---------------------------------------------------------------------


def job_start(
    *,
    task,
    kind: str,
    title: str,
    user,
    params: dict | None = None,
    upload: UploadedFile | None = None,
    upload_from: Job | None = None,
    back_url: str = "",
    key: str = "",
) -> Job:
    """Record a job and put its task in the queue. ``task`` is called with the job's id.

    ``upload`` is stored privately for the worker; ``upload_from`` hands over the file of an
    earlier job (a check followed by the import itself). When the queue cannot be reached the
    job is failed at once with a message, so the page still says what happened.

    ``key`` (a form's one-time key, or any text naming this one request): when a job was already
    started with the same key, kind and user, that job is returned with ``job.reused`` True and
    nothing new is started or stored.
    """
    started_by = user if getattr(user, "is_authenticated", False) else None
    job = Job(
        id=_keyed_id(key, kind, started_by) if key else uuid.uuid4(),
        kind=kind,
        title=title[:200],
        started_by=started_by,
        params=params or {},
        back_url=back_url,
    )
    job.reused = False
    # The row first: its primary key decides which of two requests with one key goes on.
    try:
        with transaction.atomic():
            job.save(force_insert=True)
    except IntegrityError:
        first = Job.objects.filter(pk=job.pk).first()
        if first is None:
            raise
        first.reused = True
        return first
    if upload is not None:
        try:
            job.upload = _upload_store(job, upload)
        except BaseException:  # no file, no job: nothing waits for a worker in vain
            Job.objects.filter(pk=job.pk).delete()
            raise
    elif (
        upload_from is not None
        and upload_from.upload
        # Hand the file over once: a second click finds it gone (``upload_read`` says so).
        and Job.objects.filter(pk=upload_from.pk, upload=upload_from.upload).update(upload="")
    ):
        job.upload = upload_from.upload
    if job.upload:
        Job.objects.filter(pk=job.pk).update(upload=job.upload)
    try:
        result = task.enqueue(str(job.pk))
    except Exception as error:
        logger.exception("Taak %s (%s) kon niet in de wachtrij", job.pk, kind)
        job.refresh_from_db()
        _finish(
            job,
            None,
            JobStatus.FAILED,
            errors=[
                _(
                    "De taak kon niet worden gestart (%(error)s). Probeer het later opnieuw of "
                    "vraag de functioneel beheerder om hulp."
                )
                % {"error": type(error).__name__}
            ],
        )
        return job
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def _keyed_id(key: str, kind: str, user) -> uuid.UUID:
    return uuid.uuid5(KEYED_JOBS, f"{kind}:{getattr(user, 'pk', '')}:{key}")


def job_find(*, kind: str, user, key: str) -> Job | None:
    """The job ``job_start`` started with this key, kind and user, if any."""
    started_by = user if getattr(user, "is_authenticated", False) else None
    return Job.objects.filter(pk=_keyed_id(key, kind, started_by)).first()


def job_reused_message(job: Job) -> str:
    """What the page of a job says to someone who sent the same request a second time."""
    if job.is_finished:
        return _(
            "Dit was al verstuurd en is één keer verwerkt. Hieronder ziet u de uitkomst; er is "
            "niets dubbel gedaan."
        )
    return _(
        "Dit was al verstuurd en wordt nu verwerkt. Het gebeurt één keer: hieronder ziet u hoe "
        "ver het is."
    )


def job_redirect(request: HttpRequest, job: Job) -> HttpResponseRedirect:
    """To the page of a job just started; when the same request was sent twice, the page says
    that nothing was done twice (``job_reused_message``)."""
    if job.reused:
        messages.info(request, job_reused_message(job))
    return redirect(job)


def job_run(job_id: str, work: Work, *, stages: int = 1) -> dict:
    """Run ``work`` for the job inside its task: mark it running, report progress, record the
    outcome or the errors, delete the uploaded file. Returns a small summary for the backend."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return {"status": "missing"}
    job.status = JobStatus.RUNNING
    job.started_at = timezone.now()
    # Only the run that moves the job from "queued" to "running" works on it: a task delivered
    # twice (a retry, two workers) leaves the second one with nothing to do.
    if not Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=job.status, started_at=job.started_at
    ):
        job.refresh_from_db()
        return {"status": job.status, "skipped": True}
    progress = JobProgress(job.pk, stages=stages)
    try:
        # Changes the work makes are recorded in the audit trail as made by whoever started it.
        with audit_context(actor=job.started_by, via="task", name=job.kind, job=str(job.pk)):
            outcome = work(job, progress)
    except JobFailed as failed:
        _finish(job, progress, JobStatus.FAILED, outcome=failed.outcome, errors=failed.errors)
    except Exception as error:
        logger.exception("Taak %s (%s) is mislukt", job.pk, job.kind)
        _finish(
            job,
            progress,
            JobStatus.FAILED,
            errors=[
                _(
                    "Er ging iets onverwachts mis (%(error)s). Probeer het opnieuw of vraag de "
                    "functioneel beheerder om hulp."
                )
                % {"error": type(error).__name__}
            ],
        )
        raise
    else:
        _finish(job, progress, JobStatus.SUCCEEDED, outcome=outcome)
    return {"status": job.status, "errors": len(job.errors)}


def _finish(
    job: Job,
    progress: JobProgress | None,
    status: str,
    *,
    outcome: dict | None = None,
    errors: list[str] | None = None,
) -> None:
    outcome = dict(outcome or {})
    keep = outcome.pop(KEEP_UPLOAD, False)
    errors = list(errors or [])
    if len(errors) > MAX_ERRORS:
        outcome["error_count"] = len(errors)
        errors = errors[:MAX_ERRORS]
    job.status = status
    job.finished_at = timezone.now()
    job.outcome = outcome
    job.errors = errors
    if progress is not None and progress.stage:
        job.stage, job.done, job.total = progress.stage, progress.done, progress.total
    if not keep:
        _upload_delete(job)
    job.save(
        update_fields=[
            "status",
            "finished_at",
            "outcome",
            "errors",
            "stage",
            "done",
            "total",
            "upload",
        ]
    )
    progress_forget(job.pk)


# --- what the page shows ----------------------------------------------------------------------


@dataclass
class JobState:
    job: Job
    status: str
    stage: str
    stage_label: str
    step: int
    steps: int
    done: int
    total: int | None
    percent: int | None
    elapsed: float
    remaining: float | None
    waiting_long: bool
    stalled: bool

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    @property
    def error_count(self) -> int:
        return self.job.outcome.get("error_count") or len(self.job.errors)


def _task_failed(job: Job) -> bool:
    """The worker died or the task crashed before the job could say so."""
    if not job.task_id:
        return False
    try:
        from django_tasks import TaskResultStatus, default_task_backend

        result = default_task_backend.get_result(job.task_id)
    except Exception:  # the immediate backend keeps no results; a pruned result is no news
        return False
    return result.status == TaskResultStatus.FAILED


def job_state(job: Job, *, now: datetime.datetime | None = None) -> JobState:
    """Progress for the page: stage, rows done of total, elapsed and an estimate of the rest."""
    now = now or timezone.now()
    if not job.is_finished and job.status == JobStatus.RUNNING and _task_failed(job):
        job.refresh_from_db()
        if not job.is_finished:
            _finish(
                job,
                None,
                JobStatus.FAILED,
                errors=[
                    _(
                        "De verwerking is onderbroken. Er is niets half opgeslagen; probeer het "
                        "opnieuw of vraag de functioneel beheerder om hulp."
                    )
                ],
            )
    live = None if job.is_finished else progress_read(job.pk)
    stage, done, total, step, steps = job.stage, job.done, job.total, 1, 1
    stage_elapsed = 0.0
    stalled = False
    if live:
        stalled = now.timestamp() - live.get("updated", now.timestamp()) > STALL_SECONDS
        stage, done, total = live["stage"], live["done"], live["total"]
        step, steps = live["step"], live["steps"]
        stage_elapsed = max(0.0, now.timestamp() - live["stage_started"])
    if job.started_at is None:
        elapsed = 0.0
    else:
        elapsed = max(0.0, ((job.finished_at or now) - job.started_at).total_seconds())
    percent = None
    if total:
        percent = min(100, int(100 * done / total))
    waiting = (now - job.created_at).total_seconds()
    return JobState(
        job=job,
        status=job.status,
        stage=stage,
        stage_label=str(Stage(stage).label) if stage in Stage.values else "",
        step=step,
        steps=steps,
        done=done,
        total=total,
        percent=percent,
        elapsed=elapsed,
        remaining=None
        if job.is_finished
        else remaining_seconds(done=done, total=total, elapsed=stage_elapsed),
        waiting_long=job.status == JobStatus.QUEUED and waiting > WAIT_HINT_SECONDS,
        stalled=stalled,
    )


# --- clearing up ------------------------------------------------------------------------------


_UPLOAD_PRUNERS: list[Callable[..., int]] = []


def upload_pruner_register(pruner: Callable[..., int]) -> None:
    """An app that keeps uploaded files of its own (surveys: result files waiting for their
    columns) registers here how to delete the forgotten ones:
    ``pruner(now=…, cutoff=…, dry_run=…)`` deletes (or, dry, only counts) the files nobody used
    since ``cutoff`` and returns their number. ``uploads_prune`` calls it."""
    if pruner not in _UPLOAD_PRUNERS:
        _UPLOAD_PRUNERS.append(pruner)


def uploads_prune(
    *, now: datetime.datetime, cutoff: datetime.datetime, dry_run: bool = False
) -> int:
    """Delete uploaded files nobody will read any more: in ``DV_UPLOAD_DIR`` those older than
    ``cutoff`` that no queued or running job waits for, and those the apps keep
    (``upload_pruner_register``). Returns the number of files (a dry run only counts)."""
    waiting = set(
        Job.objects.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
        .exclude(upload="")
        .values_list("upload", flat=True)
    )
    files = 0
    before = cutoff.timestamp()
    for path in upload_dir().iterdir():
        if path.is_file() and path.name not in waiting and path.stat().st_mtime < before:
            if not dry_run:
                path.unlink(missing_ok=True)
                Job.objects.filter(upload=path.name).update(upload="")
            files += 1
    for pruner in _UPLOAD_PRUNERS:
        files += pruner(now=now, cutoff=cutoff, dry_run=dry_run)
    return files


def finished_jobs(cutoff: datetime.datetime):
    """Finished jobs (their outcome and error lines) that finished before ``cutoff``."""
    return Job.objects.filter(
        Q(status__in=[JobStatus.SUCCEEDED, JobStatus.FAILED]), finished_at__lt=cutoff
    )


def finished_jobs_delete(*, cutoff: datetime.datetime) -> int:
    """Delete the jobs of ``finished_jobs`` with any file they still hold; returns how many."""
    old = finished_jobs(cutoff)
    for job in old.exclude(upload=""):
        _upload_delete(job)
    deleted, _per_model = old.delete()
    return deleted


def jobs_prune(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Delete finished jobs past their period (``DV_JOB_KEEP_DAYS``) and uploaded files nobody
    will read any more (past ``DV_RETENTION_IMPORT_FILES``, a day): the two rules of
    ``dienstverlening purge`` that ``prune_jobs`` runs on its own. Returns (jobs, files)."""
    from .retention import retention_cutoff

    now = now or timezone.now()
    jobs = finished_jobs_delete(cutoff=retention_cutoff("jobs", now))
    files = uploads_prune(now=now, cutoff=retention_cutoff("import_files", now))
    return jobs, files
