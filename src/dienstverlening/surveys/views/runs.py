"""Staff pages of a survey run: create it, see it, move it along its lifecycle, its open links
and their QR codes."""

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

from dienstverlening.core.forms import add_errors

from .. import selectors, services
from ..access import (
    access_run_for_edit,
    access_runs_for_edit,
    can_export,
    can_import,
    can_manage_runs,
)
from ..forms import OpenLinkForm, RunForm
from ..models import RUN_TRANSITIONS, OpenLink, RunStatus, SurveyRun


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
