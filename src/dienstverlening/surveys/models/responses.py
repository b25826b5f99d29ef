"""Anonymous responses and their answers, and the imports of an external survey's results.

Anonymity: a response keeps a date, never a time, an address or a link to an invitation.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dienstverlening.framework.models import Outcome, Statement
from dienstverlening.organisation.models import Channel, Municipality, Service

from .questionnaires import Questionnaire, TeamQuestion
from .runs import SurveyRun


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
