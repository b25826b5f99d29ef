"""Evaluations: questionnaires (versioned), team questions, survey runs, open links,
invitations, anonymous responses and the roll-up the dashboard reads (``AnswerTally``, wide
and monthly).

Anonymity: a response keeps a date, never a time, an address or a link to an invitation.
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from dienstverlening.core.bulk import RollupKey
from dienstverlening.framework.models import Outcome, Statement
from dienstverlening.organisation.models import Channel, Municipality, Service, Team


def new_token() -> str:
    return secrets.token_urlsafe(18)


class Questionnaire(models.Model):
    """One version of the standard questionnaire.

    The wording of the eight statements, the mark and the open questions is frozen per
    version; a change in wording makes a new version, so results stay comparable.
    """

    version = models.PositiveSmallIntegerField(_("versie"), unique=True)
    intro = models.TextField(
        _("inleiding"),
        help_text=_("Wat de inwoner boven de vragen leest. Kort en in gewone taal (B1)."),
    )
    mark_question = models.CharField(_("vraag rapportcijfer"), max_length=200)
    open_good_question = models.CharField(_("open vraag: wat ging goed"), max_length=200)
    open_better_question = models.CharField(_("open vraag: wat kan beter"), max_length=200)
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("vragenlijst")
        verbose_name_plural = _("vragenlijsten")
        ordering = ["-version"]

    def __str__(self) -> str:
        return _("Standaardvragenlijst versie %(version)s") % {"version": self.version}


class QuestionnaireStatement(models.Model):
    """A statement as worded in one questionnaire version."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="statements",
        verbose_name=_("vragenlijst"),
    )
    statement = models.ForeignKey(
        Statement, on_delete=models.PROTECT, related_name="+", verbose_name=_("stelling")
    )
    text = models.CharField(_("tekst in deze versie"), max_length=200)
    order = models.PositiveSmallIntegerField(_("volgorde"))

    class Meta:
        verbose_name = _("stelling in vragenlijst")
        verbose_name_plural = _("stellingen in vragenlijst")
        ordering = ["questionnaire", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "statement"], name="questionnaire_statement_once"
            )
        ]

    def __str__(self) -> str:
        return self.text


class QuestionKind(models.TextChoices):
    AGREEMENT = "agreement", _("eens/oneens (5 punten)")
    SINGLE = "single", _("één keuze")
    MULTIPLE = "multiple", _("meer keuzes")
    YES_NO = "yes_no", _("ja/nee")
    NUMBER = "number", _("getal")
    OPEN = "open", _("open vraag")


class TeamQuestion(models.Model):
    """An extra question a team asks about its own services, after the standard items."""

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="survey_questions", verbose_name=_("team")
    )
    services = models.ManyToManyField(
        Service,
        blank=True,
        related_name="survey_questions",
        verbose_name=_("diensten"),
        help_text=_("Leeg laten als de vraag voor alle diensten van het team geldt."),
    )
    text = models.CharField(_("vraag"), max_length=200)
    help_text = models.CharField(_("uitleg bij de vraag"), max_length=300, blank=True)
    kind = models.CharField(_("soort vraag"), max_length=20, choices=QuestionKind.choices)
    choices = models.TextField(
        _("antwoordmogelijkheden"),
        blank=True,
        help_text=_("Alleen bij één keuze of meer keuzes: één antwoord per regel."),
    )
    required = models.BooleanField(_("verplicht"), default=False)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("teamvraag")
        verbose_name_plural = _("teamvragen")
        ordering = ["team", "order", "pk"]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        if self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and len(self.choice_list) < 2:
            raise ValidationError(
                {"choices": _("Geef minstens twee antwoordmogelijkheden, elk op een eigen regel.")},
                code="choices",
            )

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class RunKind(models.TextChoices):
    CONTINUOUS = "continuous", _("doorlopende meting na contact")
    BIENNIAL = "biennial", _("tweejaarlijks tevredenheidsonderzoek")
    EXTERNAL = "external", _("geïmporteerde externe meting")


class RunStatus(models.TextChoices):
    CONCEPT = "concept", _("concept")
    OPEN = "open", _("open")
    CLOSED = "closed", _("gesloten")


# The state machine of a run: which status may follow which.
RUN_TRANSITIONS: dict[str, tuple[str, ...]] = {
    RunStatus.CONCEPT: (RunStatus.OPEN,),
    RunStatus.OPEN: (RunStatus.CLOSED,),
    RunStatus.CLOSED: (),
}


class SurveyRun(models.Model):
    """A measurement: a kind, a scope (services, channels, municipalities), a period, a status."""

    name = models.CharField(_("naam"), max_length=150)
    kind = models.CharField(_("soort meting"), max_length=20, choices=RunKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.CONCEPT
    )
    is_baseline = models.BooleanField(
        _("nulmeting"),
        default=False,
        help_text=_("De meting waarmee latere metingen vergeleken worden."),
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="runs", verbose_name=_("vragenlijst")
    )
    services = models.ManyToManyField(
        Service, blank=True, related_name="survey_runs", verbose_name=_("diensten")
    )
    channels = models.ManyToManyField(
        Channel, blank=True, related_name="survey_runs", verbose_name=_("kanalen")
    )
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="survey_runs", verbose_name=_("gemeenten")
    )
    starts_on = models.DateField(_("begint op"))
    ends_on = models.DateField(_("eindigt op"), null=True, blank=True)
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="surveyrun_period_order",
                violation_error_message=_("De einddatum ligt vóór de begindatum."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("survey-run-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("De einddatum ligt vóór de begindatum.")}, code="period_order"
            )

    def can_become(self, status: str) -> bool:
        return status in RUN_TRANSITIONS[self.status]


class OpenLink(models.Model):
    """A public link (and QR code) for one service, channel and municipality within a run."""

    run = models.ForeignKey(
        SurveyRun, on_delete=models.CASCADE, related_name="open_links", verbose_name=_("meting")
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, verbose_name=_("dienst"))
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, verbose_name=_("kanaal"))
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, verbose_name=_("gemeente")
    )
    token = models.CharField(_("code"), max_length=40, unique=True, default=new_token)
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("open link")
        verbose_name_plural = _("open links")
        ordering = ["service__name", "channel__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "service", "channel", "municipality"], name="openlink_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} · {self.channel} · {self.municipality}"

    def get_absolute_url(self) -> str:
        return reverse("survey-open", kwargs={"token": self.token})


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("nog versturen")
    SENT = "sent", _("verstuurd")
    REMINDED = "reminded", _("herinnering verstuurd")
    ANSWERED = "answered", _("ingevuld")
    CLOSED = "closed", _("afgesloten")


class Invitation(models.Model):
    """A personal, single-use link for one recent contact.

    The e-mail address is kept only until the last mail (the reminder) is sent or the
    invitation is used; after that only ``address_hash`` (salted) remains, to avoid inviting
    the same person again within ``SURVEYS_REINVITE_MONTHS``.
    """

    run = models.ForeignKey(
        SurveyRun, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("meting")
    )
    token = models.CharField(_("code"), max_length=40, unique=True, default=new_token)
    email = models.EmailField(_("e-mailadres"), blank=True)
    address_hash = models.CharField(_("versleutelde vingerafdruk"), max_length=64, db_index=True)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, verbose_name=_("dienst"))
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, verbose_name=_("kanaal"))
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, verbose_name=_("gemeente")
    )
    outcome = models.CharField(
        _("uitkomst"), max_length=20, choices=Outcome.choices, default=Outcome.UNKNOWN
    )
    contact_on = models.DateField(_("datum contact"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )
    created_on = models.DateField(_("aangemaakt op"), auto_now_add=True)
    sent_on = models.DateField(_("verstuurd op"), null=True, blank=True)
    reminded_on = models.DateField(_("herinnerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-created_on", "pk"]
        indexes = [models.Index(fields=["status", "sent_on"], name="invitation_status_sent")]

    def __str__(self) -> str:
        return _("Uitnodiging %(pk)s") % {"pk": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("survey-invitation", kwargs={"token": self.token})


class ResponseSource(models.TextChoices):
    OPEN_LINK = "open_link", _("open link")
    INVITATION = "invitation", _("uitnodiging")
    IMPORT = "import", _("import")


class ImportMapping(models.Model):
    """A saved column mapping for files from one source, usable by name on the command line."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    mapping = models.JSONField(_("kolomindeling"), default=dict)

    class Meta:
        verbose_name = _("kolomindeling")
        verbose_name_plural = _("kolomindelingen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("geüpload")
    IMPORTING = "importing", _("wordt geïmporteerd")
    IMPORTED = "imported", _("geïmporteerd")
    CANCELLED = "cancelled", _("geannuleerd")


class ResponseImport(models.Model):
    """An import of external results. The uploaded file is deleted once imported or cancelled,
    or after a day when nobody imports it (``imports.response_uploads_prune``).

    A state machine that imports once: uploaded → importing (taken by one task with a
    conditional UPDATE) → imported; back to uploaded when the rows have errors; cancelled by
    the user or by the daily clean-up."""

    run = models.ForeignKey(
        SurveyRun, on_delete=models.CASCADE, related_name="imports", verbose_name=_("meting")
    )
    filename = models.CharField(_("bestandsnaam"), max_length=255)
    upload = models.FileField(_("bestand"), upload_to="surveys/imports/", blank=True)
    upload_key = models.UUIDField(
        _("uploadsleutel"),
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_(
            "Van het uploadformulier: hetzelfde formulier twee keer verstuurd is één upload."
        ),
    )
    headers = models.JSONField(_("kolomnamen"), default=list, blank=True)
    file_rows = models.PositiveIntegerField(_("regels in het bestand"), null=True, blank=True)
    mapping = models.JSONField(_("kolomindeling"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    row_count = models.PositiveIntegerField(_("aantal regels"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("door"),
    )
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename


class Response(models.Model):
    """One completed questionnaire. Anonymous: a date, never a time or who answered."""

    run = models.ForeignKey(
        SurveyRun, on_delete=models.PROTECT, related_name="responses", verbose_name=_("meting")
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="+", verbose_name=_("vragenlijst")
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="+", verbose_name=_("dienst")
    )
    channel = models.ForeignKey(
        Channel, on_delete=models.PROTECT, related_name="+", verbose_name=_("kanaal")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("gemeente")
    )
    outcome = models.CharField(
        _("uitkomst"), max_length=20, choices=Outcome.choices, default=Outcome.UNKNOWN
    )
    answered_on = models.DateField(_("datum"))
    mark = models.DecimalField(
        _("rapportcijfer"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("1 tot en met 10. Het formulier geeft hele cijfers; een import ook 7,5."),
    )
    source = models.CharField(_("bron"), max_length=20, choices=ResponseSource.choices)
    response_import = models.ForeignKey(
        ResponseImport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("import"),
    )
    submission_key = models.CharField(
        _("inzendcode"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Vingerafdruk van het formulier; voorkomt dat een inzending dubbel telt."),
    )

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        ordering = ["-answered_on", "-pk"]
        indexes = [models.Index(fields=["run", "service"], name="response_run_service")]
        constraints = [
            models.CheckConstraint(
                condition=Q(mark__isnull=True) | (Q(mark__gte=1) & Q(mark__lte=10)),
                name="response_mark_range",
                violation_error_message=_("Een rapportcijfer ligt tussen 1 en 10."),
            )
        ]

    def __str__(self) -> str:
        return _("Antwoord %(pk)s") % {"pk": self.pk}


# 1..5 from "helemaal oneens" to "helemaal eens"; 0 is "weet ik niet / niet van toepassing".
DONT_KNOW = 0
AGREEMENT_VALUES = (1, 2, 3, 4, 5)


class StatementAnswer(models.Model):
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="statement_answers"
    )
    # No index on the statement: eight rows per response; reads go through the response.
    statement = models.ForeignKey(
        Statement, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    value = models.PositiveSmallIntegerField(
        _("antwoord"), help_text=_("1 = helemaal oneens … 5 = helemaal eens; 0 = weet ik niet.")
    )

    class Meta:
        verbose_name = _("antwoord op stelling")
        verbose_name_plural = _("antwoorden op stellingen")
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0) & Q(value__lte=5),
                name="statementanswer_value_range",
                violation_error_message=_("Een antwoord op een stelling ligt tussen 0 en 5."),
            )
        ]

    def __str__(self) -> str:
        return str(self.value)


class TeamAnswer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="team_answers")
    question = models.ForeignKey(TeamQuestion, on_delete=models.PROTECT, related_name="answers")
    value = models.CharField(_("antwoord"), max_length=200)

    class Meta:
        verbose_name = _("antwoord op teamvraag")
        verbose_name_plural = _("antwoorden op teamvragen")

    def __str__(self) -> str:
        return self.value


class OpenQuestion(models.TextChoices):
    GOOD = "good", _("wat ging goed")
    BETTER = "better", _("wat kan beter")
    TEAM = "team", _("teamvraag")


class OpenAnswer(models.Model):
    """A free-text answer, stored only after scrubbing personal data (``core.scrub``)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="open_answers")
    question = models.CharField(_("vraag"), max_length=20, choices=OpenQuestion.choices)
    team_question = models.ForeignKey(
        TeamQuestion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("antwoord (zonder persoonsgegevens)"))

    class Meta:
        verbose_name = _("open antwoord")
        verbose_name_plural = _("open antwoorden")

    def __str__(self) -> str:
        return self.text[:60]


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
