"""Staff pages of a team's own questions: list, add, edit, reorder and preview them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dienstverlening.core.forms import form_saved
from dienstverlening.organisation.models import Service

from .. import services
from ..access import access_team_for_questions, access_team_question_for_edit
from ..forms import SurveyForm, TeamQuestionForm
from ..public_views import form_token_new
from ..readability import readability


def _question_saved(request: HttpRequest, form: TeamQuestionForm, done: str) -> bool:
    """Save a posted team question (``team_question_save``); a refusal goes onto the form."""
    return request.method == "POST" and form_saved(
        request,
        form,
        lambda: services.team_question_save(
            question=form.instance, services=list(form.cleaned_data["services"])
        ),
        done=done,
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_questions(request: HttpRequest, slug: str) -> HttpResponse:
    team = access_team_for_questions(request.user, slug)
    form = TeamQuestionForm(request.POST or None, team=team)
    if _question_saved(request, form, _("De vraag is toegevoegd.")):
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
    if _question_saved(request, form, _("De vraag is opgeslagen.")):
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
