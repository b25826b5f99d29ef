"""Pages of the background jobs: one job (with a progress partial for htmx) and "Mijn taken"."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .jobs import access_job, job_state, jobs_for
from .models import Job


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
