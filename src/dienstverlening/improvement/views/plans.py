"""Team plans and the implementation plan: parse input, call one service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dienstverlening.core.forms import add_errors, form_page

from .. import access, selectors, services
from ..forms.plans import (
    ImplementationActionForm,
    TeamPlanActionForm,
    TeamPlanCreateForm,
    TeamPlanForm,
)
from ..forms.tracks import ActionStatusForm
from ..models import Advice, CostColour
from .common import action_status_save


def _year(request: HttpRequest, today) -> int:
    try:
        year = int(request.GET.get("jaar", ""))
    except ValueError:
        return today.year
    return year if 2000 <= year <= 2100 else today.year


@login_required
def team_plan_list(request: HttpRequest) -> HttpResponse:
    """Every team's plan for a year: who has one, what it holds, and where to make one."""
    today = timezone.localdate()
    year = _year(request, today)
    editable = set(access.teams_for_team_plans(request.user).values_list("pk", flat=True))
    return render(
        request,
        "improvement/plans/plan_list.html",
        {
            "year": year,
            "years": selectors.plan_years(today),
            "rows": selectors.team_plans_overview(year=year),
            "editable": editable,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_plan_create(request: HttpRequest) -> HttpResponse:
    teams = access.access_team_plan_create(request.user)
    today = timezone.localdate()
    initial = {
        "year": _year(request, today),
        "team": teams.filter(slug=request.GET.get("team", "")).first(),
    }
    form = TeamPlanCreateForm(request.POST or None, teams=teams, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.team_plan_create(
                team=form.cleaned_data["team"],
                year=form.cleaned_data["year"],
                focus=form.cleaned_data["focus"],
                by=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Het teamplan is gemaakt. Kies nu de normen, afspraken en acties.")
            )
            return redirect("improvement-plan-edit", pk=plan.pk)
    return render(
        request,
        "improvement/plans/form_page.html",
        {
            "form": form,
            "page_title": _("Teamplan maken"),
            "back_url": reverse("improvement-plans"),
        },
    )


def _plan_context(request: HttpRequest, pk: int) -> dict:
    plan = access.access_team_plan(request.user, pk)
    plan = selectors.team_plan_detail(plan.pk)
    actions = list(plan.actions.all())
    return {
        "plan": plan,
        "norms": list(plan.norms.all()),
        "agreements": list(plan.agreements.all()),
        "track_actions": [action for action in actions if action.track_id],
        "own_actions": [action for action in actions if not action.track_id],
        "can_edit": access.can_edit_team_plan(request.user, plan),
        "statuses": ActionStatusForm.base_fields["status"].choices,
    }


@login_required
def team_plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "improvement/plans/plan_detail.html", _plan_context(request, pk))


@login_required
def team_plan_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan on paper: the same content without menu and buttons."""
    return render(request, "improvement/plans/plan_print.html", _plan_context(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def team_plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.access_team_plan_for_edit(request.user, pk)
    options = selectors.plan_options(plan=plan, today=timezone.localdate())
    initial = {
        "focus": plan.focus,
        "norms": [norm.pk for norm in plan.norms.all()],
        "agreements": [agreement.pk for agreement in plan.agreements.all()],
        "actions": [action.pk for action in plan.actions.all()],
    }
    form = TeamPlanForm(request.POST or None, options=options, initial=initial)
    return form_page(
        request,
        form,
        lambda: services.team_plan_update(plan=plan, by=request.user, **form.cleaned_data),
        done=_("Het teamplan is opgeslagen."),
        success_url=plan.get_absolute_url(),
        template="improvement/plans/plan_form.html",
        page_title=_("Teamplan %(year)s van %(team)s wijzigen")
        % {"year": plan.year, "team": plan.team.name},
        back_url=plan.get_absolute_url(),
        plan=plan,
        framework_url=plan.team.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_plan_action_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.access_team_plan_for_edit(request.user, pk)
    teams = access.teams_for_team_plans(request.user)
    form = TeamPlanActionForm(request.POST or None, teams=teams, initial={"owner": plan.team})
    return form_page(
        request,
        form,
        lambda: services.team_plan_action_add(plan=plan, by=request.user, **form.cleaned_data),
        done=_("De actie staat in het teamplan."),
        success_url=plan.get_absolute_url(),
        template="improvement/plans/form_page.html",
        page_title=_("Eigen actie toevoegen aan teamplan %(year)s van %(team)s")
        % {"year": plan.year, "team": plan.team.name},
        back_url=plan.get_absolute_url(),
    )


@login_required
@require_POST
def team_plan_action_status(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    plan, action = access.access_team_plan_action_for_edit(request.user, pk, action_pk)
    form = ActionStatusForm(request.POST)
    action_status_save(request, action, form, done=_("'%(action)s' staat nu op: %(status)s."))
    return redirect(plan)


@login_required
def implementation_plan(request: HttpRequest) -> HttpResponse:
    """Section C of the advice as a plan: progress per advice and per colour, then every action."""
    access.access_implementation_plan(request.user)
    number = request.GET.get("advies", "")
    advice = Advice.objects.filter(number=int(number)).first() if number.isdigit() else None
    colour = request.GET.get("kleur")
    if colour not in (*CostColour.values, "none"):
        colour = None
    return render(
        request,
        "improvement/plans/implementation_plan.html",
        {
            "progress": selectors.implementation_progress(),
            "actions": selectors.implementation_actions(advice=advice, colour=colour),
            "advice": advice,
            "colour": colour,
            "colour_label": _filter_label(colour),
            "can_edit": access.can_edit_implementation_plan(request.user),
        },
    )


def _filter_label(colour: str | None) -> str:
    if colour is None:
        return ""
    if colour == "none":
        return _("zonder kleur")
    return str(CostColour(colour).label)


@login_required
@require_http_methods(["GET", "POST"])
def implementation_action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.access_implementation_action_for_edit(request.user, pk)
    form = ImplementationActionForm(request.POST or None, instance=item)
    return form_page(
        request,
        form,
        lambda: services.implementation_action_update(
            action=item, by=request.user, **form.cleaned_data
        ),
        done=_("De actie is opgeslagen."),
        success_url=f"{reverse('improvement-implementation')}#actie-{item.position}",
        template="improvement/plans/form_page.html",
        page_title=_("Actie %(number)s van het implementatieplan wijzigen")
        % {"number": item.position},
        back_url=reverse("improvement-implementation"),
    )
