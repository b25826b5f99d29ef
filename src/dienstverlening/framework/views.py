"""Framework pages: parse input, call one service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dienstverlening.core.access import managed_teams
from dienstverlening.core.forms import add_errors, form_page
from dienstverlening.core.navigation import start_page_items
from dienstverlening.organisation.models import Service, Team

from . import selectors, services
from .access import (
    access_agreement_for_edit,
    access_focus_period_for_edit,
    access_framework_for_edit,
    access_norm_for_edit,
    access_scope_by_slug,
    access_statement_for_edit,
    can_edit_scope,
)
from .forms import FocusPeriodForm, NormChangeForm, NormForm, StatementForm, WorkAgreementForm
from .models import FocusPeriod, Level, Norm, WorkAgreement


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "framework/home.html",
        {
            "focus": selectors.focus_current(day=timezone.localdate()),
            "start_items": start_page_items(user),
            "managed_teams": managed_teams(user),
        },
    )


def framework(request: HttpRequest) -> HttpResponse:
    """Public page 'Ons dienstverleningskader'."""
    return render(request, "framework/framework.html", _framework_context())


def poster(request: HttpRequest) -> HttpResponse:
    """The framework on one printable page, for the walls of our buildings."""
    return render(request, "framework/poster.html", _framework_context())


def _framework_context() -> dict:
    today = timezone.localdate()
    return {
        "values": selectors.values_with_statements(),
        "focus": selectors.focus_current(day=today),
        "norms": selectors.norms_in_force(day=today).organisation_wide(),
        "agreements": WorkAgreement.objects.organisation_wide().select_related("value"),
        "today": today,
    }


@login_required
def framework_manage(request: HttpRequest) -> HttpResponse:
    access_framework_for_edit(request.user)
    today = timezone.localdate()
    return render(
        request,
        "framework/manage.html",
        {
            "values": selectors.values_with_statements(),
            "norms": Norm.objects.organisation_wide().order_by("subject", "-valid_from"),
            "agreements": WorkAgreement.objects.organisation_wide().select_related("value"),
            "focus_periods": FocusPeriod.objects.select_related("value"),
            "today": today,
        },
    )


def team_detail(request: HttpRequest, slug: str) -> HttpResponse:
    team = get_object_or_404(Team.objects.select_related("domain"), slug=slug)
    return render(
        request,
        "framework/team_detail.html",
        {
            "team": team,
            "framework": selectors.team_framework(team=team, day=timezone.localdate()),
            "services": team.services.prefetch_related("channels", "municipalities"),
            "can_edit": can_edit_scope(request.user, level=Level.TEAM, team=team),
            "managers": team.managers.order_by("last_name"),
        },
    )


def service_detail(request: HttpRequest, slug: str) -> HttpResponse:
    service = get_object_or_404(
        Service.objects.select_related("team", "team__domain").prefetch_related(
            "channels", "municipalities"
        ),
        slug=slug,
    )
    today = timezone.localdate()
    return render(
        request,
        "framework/service_detail.html",
        {
            "service": service,
            "norms": selectors.norms_for_service(service=service, day=today),
            "agreements": WorkAgreement.objects.filter(service=service),
        },
    )


def _scope_team(request: HttpRequest) -> Team | None:
    """The team named in ``?team=`` that the user may add to; none means the whole organisation."""
    slug = request.GET.get("team") or request.POST.get("team_slug")
    return access_scope_by_slug(request.user, slug)


def _back_to(team: Team | None) -> str:
    return team.get_absolute_url() if team else reverse("framework-manage")


@login_required
@require_http_methods(["GET", "POST"])
def norm_create(request: HttpRequest) -> HttpResponse:
    team = _scope_team(request)
    form = NormForm(request.POST or None, team=team, initial={"valid_from": timezone.localdate()})
    back = _back_to(team)
    return form_page(
        request,
        form,
        lambda: services.norm_create(**{f: getattr(form.instance, f) for f in _NORM_FIELDS}),
        done=_("De norm is opgeslagen."),
        template="framework/norm_form.html",
        success_url=back,
        back_url=back,
        team=team,
        page_title=_("Norm toevoegen"),
    )


# A new norm: its scope (the form sets it from team and service) and the form's fields.
_NORM_FIELDS = ("level", "team", *NormForm.Meta.fields)


def norm_detail(request: HttpRequest, pk: int) -> HttpResponse:
    norm = get_object_or_404(Norm.objects.select_related("team", "service__team"), pk=pk)
    return render(
        request,
        "framework/norm_detail.html",
        {
            "norm": norm,
            "history": selectors.norm_history(norm),
            "can_edit": can_edit_scope(request.user, level=norm.level, team=norm.owning_team),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def norm_change(request: HttpRequest, pk: int) -> HttpResponse:
    norm = access_norm_for_edit(request.user, pk)
    initial = {
        "title": norm.title,
        "target_value": norm.target_value,
        "unit": norm.unit,
        "target_share": norm.target_share,
        "effective_from": timezone.localdate(),
    }
    form = NormChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.norm_change(norm=norm, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("De nieuwe versie van de norm is opgeslagen."))
            return redirect("norm-detail", pk=new.pk)
    return render(
        request,
        "framework/norm_change.html",
        {
            "form": form,
            "norm": norm,
            "page_title": _("Norm wijzigen"),
            "back_url": reverse("norm-detail", args=[norm.pk]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create(request: HttpRequest) -> HttpResponse:
    team = _scope_team(request)
    return _agreement_form(request, WorkAgreement(), team)


@login_required
@require_http_methods(["GET", "POST"])
def agreement_update(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = access_agreement_for_edit(request.user, pk)
    team = agreement.owning_team
    return _agreement_form(request, agreement, team)


def _agreement_form(request: HttpRequest, agreement: WorkAgreement, team: Team | None):
    form = WorkAgreementForm(request.POST or None, instance=agreement, team=team)
    back = _back_to(team)
    return form_page(
        request,
        form,
        lambda: services.agreement_save(agreement=form.instance),
        done=_("De werkafspraak is opgeslagen."),
        template="framework/agreement_form.html",
        success_url=back,
        back_url=back,
        team=team,
        agreement=agreement,
        page_title=_("Werkafspraak wijzigen") if agreement.pk else _("Werkafspraak toevoegen"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_delete(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = access_agreement_for_edit(request.user, pk)
    team = agreement.owning_team
    if request.method == "POST":
        services.agreement_delete(agreement=agreement)
        messages.success(request, _("De werkafspraak is verwijderd."))
        return redirect(_back_to(team))
    return render(
        request,
        "framework/agreement_delete.html",
        {"agreement": agreement, "team": team, "back_url": _back_to(team)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def statement_update(request: HttpRequest, pk: int) -> HttpResponse:
    statement = access_statement_for_edit(request.user, pk)
    form = StatementForm(request.POST or None, instance=statement)
    back = reverse("framework-manage")
    return form_page(
        request,
        form,
        lambda: services.statement_update(statement=statement, **form.cleaned_data),
        done=_("De stelling is opgeslagen."),
        template="framework/statement_form.html",
        success_url=back,
        back_url=back,
        statement=statement,
        page_title=_("Stelling wijzigen"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def focus_period_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    period = access_focus_period_for_edit(request.user, pk)
    form = FocusPeriodForm(request.POST or None, instance=period)
    back = reverse("framework-manage")
    return form_page(
        request,
        form,
        lambda: services.focus_period_save(period=form.instance),
        done=_("De focusperiode is opgeslagen."),
        template="framework/focus_form.html",
        success_url=back,
        back_url=back,
        period=period,
        page_title=_("Focusperiode wijzigen") if pk else _("Focusperiode toevoegen"),
    )
