"""Staff pages of the evaluations: parse input, check access, call one service, render."""

from __future__ import annotations

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dienstverlening.core.exports import download
from dienstverlening.core.forms import add_errors
from dienstverlening.core.jobs import job_reused_message, job_start
from dienstverlening.core.tabular import CellError
from dienstverlening.organisation.models import Service

from . import exports, import_uploads, imports, selectors, services, tasks
from .access import (
    access_export,
    access_imports,
    access_run_for_edit,
    access_runs_for_edit,
    access_team_for_questions,
    access_team_question_for_edit,
    can_export,
    can_import,
    can_manage_runs,
    teams_for_team_questions,
)
from .forms import (
    MappingForm,
    OpenLinkForm,
    QuestionnaireForm,
    RunForm,
    SurveyForm,
    TeamQuestionForm,
    UploadForm,
)
from .models import (
    RUN_TRANSITIONS,
    ImportMapping,
    ImportStatus,
    OpenLink,
    ResponseImport,
    RunStatus,
    SurveyRun,
)
from .public_views import form_token_new
from .readability import readability


@login_required
def survey_index(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "surveys/staff/index.html",
        {
            "runs": selectors.runs_overview(),
            "questionnaire": services.questionnaire_current(),
            "teams": teams_for_team_questions(user),
            "can_manage": can_manage_runs(user),
            "can_export": can_export(user),
            "min_group_size": settings.DV_MIN_GROUP_SIZE,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire_page(request: HttpRequest) -> HttpResponse:
    current = services.questionnaire_current()
    can_edit = can_manage_runs(request.user)
    form = None
    if can_edit:
        initial = (
            {
                "intro": current.intro,
                "mark_question": current.mark_question,
                "open_good_question": current.open_good_question,
                "open_better_question": current.open_better_question,
            }
            if current
            else {
                "intro": services.DEFAULT_INTRO,
                "mark_question": services.DEFAULT_MARK_QUESTION,
                "open_good_question": services.DEFAULT_GOOD_QUESTION,
                "open_better_question": services.DEFAULT_BETTER_QUESTION,
            }
        )
        form = QuestionnaireForm(request.POST or None, initial=initial)
    elif request.method == "POST":
        access_runs_for_edit(request.user)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            new = services.questionnaire_create_version(**form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Versie %(version)s van de vragenlijst is gemaakt. "
                    "Nieuwe metingen gebruiken deze versie."
                )
                % {"version": new.version},
            )
            return redirect("survey-questionnaire")
    return render(
        request,
        "surveys/staff/questionnaire.html",
        {
            "questionnaire": current,
            "statements": current.statements.all() if current else [],
            "outdated": services.questionnaire_is_outdated(current),
            "form": form,
            "versions": selectors.questionnaire_versions(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def run_create(request: HttpRequest) -> HttpResponse:
    access_runs_for_edit(request.user)
    form = RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = services.run_create(
                name=data["name"],
                kind=data["kind"],
                is_baseline=data["is_baseline"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                services=list(data["services"]),
                channels=list(data["channels"]),
                municipalities=list(data["municipalities"]),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("De meting is aangemaakt als concept."))
            return redirect(run)
    return render(
        request,
        "core/form_page.html",
        {"form": form, "page_title": _("Nieuwe meting"), "back_url": reverse("survey-index")},
    )


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(SurveyRun.objects.select_related("questionnaire"), pk=pk)
    can_manage = can_manage_runs(request.user)
    return render(
        request,
        "surveys/staff/run_detail.html",
        {
            "run": run,
            "links": run.open_links.select_related("service", "channel", "municipality"),
            "link_form": (
                OpenLinkForm(run=run) if can_manage and run.status != RunStatus.CLOSED else None
            ),
            "summary": selectors.run_summary(run),
            "invitations": selectors.invitation_counts(run),
            "imports": run.imports.all()[:10],
            "can_manage": can_manage,
            "can_import": can_import(request.user),
            "can_export": can_export(request.user),
            "min_group_size": settings.DV_MIN_GROUP_SIZE,
            "next_statuses": [RunStatus(s) for s in RUN_TRANSITIONS[run.status]],
            "public_url": settings.SURVEYS_PUBLIC_URL,
        },
    )


@login_required
@require_POST
def run_transition(request: HttpRequest, pk: int) -> HttpResponse:
    run = access_run_for_edit(request.user, pk)
    try:
        run = services.run_transition(run=run, status=request.POST.get("status", ""))
    except (ValidationError, ValueError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request, _("De meting is nu: %(status)s.") % {"status": run.get_status_display()}
        )
    return redirect(run)


@login_required
@require_POST
def open_link_create(request: HttpRequest, pk: int) -> HttpResponse:
    run = access_run_for_edit(request.user, pk)
    form = OpenLinkForm(request.POST, run=run)
    if form.is_valid():
        try:
            services.open_link_create(run=run, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("De open link is klaar. Print de QR-code bij de balie of in een brief.")
            )
    else:
        messages.error(request, _("Kies een dienst, kanaal en gemeente."))
    return redirect(run)


@login_required
def open_link_qr(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    import segno

    link = get_object_or_404(OpenLink, pk=pk)
    qr = segno.make(settings.SURVEYS_PUBLIC_URL + link.get_absolute_url(), error="m")
    out = io.BytesIO()
    if fmt == "svg":
        qr.save(out, kind="svg", scale=8, border=4, title=str(link))
        content_type = "image/svg+xml"
    elif fmt == "png":
        qr.save(out, kind="png", scale=12, border=4)
        content_type = "image/png"
    else:
        raise Http404
    response = HttpResponse(out.getvalue(), content_type=content_type)
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="qr-{link.token}.{fmt}"'
    return response


# --- imports ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, pk: int) -> HttpResponse:
    access_imports(request.user)
    run = get_object_or_404(SurveyRun, pk=pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        item, created = import_uploads.response_upload_create(
            run=run, upload=form.cleaned_data["file"], user=request.user, key=form.once_key()
        )
        if not created:
            messages.info(request, _("Dit bestand was al geüpload. U gaat verder met die upload."))
        return redirect("survey-import-mapping", pk=item.pk)
    return render(
        request,
        "surveys/staff/upload.html",
        {
            "form": form,
            "run": run,
            "page_title": _("Resultaten importeren"),
            "intro": _(
                "Importeer de resultaten van een extern onderzoek, zoals de nulmeting. "
                "Na het uploaden kiest u welke kolom wat betekent en ziet u een voorbeeld. "
                "Pas daarna importeert u: alle regels of geen."
            ),
            "back_url": run.get_absolute_url(),
        },
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
            if job.reused:
                messages.info(request, job_reused_message(job))
            return redirect(job)
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
    access_imports(request.user)
    run = get_object_or_404(SurveyRun, pk=pk)
    form = UploadForm(request.POST or None, request.FILES or None)
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
        if job.reused:
            messages.info(request, job_reused_message(job))
        return redirect(job)
    return render(
        request,
        "surveys/staff/upload.html",
        {
            "form": form,
            "run": run,
            "page_title": _("Uitnodigingen klaarzetten"),
            "intro": _(
                "Upload een lijst met recente contacten: kolommen e-mailadres, dienst, kanaal, "
                "gemeente, uitkomst en datum. Iedereen krijgt een persoonlijke link die één "
                "keer werkt. E-mailadressen wissen we zodra de laatste e-mail verstuurd is."
            ),
            "back_url": run.get_absolute_url(),
        },
    )


@login_required
def responses_export(request: HttpRequest, fmt: str) -> HttpResponse:
    access_export(request.user)
    run = None
    if request.GET.get("meting"):
        if not request.GET["meting"].isdigit():
            raise Http404
        run = get_object_or_404(SurveyRun, pk=request.GET["meting"])
    if fmt not in ("csv", "xlsx"):
        raise Http404
    table = exports.responses_table(run=run)
    notes = table.explanation() if fmt == "xlsx" else ()
    return download("antwoorden", table.headers, table.rows, fmt=fmt, notes=notes)


# --- team questions --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def team_questions(request: HttpRequest, slug: str) -> HttpResponse:
    team = access_team_for_questions(request.user, slug)
    form = TeamQuestionForm(request.POST or None, team=team)
    if request.method == "POST" and form.is_valid():
        try:
            services.team_question_save(
                question=form.instance, services=list(form.cleaned_data["services"])
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("De vraag is toegevoegd."))
            return redirect("survey-team-questions", slug=team.slug)
    questions = services.team_for_edit_questions(team)
    return render(
        request,
        "surveys/staff/team_questions.html",
        {
            "team": team,
            "questions": [
                (q, readability(" ".join(filter(None, [q.text, q.help_text])))) for q in questions
            ],
            "form": form,
            "draft": readability(request.POST.get("text", ""))
            if request.method == "POST"
            else None,
            "services": team.services.order_by("name"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_question_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    question = access_team_question_for_edit(request.user, slug, pk)
    form = TeamQuestionForm(request.POST or None, instance=question, team=question.team)
    if request.method == "POST" and form.is_valid():
        try:
            services.team_question_save(
                question=form.instance, services=list(form.cleaned_data["services"])
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("De vraag is opgeslagen."))
            return redirect("survey-team-questions", slug=slug)
    return render(
        request,
        "surveys/staff/team_question_form.html",
        {
            "form": form,
            "question": question,
            "check": readability(" ".join(filter(None, [question.text, question.help_text]))),
            "page_title": _("Teamvraag wijzigen"),
            "back_url": reverse("survey-team-questions", args=[slug]),
        },
    )


@login_required
@require_POST
def team_question_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    question = access_team_question_for_edit(request.user, slug, pk)
    direction = -1 if request.POST.get("direction") == "up" else 1
    services.team_question_move(question=question, direction=direction)
    return redirect(reverse("survey-team-questions", args=[slug]) + f"#vraag-{question.pk}")


@login_required
def team_preview(request: HttpRequest, slug: str) -> HttpResponse:
    team = access_team_for_questions(request.user, slug)
    service = (
        Service.objects.filter(team=team, slug=request.GET.get("dienst", "")).first()
        or team.services.order_by("name").first()
    )
    questionnaire = services.questionnaire_current()
    if service is None or questionnaire is None:
        raise Http404
    municipality = service.municipalities.first()
    form = SurveyForm(
        initial={"token": form_token_new()},
        questionnaire=questionnaire,
        statements=list(questionnaire.statements.all()),
        team_questions=services.team_questions_for(service),
    )
    return render(
        request,
        "surveys/public/form.html",
        {
            "form": form,
            "questionnaire": questionnaire,
            "service": service,
            "municipality": municipality,
            "preview": True,
            "back_url": reverse("survey-team-questions", args=[slug]),
        },
    )
