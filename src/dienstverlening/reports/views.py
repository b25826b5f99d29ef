"""Report pages: the list, making a report, the preview, downloads, approval, the poster."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dienstverlening.core.jobs import job_redirect, job_start

from .access import (
    access_report,
    access_report_for_approval,
    access_report_making,
    can_approve_report,
    can_make_reports,
    reports_for,
)
from .forms import ReportForm
from .models import FileFormat, ReportKind, ReportStatus
from .poster import poster_bytes
from .rendering import filename, render_context
from .services import report_approve, report_file
from .targets import ReportError
from .tasks import FILES, GENERATE, report_files_task, report_generate_task

CONTENT_TYPES: dict[str, str] = {  # by ``ReportFile.format``, a plain string
    FileFormat.PDF: "application/pdf",
    FileFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
URL_FORMATS = {"pdf": FileFormat.PDF, "word": FileFormat.DOCX}


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    reports = list(reports_for(request.user).order_by("-period_end", "kind", "-version"))
    return render(
        request,
        "reports/list.html",
        {
            "approved": [r for r in reports if r.status == ReportStatus.APPROVED],
            "drafts": [r for r in reports if r.status == ReportStatus.DRAFT],
            "can_make": can_make_reports(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    access_report_making(request.user)
    form = ReportForm(request.POST or None, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        municipality = data.get("municipality")
        target = form.target
        assert target is not None  # ``clean`` sets it on a valid form
        job = job_start(
            task=report_generate_task,
            kind=GENERATE,
            title=_("%(kind)s maken: %(period)s, %(where)s")
            % {
                "kind": ReportKind(data["kind"]).label.capitalize(),
                "period": target.period.name,
                "where": municipality.name if municipality else _("beide gemeenten"),
            },
            user=request.user,
            params={
                "kind": data["kind"],
                "period": data["period"],
                "municipality": municipality.slug if municipality else "",
            },
            back_url=reverse("reports"),
            key=form.once_key(),
        )
        return job_redirect(request, job)
    return render(
        request,
        "reports/new.html",
        {"form": form, "page_title": _("Nieuwe rapportage"), "back_url": reverse("reports")},
    )


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = access_report(request.user, pk)
    context = render_context(report, pdf=False)
    return render(
        request,
        "reports/detail.html",
        {
            **context,
            "can_approve": can_approve_report(request.user, report),
            "can_make": can_make_reports(request.user),
            "regenerate_key": uuid.uuid4(),
            "readability": report.content.get("readability", {}),
            "has_charts": any(
                block["type"] == "chart"
                for section in report.content.get("sections", [])
                for block in section["blocks"]
            ),
        },
    )


@login_required
def report_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report = access_report(request.user, pk)
    if fmt not in URL_FORMATS:
        raise Http404
    stored = report_file(report=report, fmt=URL_FORMATS[fmt])
    response = HttpResponse(bytes(stored.data), content_type=CONTENT_TYPES[stored.format])
    response["Content-Disposition"] = f'attachment; filename="{filename(report, stored.format)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def report_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = access_report_for_approval(request.user, pk)
    try:
        report = report_approve(report=report, user=request.user)
    except ReportError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(report)
    job_start(
        task=report_files_task,
        kind=FILES,
        title=_("Bestanden maken: %(title)s") % {"title": report.title},
        user=request.user,
        params={"report": report.pk},
        back_url=report.get_absolute_url(),
        key=f"vastgesteld:{report.pk}",
    )
    messages.success(
        request,
        _("Versie %(version)s is vastgesteld. Iedereen kan deze versie nu lezen.")
        % {"version": report.version},
    )
    return redirect(report)


@login_required
@require_POST
def report_regenerate_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A new version with today's data; the version shown stays as it is."""
    report = access_report(request.user, pk)
    access_report_making(request.user)
    job = job_start(
        task=report_generate_task,
        kind=GENERATE,
        title=_("Nieuwe versie maken: %(title)s") % {"title": report.title},
        user=request.user,
        params={
            "kind": report.kind,
            "period": report.period_code,
            "municipality": report.municipality.slug if report.municipality else "",
        },
        back_url=report.get_absolute_url(),
        key=f"opnieuw:{report.pk}:{request.POST.get('sleutel', '')}",
    )
    return job_redirect(request, job)


def poster_pdf(request: HttpRequest) -> HttpResponse:
    """The framework poster, A3 portrait, for the walls of our buildings."""
    response = HttpResponse(
        poster_bytes(today=timezone.localdate()), content_type="application/pdf"
    )
    response["Content-Disposition"] = 'attachment; filename="poster-dienstverleningskader.pdf"'
    return response
