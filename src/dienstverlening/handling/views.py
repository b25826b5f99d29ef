"""Handling pages: parse input, call one selector or service, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dienstverlening.core.exports import download
from dienstverlening.core.jobs import (
    access_job,
    job_find,
    job_redirect,
    job_reused_message,
    job_start,
    job_upload_discard,
)
from dienstverlening.core.models import Job, JobStatus
from dienstverlening.organisation.models import Team

from . import selectors
from .access import access_intake_admin, access_open_work, can_manage_intake
from .forms import ComplianceFilterForm, ImportUploadForm, OpenItemsFilterForm, OpenWorkFilterForm
from .models import ItemKind, Mailbox
from .tasks import IMPORT, MAILSYNC, handling_import_task, mailboxes_sync_task

KINDS = list(ItemKind)


@login_required
def open_work(request: HttpRequest) -> HttpResponse:
    """Which work is open, at which team, and for how long: the overview the advice missed."""
    access_open_work(request.user)
    form = OpenWorkFilterForm(request.GET or None)
    municipality = kind = None
    if form.is_valid():
        municipality = form.cleaned_data["gemeente"]
        kind = form.cleaned_data["soort"]
    rows = selectors.open_work_overview(
        municipality_id=municipality.pk if municipality else None, kind=kind or ""
    )
    kinds = [k for k in KINDS if any(row.per_kind.get(k) for row in rows)]
    for row in rows:
        row.kind_counts = [row.per_kind.get(k, 0) for k in kinds]
    if request.GET.get("formaat") == "csv":
        return download(
            "openstaand-werk",
            [
                _("team"),
                _("totaal open"),
                _("over de termijn"),
                *[str(k.label) for k in kinds],
                *[_("%(band)s werkdagen") % {"band": b[0]} for b in selectors.AGE_BANDS],
            ],
            [[r.team.name, r.total, r.past_due, *r.kind_counts, *r.bands] for r in rows],
            fmt="csv",
        )
    totals = {
        "total": sum(r.total for r in rows),
        "past_due": sum(r.past_due for r in rows),
        "kinds": [sum(r.per_kind.get(k, 0) for r in rows) for k in kinds],
        "bands": [sum(r.bands[i] for r in rows) for i in range(len(selectors.AGE_BANDS))],
    }
    return render(
        request,
        "handling/open_work.html",
        {
            "form": form,
            "rows": rows,
            "kinds": kinds,
            "bands": [band[0] for band in selectors.AGE_BANDS],
            "totals": totals,
            "now": timezone.localtime(),
            "can_manage": can_manage_intake(request.user),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def team_open_items(request: HttpRequest, slug: str) -> HttpResponse:
    """The open items of one team: ids, kind, service, age, due. No personal data."""
    access_open_work(request.user)
    team = get_object_or_404(Team, slug=slug)
    form = OpenItemsFilterForm(request.GET or None)
    kind = form.cleaned_data["soort"] if form.is_valid() else ""
    items = selectors.open_items(team=team, kind=kind)
    if request.GET.get("formaat") == "csv":
        rows = selectors.with_age(items.iterator(chunk_size=2000))
        return download(
            f"open-{team.slug}",
            [
                _("bron"),
                _("kenmerk"),
                _("soort"),
                _("dienst"),
                _("ontvangen"),
                _("werkdagen oud"),
                _("uiterlijk klaar"),
                _("status"),
            ],
            [
                [
                    i.source,
                    i.source_id,
                    i.get_kind_display(),
                    i.service.name if i.service else "",
                    timezone.localtime(i.received_at).strftime("%d-%m-%Y %H:%M"),
                    i.age,
                    timezone.localtime(i.due_at).strftime("%d-%m-%Y %H:%M") if i.due_at else "",
                    i.status_word,
                ]
                for i in rows
            ],
            fmt="csv",
        )
    page = Paginator(items, 50).get_page(request.GET.get("pagina"))
    page.object_list = selectors.with_age(page.object_list)
    params = request.GET.copy()
    params.pop("pagina", None)
    return render(
        request,
        "handling/team_items.html",
        {"team": team, "form": form, "page": page, "query": params.urlencode()},
    )


@login_required
def norm_compliance(request: HttpRequest) -> HttpResponse:
    """On-time share against the target share, median and p90 lead time, per period."""
    access_open_work(request.user)
    form = ComplianceFilterForm(request.GET or None)
    start, end = form.period(timezone.localdate())
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    group_by = data.get("indeling") or "team"
    team = data.get("team")
    rows = selectors.compliance(
        start=start,
        end=end,
        group_by=group_by,
        kind=data.get("soort") or "",
        team_id=team.pk if team else None,
    )
    if request.GET.get("formaat") == "csv":
        return download(
            "normen",
            [
                _("groep"),
                _("soort"),
                _("afgehandeld"),
                _("op tijd"),
                _("aandeel op tijd %"),
                _("doel %"),
                _("mediaan werkdagen"),
                _("90e percentiel werkdagen"),
                _("norm"),
            ],
            [
                [
                    r.label,
                    r.kind_label,
                    r.total,
                    r.on_time,
                    f"{r.share:.1f}".replace(".", ",") if r.share is not None else "",
                    r.target_share if r.target_share is not None else "",
                    r.median,
                    r.p90,
                    r.norm_title,
                ]
                for r in rows
            ],
            fmt="csv",
        )
    return render(
        request,
        "handling/compliance.html",
        {
            "form": form,
            "rows": rows,
            "start": start,
            "end": end,
            "group_by": group_by,
            "query": request.GET.urlencode(),
            "can_manage": can_manage_intake(request.user),
            "min_group": settings.DV_MIN_GROUP_SIZE,
        },
    )


@login_required
def mailboxes(request: HttpRequest) -> HttpResponse:
    """For the functioneel beheerder: every mailbox, when it last synced and what went wrong."""
    access_intake_admin(request.user)
    boxes = Mailbox.objects.select_related("team", "municipality").order_by(
        "-last_error_at", "name"
    )
    return render(
        request,
        "handling/mailboxes.html",
        {"mailboxes": boxes, "failing": [b for b in boxes if b.last_error]},
    )


@login_required
@require_POST
def mailboxes_sync_now(request: HttpRequest) -> HttpResponse:
    """Read every mailbox now, in the background, instead of waiting for the schedule."""
    access_intake_admin(request.user)
    job = job_start(
        task=mailboxes_sync_task,
        kind=MAILSYNC,
        title=_("Teammailboxen bijwerken"),
        user=request.user,
        back_url=reverse("handling-mailboxes"),
    )
    return redirect(job)


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    """Choose the source and the file; the check and the import run in the background and the
    job's page shows their progress and outcome."""
    access_intake_admin(request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        source = form.cleaned_data["source"]
        save = request.POST.get("actie") != "controleren"
        if save:
            title = _("Import %(name)s (bron %(source)s)")
        else:
            title = _("Controle %(name)s (bron %(source)s)")
        job = job_start(
            task=handling_import_task,
            kind=IMPORT,
            title=title % {"name": upload.name, "source": source.name},
            user=request.user,
            params={
                "source": source.pk,
                "source_name": source.name,
                "filename": upload.name,
                "save": save,
            },
            upload=upload,
            back_url=reverse("handling-import"),
            key=form.once_key("opslaan" if save else "controleren"),
        )
        return job_redirect(request, job)
    return render(request, "handling/import_upload.html", {"form": form})


@login_required
@require_POST
def import_after_check(request: HttpRequest, pk) -> HttpResponse:
    """After a check without errors: save the same file now, or discard it."""
    access_intake_admin(request.user)
    checked = get_object_or_404(Job, pk=pk, kind=IMPORT)
    access_job(request.user, checked)
    if not (checked.status == JobStatus.SUCCEEDED and checked.outcome.get("checked_only")):
        messages.error(request, _("Opslaan of annuleren kan alleen na een controle zonder fouten."))
        return redirect(checked)
    # The checked file is saved once: a second click finds the import the first one started.
    key = f"opslaan-na-controle:{checked.pk}"
    saved = job_find(kind=IMPORT, user=request.user, key=key)
    if saved is not None:
        messages.info(request, job_reused_message(saved))
        return redirect(saved)
    if not checked.upload:
        messages.error(request, _("Dit bestand is er niet meer. Kies het opnieuw."))
        return redirect("handling-import")
    if request.POST.get("actie") == "annuleren":
        job_upload_discard(job=checked)
        messages.success(request, _("De import is geannuleerd. Het bestand is verwijderd."))
        return redirect("handling-import")
    params = {**checked.params, "save": True}
    job = job_start(
        task=handling_import_task,
        kind=IMPORT,
        title=_("Import %(name)s (bron %(source)s)")
        % {"name": params.get("filename", ""), "source": params.get("source_name", "")},
        user=request.user,
        params=params,
        upload_from=checked,
        back_url=reverse("handling-import"),
        key=key,
    )
    return job_redirect(request, job)
