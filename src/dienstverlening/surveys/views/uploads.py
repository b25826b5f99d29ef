"""Staff pages that take files: the results of an external survey (upload, then the column
mapping and preview) and the addresses to invite."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dienstverlening.core.jobs import job_redirect, job_start
from dienstverlening.core.tabular import CellError

from .. import import_uploads, imports, tasks
from ..access import access_imports
from ..forms import MappingForm, UploadForm
from ..models import ImportMapping, ImportStatus, ResponseImport, SurveyRun


def _upload_form(request: HttpRequest, pk: int) -> tuple[SurveyRun, UploadForm]:
    """The run a file goes to (for whoever may import) and the form that takes the file."""
    access_imports(request.user)
    run = get_object_or_404(SurveyRun, pk=pk)
    return run, UploadForm(request.POST or None, request.FILES or None)


def _upload_page(
    request: HttpRequest, form: UploadForm, run: SurveyRun, *, title: str, intro: str
) -> HttpResponse:
    return render(
        request,
        "surveys/staff/upload.html",
        {
            "form": form,
            "run": run,
            "page_title": title,
            "intro": intro,
            "back_url": run.get_absolute_url(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, pk: int) -> HttpResponse:
    run, form = _upload_form(request, pk)
    if request.method == "POST" and form.is_valid():
        item, created = import_uploads.response_upload_create(
            run=run, upload=form.cleaned_data["file"], user=request.user, key=form.once_key()
        )
        if not created:
            messages.info(request, _("Dit bestand was al geüpload. U gaat verder met die upload."))
        return redirect("survey-import-mapping", pk=item.pk)
    return _upload_page(
        request,
        form,
        run,
        title=_("Resultaten importeren"),
        intro=_(
            "Importeer de resultaten van een extern onderzoek, zoals de nulmeting. "
            "Na het uploaden kiest u welke kolom wat betekent en ziet u een voorbeeld. "
            "Pas daarna importeert u: alle regels of geen."
        ),
    )


def _import_elsewhere(request: HttpRequest, item: ResponseImport) -> HttpResponse:
    """A file that a job is importing, or that is imported or cancelled: say so on the job's
    page (or the run's), instead of importing it again."""
    messages.info(request, import_uploads.already_message(item.status))
    job = tasks.running_import_job(item) or tasks.last_import_job(item)
    if job is not None and item.status != ImportStatus.CANCELLED:
        return redirect(job)
    return redirect(item.run)


@login_required
@require_http_methods(["GET", "POST"])
def import_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    access_imports(request.user)
    item = get_object_or_404(ResponseImport.objects.select_related("run__questionnaire"), pk=pk)
    import_uploads.response_import_unstick(item)
    running = tasks.running_import_job(item)
    if item.status != ImportStatus.UPLOADED or running is not None:
        # No new columns, no cancelling and no second import while the file is taken.
        return _import_elsewhere(request, item)
    run = item.run
    import_uploads.response_upload_describe(item)
    targets = imports.target_labels(run)
    saved = ImportMapping.objects.filter(name=request.GET.get("indeling", "")).first()
    guess = saved.mapping if saved else imports.mapping_guess(headers=item.headers, run=run)
    initial = {f"map_{t}": c for t, c in guess.items() if c in item.headers}
    form = MappingForm(request.POST or None, targets=targets, headers=item.headers, initial=initial)
    parsed = None
    checked_rows = 0
    action = request.POST.get("action")
    if action == "cancel":
        if import_uploads.response_import_cancel(item=item):
            messages.success(request, _("De import is geannuleerd. Het bestand is verwijderd."))
            return redirect(run)
        item.refresh_from_db()
        return _import_elsewhere(request, item)
    if request.method == "POST" and form.is_valid():
        mapping = form.mapping()
        if action == "import":
            job = job_start(
                task=tasks.responses_import_task,
                kind=tasks.IMPORT,
                title=_("Import %(name)s in %(run)s") % {"name": item.filename, "run": run.name},
                user=request.user,
                params={
                    "response_import": item.pk,
                    "mapping": mapping,
                    "save_as": form.cleaned_data["save_as"],
                },
                back_url=run.get_absolute_url(),
                key=form.once_key(),
            )
            return job_redirect(request, job)
        try:
            parsed, checked_rows = import_uploads.response_upload_preview(
                item=item, mapping=mapping
            )
        except CellError as error:  # over a limit lowered since the upload
            form.add_error(None, str(error))
    row_total = item.file_rows or 0
    return render(
        request,
        "surveys/staff/import_mapping.html",
        {
            "item": item,
            "run": run,
            "form": form,
            "parsed": parsed,
            "preview_rows": parsed.items[:10] if parsed else [],
            "row_total": row_total,
            "checked_rows": checked_rows,
            "partly_checked": parsed is not None and checked_rows < row_total,
            "mappings": ImportMapping.objects.all(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitations_upload(request: HttpRequest, pk: int) -> HttpResponse:
    run, form = _upload_form(request, pk)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = job_start(
            task=tasks.invitations_create_task,
            kind=tasks.INVITATIONS,
            title=_("Uitnodigingen voor %(run)s uit %(name)s")
            % {"run": run.name, "name": upload.name},
            user=request.user,
            params={"run": run.pk, "filename": upload.name},
            upload=upload,
            back_url=run.get_absolute_url(),
            key=form.once_key(),
        )
        return job_redirect(request, job)
    return _upload_page(
        request,
        form,
        run,
        title=_("Uitnodigingen klaarzetten"),
        intro=_(
            "Upload een lijst met recente contacten: kolommen e-mailadres, dienst, kanaal, "
            "gemeente, uitkomst en datum. Iedereen krijgt een persoonlijke link die één "
            "keer werkt. E-mailadressen wissen we zodra de laatste e-mail verstuurd is."
        ),
    )
