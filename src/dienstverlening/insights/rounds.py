"""Survey rounds: the continuous survey, the biennial survey, the baseline, other imports.

Different rounds ask different residents in different ways, so their answers are never pooled:
every figure belongs to one round, and a change is measured against the same round. A round is
a set of runs (``surveys.SurveyRun``): the baseline is every run marked ``is_baseline``, whatever
its kind; the others are the runs of one kind that are not the baseline. The roll-up is filtered
on its ``run`` column with a subquery on the (small) runs table, so the filter stays in the
database.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from dienstverlening.surveys.models import RunKind, SurveyRun


class SurveyRound(models.TextChoices):
    CONTINUOUS = "doorlopend", _("doorlopende meting")
    BIENNIAL = "tweejaarlijks", _("tweejaarlijks onderzoek")
    BASELINE = "nulmeting", _("nulmeting")
    EXTERNAL = "extern", _("andere externe meting")


# The continuous survey runs every month: the natural default for periods and trends.
DEFAULT_ROUND = SurveyRound.CONTINUOUS

_KIND = {
    SurveyRound.CONTINUOUS: RunKind.CONTINUOUS,
    SurveyRound.BIENNIAL: RunKind.BIENNIAL,
    SurveyRound.EXTERNAL: RunKind.EXTERNAL,
}


def round_q(survey_round: str, *, prefix: str = "") -> Q:
    """Filter on ``SurveyRun`` (or, with ``prefix="run__"``, on a model with a run)."""
    if survey_round == SurveyRound.BASELINE:
        return Q(**{f"{prefix}is_baseline": True})
    return Q(**{f"{prefix}is_baseline": False, f"{prefix}kind": _KIND[SurveyRound(survey_round)]})


def round_runs(survey_round: str) -> QuerySet:
    """The primary keys of the round's runs, as a subquery."""
    return SurveyRun.objects.filter(round_q(survey_round)).values("pk")


def compares_with_previous_measurement(survey_round: str) -> bool:
    """The biennial survey is compared with the biennial survey before it, not with the
    (usually empty) months just before the period."""
    return survey_round == SurveyRound.BIENNIAL


def previous_run(survey_round: str, before) -> QuerySet:
    """The latest run of the round that started before ``before``, as a subquery."""
    return (
        SurveyRun.objects.filter(round_q(survey_round), starts_on__lt=before)
        .order_by("-starts_on", "-pk")
        .values("pk")[:1]
    )


def previous_name(survey_round: str) -> str:
    """What 'previous' means in this round, in words: 'vorige periode' or the previous survey."""
    if compares_with_previous_measurement(survey_round):
        return str(_("vorig tweejaarlijks onderzoek"))
    return str(_("vorige periode"))
