"""Uploaded spreadsheets: limits on what the server accepts, and forms that are sent once.

**Limits** (settings ``DV_UPLOAD_MAX_MB``, ``DV_UPLOAD_MAX_COLUMNS``, ``DV_UPLOAD_MAX_ROWS``,
``DV_UPLOAD_MAX_EXPANDED_MB``; docs/operations.md). ``SizeLimitUploadHandler`` stands first in
``FILE_UPLOAD_HANDLERS``: it lets the first ``DV_UPLOAD_MAX_MB`` of a file through to Django's
own handlers and drops the rest, so an oversized file never fills the disk; the form then says
how big it was. ``SpreadsheetField`` checks a CSV or XLSX on the upload form with
``tabular.table_inspect`` (size, expanded size, columns, rows) and refuses it with a Dutch
message next to the field; the other fields of the form keep what was filled in.

**Sent once.** ``OnceFormMixin`` gives a form a hidden one-time key, made when the page is
shown. A view passes it to ``job_start(key=…)``: a second submit of the same page (a double
click, the browser's "send again") finds the job the first one started instead of starting
another.

**Kept files.** A view never stores an upload itself: a service does, and says how long it
stays. ``core.jobs.job_start(upload=…)`` keeps a file for the job that reads it (deleted when the
job ends, or a day after a check when nobody saves it); ``surveys.import_uploads`` keeps a file
of survey results while its columns are chosen. The daily ``dienstverlening prune_jobs`` deletes
what nobody used within a day, also the files an app registers with
``core.jobs.upload_pruner_register`` (docs/privacy.md, docs/operations.md).
"""

from __future__ import annotations

import hashlib
import uuid

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .tabular import CellError, Limits, TableInfo, file_too_large_message, table_inspect


class TooLargeUpload(UploadedFile):
    """Stands in for a file beyond ``DV_UPLOAD_MAX_MB``: its name and size, no content."""

    too_large = True

    def __init__(self, name: str | None, size: int, content_type: str | None) -> None:
        import io

        super().__init__(io.BytesIO(), name, content_type, size)


class SizeLimitUploadHandler(FileUploadHandler):
    """Passes a file's data on to the next handlers up to the limit and counts the rest."""

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.limit = settings.DV_UPLOAD_MAX_MB * 1024 * 1024
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            return None  # the next handlers get nothing more of this file
        return raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.received > self.limit:
            return TooLargeUpload(self.file_name, self.received, self.content_type)
        return None  # the next handler gives the file


class SpreadsheetField(forms.FileField):
    """A CSV or XLSX within the limits. The cleaned file carries ``table``: its headers and
    the number of rows (``tabular.TableInfo``), and ``digest``: a hash of its content."""

    default_error_messages = {
        **forms.FileField.default_error_messages,
        "unreadable": gettext_lazy(
            "Dit bestand kunnen we niet lezen. Kies een CSV- of Excel-bestand."
        ),
        "empty_table": gettext_lazy(
            "Het bestand is leeg: de eerste regel moet de kolomnamen bevatten."
        ),
    }

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload is None or upload is False:
            return upload
        limits = Limits.from_settings()
        if getattr(upload, "too_large", False) or upload.size > limits.file_bytes:
            raise forms.ValidationError(
                file_too_large_message(upload.size, limits), code="file_too_large"
            )
        upload.table = self.inspect(upload, limits)
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.digest = digest.hexdigest()
        upload.seek(0)
        return upload

    def inspect(self, upload: UploadedFile, limits: Limits) -> TableInfo:
        try:
            info = table_inspect(upload, upload.name or "", limits=limits)
        except CellError as error:  # over a limit: the message says which
            raise forms.ValidationError(str(error), code="table_too_large") from error
        except Exception as error:  # a broken file: say so in Dutch, never a traceback
            raise forms.ValidationError(
                self.error_messages["unreadable"], code="unreadable"
            ) from error
        if not info.headers:
            raise forms.ValidationError(self.error_messages["empty_table"], code="empty_table")
        return info


def spreadsheet_help() -> str:
    """The limits in words, for the help text under a file field."""
    from .formats import format_number

    return _("Hoogstens %(size)s MB, %(rows)s regels en %(columns)s kolommen.") % {
        "size": format_number(settings.DV_UPLOAD_MAX_MB),
        "rows": format_number(settings.DV_UPLOAD_MAX_ROWS),
        "columns": format_number(settings.DV_UPLOAD_MAX_COLUMNS),
    }


class OnceFormMixin(forms.Form):
    """A hidden one-time key (``sleutel``): the same page sent twice is one piece of work."""

    sleutel = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["sleutel"].initial = uuid.uuid4()

    def once_key(self, *content: str) -> str:
        """The key of this page and what was sent with it (a file's digest, the chosen
        columns): the same page sent twice gives the same key, but a page reused with another
        file (the browser's Back) does not. A fresh key when the page sent none (a script)."""
        key = self.cleaned_data.get("sleutel") if hasattr(self, "cleaned_data") else None
        if not key:
            return str(uuid.uuid4())
        return hashlib.sha256("\n".join([str(key), *content]).encode()).hexdigest()
