"""Export of anonymous responses (CSV and XLSX) for the coördinator, and import file clean-up.

Groups (run × service) smaller than ``DV_MIN_GROUP_SIZE`` are left out, as everywhere else.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db.models import Count
from django.utils.translation import gettext as _

from .models import (
    ImportStatus,
    OpenAnswer,
    OpenQuestion,
    Outcome,
    QuestionnaireStatement,
    Response,
    ResponseImport,
    StatementAnswer,
    SurveyRun,
)


def import_discard(*, item: ResponseImport, status: str = ImportStatus.CANCELLED) -> None:
    """Delete the uploaded file (it may hold unscrubbed text) and record the outcome."""
    if item.upload:
        item.upload.delete(save=False)
    item.status = status
    item.save(update_fields=["upload", "status"])


def responses_table(*, run: SurveyRun | None = None) -> tuple[list[str], list[list]]:
    responses = Response.objects.all()
    if run is not None:
        responses = responses.filter(run=run)
    minimum = settings.DV_MIN_GROUP_SIZE
    big_enough = (
        responses.values("run_id", "service_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=minimum)
        .values_list("run_id", "service_id")
    )
    allowed = set(big_enough)
    statement_orders = {}
    for qs in QuestionnaireStatement.objects.all():
        statement_orders.setdefault(qs.statement_id, qs.order)
    numbers = sorted(set(statement_orders.values())) or list(range(1, 9))
    headers = [
        _("meting"),
        _("datum"),
        _("dienst"),
        _("kanaal"),
        _("gemeente"),
        _("uitkomst"),
        _("versie vragenlijst"),
        *[_("stelling %(number)s") % {"number": n} for n in numbers],
        _("rapportcijfer"),
        _("wat ging goed"),
        _("wat kan beter"),
    ]
    outcome_labels = dict(Outcome.choices)
    rows = []
    queryset = responses.select_related(
        "run", "service", "channel", "municipality", "questionnaire"
    ).order_by("answered_on", "pk")
    for chunk_start in range(0, queryset.count(), 5000):
        chunk = [
            r
            for r in queryset[chunk_start : chunk_start + 5000]
            if (r.run_id, r.service_id) in allowed
        ]
        ids = [r.pk for r in chunk]
        answers: dict[int, dict[int, int]] = {}
        for response_id, statement_id, value in StatementAnswer.objects.filter(
            response_id__in=ids
        ).values_list("response_id", "statement_id", "value"):
            answers.setdefault(response_id, {})[statement_orders.get(statement_id, 0)] = value
        opens: dict[int, dict[str, str]] = {}
        for response_id, question, text in OpenAnswer.objects.filter(
            response_id__in=ids, question__in=[OpenQuestion.GOOD, OpenQuestion.BETTER]
        ).values_list("response_id", "question", "text"):
            opens.setdefault(response_id, {})[question] = text
        for r in chunk:
            given = answers.get(r.pk, {})
            rows.append(
                [
                    r.run.name,
                    r.answered_on.strftime("%d-%m-%Y"),
                    r.service.name,
                    r.channel.name,
                    r.municipality.name,
                    str(outcome_labels[r.outcome]),
                    r.questionnaire.version,
                    *[_value_label(given.get(n)) for n in numbers],
                    _mark_cell(r.mark),
                    opens.get(r.pk, {}).get(OpenQuestion.GOOD, ""),
                    opens.get(r.pk, {}).get(OpenQuestion.BETTER, ""),
                ]
            )
    return headers, rows


def _mark_cell(mark: Decimal | None) -> int | float | str:
    """A plain number for the spreadsheet: 8 or 7.5 (the CSV writes 7,5)."""
    if mark is None:
        return ""
    return int(mark) if mark == mark.to_integral_value() else float(mark)


def _value_label(value: int | None):
    if value is None:
        return ""
    if value == 0:
        return _("weet niet")
    return value
