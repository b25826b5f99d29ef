"""Open answers: scrubbed texts of residents, shown so that they point at no one."""

from __future__ import annotations

import datetime

from django.db.models import IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import gettext_lazy

from dienstverlening.surveys.models import OpenAnswer, OpenQuestion, Response

from .disclosure import min_group_size
from .periods import Period
from .rollup import _tally_queryset
from .rounds import DEFAULT_ROUND, round_runs
from .scope import Scope

OPEN_QUESTION_CHOICES = [
    ("", gettext_lazy("Alle open vragen")),
    (OpenQuestion.GOOD, gettext_lazy("Wat ging goed")),
    (OpenQuestion.BETTER, gettext_lazy("Wat kan beter")),
]
COMPLIMENT_MARK = 8


def open_answers(
    scope: Scope,
    period: Period,
    *,
    question: str = "",
    compliments: bool = False,
    survey_round: str = DEFAULT_ROUND,
):
    """Scrubbed open answers of the scope, period and survey round, newest month first.

    Compliments: what went well, from residents who gave an 8 or higher. Answers of a group
    smaller than the minimum group size are not shown (an empty list is returned).

    Each answer carries ``month``. Where fewer residents than the minimum answered for its
    service and channel in that month (``cell_sizes``), the channel must not be shown with the
    answer: together with the service and the month it could point at one resident. When the
    scope itself is one channel, such answers are left out here. Within a month the order says
    nothing about the date.
    """
    responses = Response.objects.filter(
        answered_on__gte=period.start,
        answered_on__lte=period.end,
        run__in=round_runs(survey_round),
    ).filter(scope.survey_q())
    # Enough residents? Counting stops at the minimum: a year of a large team is not counted.
    least = min_group_size()
    if responses[:least].count() < least:
        return OpenAnswer.objects.none()
    answers = (
        OpenAnswer.objects.filter(response__in=responses)
        .select_related("response__service", "response__channel")
        .annotate(month=TruncMonth("response__answered_on"))
    )
    if compliments:
        answers = answers.filter(question=OpenQuestion.GOOD, response__mark__gte=COMPLIMENT_MARK)
    elif question in {OpenQuestion.GOOD, OpenQuestion.BETTER}:
        answers = answers.filter(question=question)
    if scope.channel:
        cell = (
            _tally_queryset(scope, survey_round=survey_round)
            .filter(
                service=OuterRef("response__service"),
                channel=OuterRef("response__channel"),
                month=OuterRef("month"),
            )
            .values("service")
            .annotate(n=Sum("responses"))
            .values("n")
        )
        answers = answers.annotate(
            cell_respondents=Coalesce(Subquery(cell), Value(0), output_field=IntegerField())
        ).filter(cell_respondents__gte=min_group_size())
    return answers.order_by("-month", "response__service__name", "text", "pk")


def newest_open_answers(scope: Scope, period: Period, count: int, **options) -> list[OpenAnswer]:
    """The first ``count`` of ``open_answers(scope, period, **options)``, in the same order,
    read month by month from the end of the period: the newest month usually holds enough, so a
    year's answers are not all sorted to show three (the reports' compliments)."""
    answers = open_answers(scope, period, **options)
    found: list[OpenAnswer] = []
    month_end = period.end
    while month_end >= period.start and len(found) < count:
        month_start = max(month_end.replace(day=1), period.start)
        found += answers.filter(
            response__answered_on__gte=month_start, response__answered_on__lte=month_end
        )[: count - len(found)]
        month_end = month_start - datetime.timedelta(days=1)
    return found


Cell = tuple[int, int, object]  # service id, channel id, first day of the month


def cell_sizes(scope: Scope, answers, *, survey_round: str = DEFAULT_ROUND) -> dict[Cell, int]:
    """Residents per service × channel × month, for the cells of ``answers`` (a page of
    ``open_answers``): one grouped query on the roll-up, within the scope and round."""
    answers = list(answers)
    if not answers:
        return {}
    rows = (
        _tally_queryset(scope, survey_round=survey_round)
        .filter(
            service__in={a.response.service_id for a in answers},
            channel__in={a.response.channel_id for a in answers},
            month__in={a.month for a in answers},
        )
        .values("service", "channel", "month")
        .annotate(n=Sum("responses"))
        .order_by()
    )
    return {(row["service"], row["channel"], row["month"]): row["n"] or 0 for row in rows}
