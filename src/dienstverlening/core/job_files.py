"""Files a background job makes for the person who started it (the response export as XLSX).

The file lies in ``DV_EXPORT_DIR`` (private, never served by the web server), named after its
job, and is written under a temporary name first, so a download never finds half a file. Only
the person who started the job gets it (``job_file_for``; not the beheerder, who may see every
job's page), and only for a short time, counted from the moment its job finished: the purge
(rule ``export_files``, default a day) deletes it, and a file past that period is refused even
before the purge ran. A file whose job is gone is deleted by its own age.
"""

from __future__ import annotations

import datetime
import os
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .models import Job, JobStatus

RULE = "export_files"


def export_dir() -> Path:
    path = Path(settings.DV_EXPORT_DIR)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def job_file_write(job: Job, suffix: str, write: Callable[[Path], None]) -> str:
    """Let ``write(path)`` make the job's file; returns its name for the job's outcome."""
    name = f"{job.pk}{suffix}"
    final = export_dir() / name
    partial = final.with_name(f".{name}.part")
    try:
        write(partial)
        os.chmod(partial, 0o600)
        partial.replace(final)
    finally:
        partial.unlink(missing_ok=True)
    return name


def job_file_for(user, job: Job, *, now: datetime.datetime | None = None) -> Path | None:
    """The file of a finished job for the one who started it; ``None`` when it is someone
    else's, the job made none, or the file is gone or past its period."""
    if not getattr(user, "is_authenticated", False) or job.started_by_id != user.pk:
        return None
    name = Path(str(job.outcome.get("file") or "")).name
    if job.status != JobStatus.SUCCEEDED or not name:
        return None
    if job.finished_at is None or job.finished_at < _cutoff(now):
        return None
    path = export_dir() / name
    return path if path.is_file() else None


def job_file_available(job: Job, *, now: datetime.datetime | None = None) -> bool:
    """Whether the job's file can still be downloaded (for its page)."""
    return job_file_for(job.started_by, job, now=now) is not None if job.started_by else False


def job_files_prune(
    *, now: datetime.datetime, cutoff: datetime.datetime, dry_run: bool = False
) -> int:
    """Delete (dry: count) the files of jobs that finished before ``cutoff``, and files older
    than ``cutoff`` whose job is gone or never finished (a crashed worker's ``.part``); returns
    their number."""
    folder = Path(settings.DV_EXPORT_DIR)
    if not folder.is_dir():
        return 0
    paths = [path for path in folder.iterdir() if path.is_file()]
    finished = dict(
        Job.objects.filter(pk__in=[_job_id(path) for path in paths if _job_id(path)])
        .exclude(finished_at=None)
        .values_list("pk", "finished_at")
    )
    files = 0
    for path in paths:
        done = finished.get(_job_id(path))
        if done is None:  # no finished job: the file's own age
            done = datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC)
        if done < cutoff:
            if not dry_run:
                path.unlink(missing_ok=True)
            files += 1
    return files


def _job_id(path: Path) -> uuid.UUID | None:
    try:
        return uuid.UUID(path.name.lstrip(".").split(".")[0])
    except ValueError:
        return None


def _cutoff(now: datetime.datetime | None) -> datetime.datetime:
    from .retention import retention_cutoff

    return retention_cutoff(RULE, now or timezone.now())
