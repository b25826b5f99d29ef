"""Error pages that Django's defaults do not cover (403, 404 and 400 only need the templates),
the page after too many wrong passwords, and the pages of the background jobs: one job (with a
progress partial for htmx) and "Mijn taken".
"""

from __future__ import annotations

import math

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.template import loader

from .jobs import access_job, job_state, jobs_for
from .models import Job


def server_error(request: HttpRequest) -> HttpResponseServerError:
    """The 500 page. Rendered without the request, so without context processors: the database
    may be the very thing that is down."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(
        template.render({"organisation_name": settings.DV_ORGANISATION_NAME})
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid token (expired page, cookies off): say how to try again."""
    return render(request, "403_csrf.html", status=403)


def login_locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """Too many wrong passwords for this username from this address (AXES_LOCKOUT_CALLABLE):
    say so, and for how many minutes, on the site's and the admin's log-in page alike."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    return render(
        request,
        "core/lockout.html",
        {"minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


def _job_for_view(request: HttpRequest, pk) -> Job:
    job = get_object_or_404(Job.objects.select_related("started_by"), pk=pk)
    access_job(request.user, job)
    return job


@login_required
def job_detail(request: HttpRequest, pk) -> HttpResponse:
    """The job's own page: progress while it runs, then its outcome. Safe to leave and reopen."""
    job = _job_for_view(request, pk)
    return render(request, "core/job.html", {"job": job, "state": job_state(job)})


@login_required
def job_progress(request: HttpRequest, pk) -> HttpResponse:
    """The progress partial the job page polls (htmx) until the job is done."""
    job = _job_for_view(request, pk)
    return render(
        request, "core/_job_progress.html", {"job": job, "state": job_state(job), "swap": True}
    )


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    """The user's recent jobs (the beheerder sees everyone's), newest first."""
    jobs = list(jobs_for(request.user)[:50])
    return render(request, "core/job_list.html", {"jobs": jobs})
