"""The questionnaire (versioned: a run keeps the version it started with), its statements in
order, and the questions a team adds of its own."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from dienstverlening.framework.models import Statement
from dienstverlening.organisation.models import Service, Team


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
