"""Reads of the surveys app that span models. Counts only; scores belong to ``insights``."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .models import Invitation, InvitationStatus, Questionnaire, Response, SurveyRun


def runs_overview() -> QuerySet[SurveyRun]:
    # An annotated (GROUP BY) query drops the model's default ordering: order explicitly.
    return (
        SurveyRun.objects.select_related("questionnaire")
        .annotate(response_count=Count("responses", distinct=True))
        .order_by("-starts_on", "name")
    )


def run_summary(run: SurveyRun) -> dict:
    """How many responses, by source. No scores here: the dashboard computes those."""
    rows = Response.objects.filter(run=run).values("source").annotate(n=Count("pk"))
    by_source = {row["source"]: row["n"] for row in rows}
    return {"total": sum(by_source.values()), "by_source": by_source}


def invitation_counts(run: SurveyRun) -> dict[str, int]:
    counts = Invitation.objects.filter(run=run).aggregate(
        total=Count("pk"),
        pending=Count("pk", filter=Q(status=InvitationStatus.PENDING)),
        sent=Count("pk", filter=Q(status=InvitationStatus.SENT)),
        reminded=Count("pk", filter=Q(status=InvitationStatus.REMINDED)),
        answered=Count("pk", filter=Q(status=InvitationStatus.ANSWERED)),
        closed=Count("pk", filter=Q(status=InvitationStatus.CLOSED)),
    )
    return counts


def questionnaire_versions() -> QuerySet[Questionnaire]:
    return Questionnaire.objects.annotate(run_count=Count("runs")).order_by("-version")
