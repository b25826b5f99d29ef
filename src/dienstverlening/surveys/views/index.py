"""Staff pages of the evaluations: the overview, the questionnaire and the export of the
answers."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from dienstverlening.core.exports import XLSX_TYPE, download_stream
from dienstverlening.core.forms import add_errors
from dienstverlening.core.job_files import job_file_for
from dienstverlening.core.jobs import job_reused_message, job_start
from dienstverlening.core.models import Job
from dienstverlening.core.security_events import export_logged

from .. import exports, selectors, services, tasks
from ..access import (
    access_export,
    access_runs_for_edit,
    can_export,
    can_manage_runs,
    teams_for_team_questions,
)
from ..forms import ExportForm, QuestionnaireForm
from ..models import SurveyRun


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
def responses_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """CSV: streamed at once. Excel: this page starts a job that writes the file (with its
    progress on the job's page), because a large export takes longer than a page may."""
    access_export(request.user)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    if request.method == "POST" and fmt == "csv":
        return HttpResponseNotAllowed(["GET"])
    form = ExportForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        status = 400 if request.method == "POST" else 404
        return _export_page(request, form, run=None, status=status)
    run = form.cleaned_data["meting"]
    if fmt == "csv":
        stream = exports.responses_stream(run=run)
        export_logged(request, what="antwoorden", fmt=fmt, run_id=run.pk if run else None)
        return download_stream(
            "antwoorden", stream.export.headers, stream.csv_rows(), prepared=True
        )
    if request.method == "GET":
        return _export_page(request, ExportForm(initial={"meting": run}), run=run)
    title = (
        _("Antwoorden van %(run)s als Excel-bestand") % {"run": run.name}
        if run
        else _("Alle antwoorden als Excel-bestand")
    )
    job = job_start(
        task=tasks.responses_export_task,
        kind=tasks.EXPORT,
        title=title,
        user=request.user,
        params={"run": run.pk if run else None},
        back_url=_export_back_url(run),
        key=form.once_key(),
    )
    if job.reused:
        messages.info(request, job_reused_message(job))
    return redirect(job)


def _export_back_url(run: SurveyRun | None) -> str:
    return run.get_absolute_url() if run else reverse("survey-index")


def _export_page(
    request: HttpRequest, form: ExportForm, *, run: SurveyRun | None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "surveys/staff/export_start.html",
        {
            "form": form,
            "run": run,
            "back_url": _export_back_url(run),
            "csv_query": f"?meting={run.pk}" if run else "",
            "min_group_size": settings.DV_MIN_GROUP_SIZE,
        },
        status=status,
    )


@login_required
@require_safe
def responses_export_file(request: HttpRequest, pk) -> HttpResponseBase:
    """The Excel file of an export job, for the one who asked for it and nobody else."""
    access_export(request.user)
    job = get_object_or_404(Job, pk=pk, kind=tasks.EXPORT)
    path = job_file_for(request.user, job)
    if path is None:
        raise Http404
    export_logged(
        request, what="antwoorden", fmt="xlsx", run_id=job.outcome.get("run"), job_id=str(job.pk)
    )
    return FileResponse(
        path.open("rb"), as_attachment=True, filename="antwoorden.xlsx", content_type=XLSX_TYPE
    )
