"""Staff pages of the evaluations: the overview, the questionnaire and the export of the
answers."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dienstverlening.core.exports import download
from dienstverlening.core.forms import add_errors
from dienstverlening.core.security_events import export_logged

from .. import exports, selectors, services
from ..access import (
    access_export,
    access_runs_for_edit,
    can_export,
    can_manage_runs,
    teams_for_team_questions,
)
from ..forms import QuestionnaireForm
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
    export_logged(request, what="antwoorden", fmt=fmt, run_id=run.pk if run else None)
    return download("antwoorden", table.headers, table.rows, fmt=fmt, notes=notes)
