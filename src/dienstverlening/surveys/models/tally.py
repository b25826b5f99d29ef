"""The roll-up the dashboard reads (``AnswerTally``, wide and monthly) and the declaration of
its counting columns and key (``TALLY_KEY``)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from dienstverlening.core.bulk import RollupKey
from dienstverlening.framework.models import Outcome
from dienstverlening.organisation.models import Channel, Municipality, Service

from .questionnaires import Questionnaire
from .responses import AGREEMENT_VALUES, DONT_KNOW
from .runs import SurveyRun

# The roll-up's counting columns: one per answer value, per statement slot (the statement's
# ``order`` in its questionnaire version) and per whole mark. The framework has eight statements.
MAX_STATEMENTS = 8
MARK_VALUES = tuple(range(1, 11))
STATEMENT_VALUES = (DONT_KNOW, *AGREEMENT_VALUES)
STATEMENT_SLOTS = tuple(range(1, MAX_STATEMENTS + 1))
# A mark has at most one decimal (an import may give 7,5), so the roll-up keeps, besides the
# count per whole mark (``mark_7`` counts 7,0 up to 7,9), the exact sums of the marks in tenths
# and of their squares: mean, standard deviation and "7 or higher" stay exact.
MARK_TENTHS = "mark_tenths"
MARK_TENTHS_SQUARED = "mark_tenths_sq"


def mark_column(value: int) -> str:
    """The column counting the marks from ``value`` up to (not including) ``value + 1``."""
    return f"mark_{value}"


def mark_in_tenths(mark: int | Decimal) -> int:
    """7 → 70, Decimal("7.5") → 75; a mark outside 1–10 or with two decimals is an error."""
    tenths = Decimal(mark) * 10
    if tenths != tenths.to_integral_value() or not 10 <= tenths <= 100:
        raise ValueError(f"not a mark with at most one decimal: {mark!r}")
    return int(tenths)


def statement_column(slot: int, value: int) -> str:
    return f"s{slot}_{value}"


MARK_COLUMNS = (*(mark_column(v) for v in MARK_VALUES), MARK_TENTHS, MARK_TENTHS_SQUARED)
STATEMENT_COLUMNS = tuple(
    statement_column(slot, v) for slot in STATEMENT_SLOTS for v in STATEMENT_VALUES
)
TALLY_COLUMNS = ("responses", *MARK_COLUMNS, *STATEMENT_COLUMNS)
# The one declaration of what makes an ``AnswerTally`` row unique: its constraint, every upsert
# and every key built in ``tallies`` follow it.
TALLY_KEY = RollupKey(
    "month",
    "run",
    "service",
    "channel",
    "municipality",
    "outcome",
    "questionnaire",
)


class AnswerTally(models.Model):
    """Counts per month and group, one column per answer value: the roll-up the dashboard reads.

    One row per (month, run, service, channel, municipality, outcome, questionnaire), kept
    current in the same transaction as every response and import (``tallies_add``).
    ``responses`` counts responses, ``mark_1`` … ``mark_10`` the marks per whole mark
    (``mark_7``: 7,0 up to 7,9), ``mark_tenths`` and ``mark_tenths_sq`` the sums of the marks
    in tenths and of their squares (exact with decimal marks), and ``s{slot}_{value}`` the
    answers to the statement in position ``slot`` (``QuestionnaireStatement.order``) of the
    questionnaire version; value 0 is "weet ik niet". Wide and monthly, so that one response
    adds to one row, and a year of the dashboard reads a few thousand rows at most.
    """

    month = models.DateField(_("maand"), help_text=_("Altijd de eerste dag van de maand."))
    # Derived data, written on every response and in bulk by imports: foreign keys without their
    # own index (the unique key and the two indexes below serve the reads) and without a database
    # constraint (Django still enforces PROTECT/CASCADE).
    run = models.ForeignKey(
        SurveyRun, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    channel = models.ForeignKey(
        Channel, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=Outcome.choices)
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    responses = models.IntegerField(_("aantal antwoorden"), default=0, db_default=0)

    class Meta:
        verbose_name = _("telling")
        verbose_name_plural = _("tellingen")
        constraints = [TALLY_KEY.constraint("answertally_key")]
        indexes = [
            models.Index(fields=["service", "month"], name="answertally_service_month"),
            models.Index(fields=["run", "month"], name="answertally_run_month"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.service_id}: {self.responses}"


def _add_count_columns() -> None:
    """The 60 counting columns besides ``responses``; generated, so they cannot drift."""
    for value in MARK_VALUES:
        AnswerTally.add_to_class(
            mark_column(value),
            models.IntegerField(format_lazy(_("rapportcijfer {}"), value), default=0, db_default=0),
        )
    # 64-bit: a group of a month may hold more than 200,000 marks of 10 (100² tenths² each).
    AnswerTally.add_to_class(
        MARK_TENTHS,
        models.BigIntegerField(_("som van rapportcijfer × 10"), default=0, db_default=0),
    )
    AnswerTally.add_to_class(
        MARK_TENTHS_SQUARED,
        models.BigIntegerField(_("som van (rapportcijfer × 10)²"), default=0, db_default=0),
    )
    for slot in STATEMENT_SLOTS:
        for value in STATEMENT_VALUES:
            AnswerTally.add_to_class(
                statement_column(slot, value),
                models.IntegerField(
                    format_lazy(_("stelling {} waarde {}"), slot, value), default=0, db_default=0
                ),
            )


_add_count_columns()
