"""The life of an uploaded file of external results, from upload to import or deletion.

A ``ResponseImport`` is a state machine that imports once:

    uploaded ──(a task takes it: conditional UPDATE)──▶ importing ──▶ imported
        ▲                                                  │
        └──────────────(bad rows, a crash)─────────────────┘
    uploaded / importing without a job, older than a day ──(daily clean-up)──▶ cancelled

Only the task whose UPDATE moves the row from "uploaded" to "importing" imports; any other task
for the same file (a second click, a second tab, a task delivered twice) finds nothing to take.
The file may hold unscrubbed open answers: it is deleted once imported or cancelled, and by
the daily ``purge`` (and ``prune_jobs``) when nobody imported it within a day (docs/privacy.md).
"""

from __future__ import annotations

import datetime
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dienstverlening.core.importing import Checked
from dienstverlening.core.models import Job, JobStatus
from dienstverlening.core.tabular import Table, read_table, table_inspect

from .imports import PREVIEW_CHECK_ROWS, ParsedRow, responses_parse
from .models import ImportStatus, ResponseImport, SurveyRun

IMPORT_JOB = "surveys.import"  # the kind of the job that imports a file
UPLOAD_DIR = "surveys/imports"  # in MEDIA_ROOT, as ``ResponseImport.upload`` stores them
KEEP_UNUSED = datetime.timedelta(days=1)
# Upload keys are made from the form's one-time key; their own namespace.
UPLOAD_KEYS = uuid.UUID("0d7f8a54-6a55-4a53-9d8e-2b0a0f0e7c11")


def response_upload_create(
    *, run: SurveyRun, upload: UploadedFile, user, key: str
) -> tuple[ResponseImport, bool]:
    """Keep an uploaded file for the step where its columns are chosen. ``upload.table``
    holds its headers and row count (``core.uploads.SpreadsheetField``).

    The same form sent twice (``key``) is one upload: the second gets the first back and
    ``created`` is False."""
    upload_key = uuid.uuid5(UPLOAD_KEYS, f"{user.pk}:{key}")
    item = ResponseImport(
        run=run,
        filename=(upload.name or "")[:255],
        created_by=user,
        upload_key=upload_key,
        headers=upload.table.headers,
        file_rows=upload.table.rows,
    )
    # The row first: its unique key decides which of two requests stores the file.
    try:
        with transaction.atomic():
            item.save(force_insert=True)
    except IntegrityError:
        first = ResponseImport.objects.filter(upload_key=upload_key).first()
        if first is None:
            raise
        return first, False
    item.upload.save("import.bin", upload, save=False)
    ResponseImport.objects.filter(pk=item.pk).update(upload=item.upload.name)
    return item, True


def response_upload_describe(item: ResponseImport) -> ResponseImport:
    """Headers and row count of a file uploaded before they were kept with it."""
    if item.file_rows is None and item.upload:
        with item.upload.open("rb") as handle:
            info = table_inspect(handle, item.filename)
        item.headers, item.file_rows = info.headers, info.rows
        ResponseImport.objects.filter(pk=item.pk).update(
            headers=item.headers, file_rows=item.file_rows
        )
    return item


def response_upload_table(item: ResponseImport, *, first: int | None = None) -> Table:
    """The rows of the kept file (only the ``first`` ones for a preview). Raises
    ``tabular.CellError`` when the file is over a limit lowered since it was uploaded."""
    with item.upload.open("rb") as handle:
        return read_table(handle, item.filename, first=first)


def response_upload_preview(
    *, item: ResponseImport, mapping: dict[str, str]
) -> tuple[Checked[ParsedRow], int]:
    """The check of the first ``PREVIEW_CHECK_ROWS`` rows with ``mapping``, and how many rows
    that was: the page shows it; the import checks every row, in the background."""
    table = response_upload_table(item, first=PREVIEW_CHECK_ROWS)
    return responses_parse(table=table, mapping=mapping, run=item.run), len(table.rows)


def response_import_claim(item: ResponseImport) -> bool:
    """Take the file for one import (uploaded → importing). True for the one caller whose
    conditional UPDATE changed the row; everyone after it gets False."""
    taken = (
        ResponseImport.objects.filter(pk=item.pk, status=ImportStatus.UPLOADED)
        .exclude(upload="")
        .update(status=ImportStatus.IMPORTING)
    )
    if taken:
        item.status = ImportStatus.IMPORTING
    return bool(taken)


def response_import_release(item: ResponseImport) -> None:
    """An import that saved nothing (bad rows, a crash): the file may be imported again."""
    if ResponseImport.objects.filter(pk=item.pk, status=ImportStatus.IMPORTING).update(
        status=ImportStatus.UPLOADED
    ):
        item.status = ImportStatus.UPLOADED


def response_import_done(item: ResponseImport) -> None:
    """After the import: the file goes (it may hold unscrubbed open answers)."""
    if item.upload:
        item.upload.delete(save=False)
    ResponseImport.objects.filter(pk=item.pk).update(upload="")


def busy_imports() -> set[int]:
    """Imports a job is waiting for or working on."""
    return {
        pk
        for pk in Job.objects.filter(
            kind=IMPORT_JOB, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
        ).values_list("params__response_import", flat=True)
        if pk is not None
    }


def response_import_unstick(item: ResponseImport) -> None:
    """An import left "importing" by a job that ended without saying so (the worker stopped):
    the file may be imported again."""
    if item.status == ImportStatus.IMPORTING and item.pk not in busy_imports():
        response_import_release(item)


def response_import_cancel(*, item: ResponseImport, stuck_too: bool = False) -> bool:
    """Cancel an import nobody is importing and delete its file. False when a task took it
    first (or it is already imported or cancelled). ``stuck_too`` also cancels one left
    "importing" (the clean-up passes it for imports no job works on)."""
    statuses = [ImportStatus.UPLOADED] + ([ImportStatus.IMPORTING] if stuck_too else [])
    cancelled = ResponseImport.objects.filter(pk=item.pk, status__in=statuses).update(
        status=ImportStatus.CANCELLED, upload=""
    )
    if cancelled and item.upload:
        item.upload.storage.delete(item.upload.name)
    if cancelled:
        item.status = ImportStatus.CANCELLED
    return bool(cancelled)


def response_uploads_prune(
    *,
    now: datetime.datetime | None = None,
    cutoff: datetime.datetime | None = None,
    dry_run: bool = False,
) -> int:
    """Delete the files of imports nobody finished since ``cutoff`` (by default a day ago: the
    rule ``import_files`` of ``core.retention``), cancelling those imports, and files in the
    upload directory that no import refers to (left by a crash). Returns the number of files;
    a dry run only counts them."""
    now = now or timezone.now()
    cutoff = cutoff or now - KEEP_UNUSED
    deleted = 0
    stale = (
        ResponseImport.objects.filter(
            status__in=[ImportStatus.UPLOADED, ImportStatus.IMPORTING], created_at__lt=cutoff
        )
        .exclude(pk__in=busy_imports())
        .exclude(upload="")
    )
    for item in stale:
        deleted += 1 if dry_run else response_import_cancel(item=item, stuck_too=True)
    directory = Path(settings.MEDIA_ROOT) / UPLOAD_DIR
    if directory.is_dir():
        kept = {
            Path(name).name
            for name in ResponseImport.objects.exclude(upload="").values_list("upload", flat=True)
        }
        for path in directory.iterdir():
            if (
                path.is_file()
                and path.name not in kept
                and path.stat().st_mtime < cutoff.timestamp()
            ):
                if not dry_run:
                    path.unlink(missing_ok=True)
                deleted += 1
    return deleted


def already_message(status: str) -> str:
    """What a second click on an import that is taken, done or cancelled is told."""
    if status in (ImportStatus.UPLOADED, ImportStatus.IMPORTING):  # a job has it
        return _(
            "Dit bestand wordt al geïmporteerd. Dat gebeurt één keer: hieronder ziet u hoe ver "
            "het is."
        )
    if status == ImportStatus.IMPORTED:
        return _(
            "Dit bestand is al geïmporteerd. Het is niet nog een keer geïmporteerd; hieronder "
            "ziet u de uitkomst."
        )
    return _(
        "Deze import is geannuleerd en het bestand is verwijderd. Upload het bestand opnieuw "
        "om het te importeren."
    )
