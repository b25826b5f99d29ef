"""Team plans (advice 3) and the implementation plan of section C of the advice.

A *teamplan* holds, per team and year, the service-delivery section of the team's yearly plan:
the norms and work agreements of the framework the team commits to, its focus, and its actions.
The *implementatieplan* is the advice's own action list (section C), loaded by the migration
``0002_plans`` and kept up to date by the coördinator.
"""

import re

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dienstverlening.framework.models import Norm, WorkAgreement
from dienstverlening.organisation.models import Team

from .tracks import Action, ActionStatus

FIRST_YEAR = 2020
LAST_YEAR = 2100


class TeamPlan(models.Model):
    """The service-delivery section of one team's plan for one year (*teamplan*)."""

    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="improvement_plans", verbose_name=_("team")
    )
    year = models.PositiveSmallIntegerField(
        _("jaar"),
        validators=[
            MinValueValidator(FIRST_YEAR, message=_("Kies een jaar vanaf %(limit_value)s.")),
            MaxValueValidator(LAST_YEAR, message=_("Kies een jaar tot en met %(limit_value)s.")),
        ],
    )
    focus = models.TextField(
        _("focus"),
        blank=True,
        help_text=_(
            "Waar let het team dit jaar vooral op? Bijvoorbeeld: 'We bellen inwoners die lang "
            "wachten zelf op.' Schrijf kort en in gewone taal."
        ),
    )
    norms = models.ManyToManyField(
        Norm, blank=True, related_name="team_plans", verbose_name=_("gekozen normen")
    )
    agreements = models.ManyToManyField(
        WorkAgreement, blank=True, related_name="team_plans", verbose_name=_("werkafspraken")
    )
    actions = models.ManyToManyField(
        Action, blank=True, related_name="team_plans", verbose_name=_("acties")
    )
    created_at = models.DateTimeField(_("gemaakt op"))
    updated_at = models.DateTimeField(_("gewijzigd op"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gewijzigd door"),
    )

    class Meta:
        verbose_name = _("teamplan")
        verbose_name_plural = _("teamplannen")
        ordering = ["-year", "team__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "year"],
                name="team_plan_one_per_year",
                violation_error_message=_(
                    "Dit team heeft al een teamplan voor dit jaar. Pas dat plan aan."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("improvement-plan", kwargs={"pk": self.pk})


class Advice(models.Model):
    """One of the ten general advices of part B of the advice (*advies 1 t/m 10*)."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    title = models.CharField(_("advies"), max_length=200)

    class Meta:
        verbose_name = _("advies")
        verbose_name_plural = _("adviezen")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class CostColour(models.TextChoices):
    """What an action of section C costs, in the advice's colours (said in words too)."""

    GREEN = "green", _("groen")
    YELLOW = "yellow", _("geel")
    ORANGE = "orange", _("oranje")


COST_MEANING = {
    CostColour.GREEN: _("kan nu, zonder extra tijd of geld"),
    CostColour.YELLOW: _("vraagt eenmalig tijd of geld"),
    CostColour.ORANGE: _("vraagt structureel tijd of geld"),
    "": _("kleur niet aangegeven in het advies"),
}

_SENTENCE_END = re.compile(r"(?<=[.:])\s")


class ImplementationAction(models.Model):
    """One action of section C of the advice (*implementatieplan*), kept by the coördinator."""

    position = models.PositiveSmallIntegerField(
        _("volgnummer"), unique=True, help_text=_("De plaats in de lijst van het advies.")
    )
    text = models.TextField(_("actie"), help_text=_("De tekst van de actie, zoals in het advies."))
    colour = models.CharField(
        _("kleur"),
        max_length=10,
        choices=CostColour.choices,
        blank=True,
        help_text=_(
            "Groen: kan nu, zonder extra tijd of geld. Geel: vraagt eenmalig tijd of geld. "
            "Oranje: vraagt structureel tijd of geld."
        ),
    )
    responsible = models.CharField(
        _("wie is aan zet"),
        max_length=300,
        help_text=_("De teams of functies die het meest aan zet zijn, zoals in het advies."),
    )
    advices = models.ManyToManyField(
        Advice, related_name="implementation_actions", verbose_name=_("draagt bij aan advies")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    owner = models.CharField(
        _("eigenaar"),
        max_length=200,
        blank=True,
        help_text=_("Wie trekt deze actie? Een persoon, team of functie."),
    )
    notes = models.TextField(
        _("toelichting"), blank=True, help_text=_("Wat is er gedaan, wat is de volgende stap?")
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gewijzigd door"),
    )

    class Meta:
        verbose_name = _("actie uit het implementatieplan")
        verbose_name_plural = _("acties uit het implementatieplan")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """The first sentence of the text: the action in short."""
        first_line = self.text.strip().split("\n", 1)[0]
        return _SENTENCE_END.split(first_line, 1)[0].rstrip(":")

    @property
    def text_after_title(self) -> str:
        """The rest of the text after its first sentence (empty for a one-sentence action)."""
        return self.text.strip()[len(self.title) :].lstrip(":").strip()

    @property
    def colour_meaning(self) -> str:
        return str(COST_MEANING[self.colour])
