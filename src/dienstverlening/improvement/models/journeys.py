"""The resident journey (*inwonersreis*) of an improvement track, and the one fixed method.

A journey follows the method the coördinator keeps (``JourneyMethod`` and its ``MethodStep``s,
data pre-filled by a migration, never code): phases, and per phase the steps a resident takes,
each with the channel, what the resident does, thinks and feels (a five-point scale), the pain
points and the opportunities. Who took part is written down, with the real users; the
facilitators come from outside the team that owns the process.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dienstverlening.organisation.models import Channel

from .tracks import Track


class JourneyMethod(models.Model):
    """The method and its toolbox for facilitators: one row, edited by the coördinator."""

    intro = models.TextField(_("de methode in het kort"))
    toolbox = models.TextField(
        _("gereedschapskist voor begeleiders"),
        help_text=_("Tips, werkvormen en materiaal. Een lege regel begint een nieuwe alinea."),
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
        verbose_name = _("methode inwonersreis")
        verbose_name_plural = _("methode inwonersreis")

    def __str__(self) -> str:
        return str(_("Methode inwonersreis"))


class MethodStep(models.Model):
    """One step of the method; every journey ticks them off in its checklist."""

    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    title = models.CharField(_("stap"), max_length=200)
    description = models.TextField(_("wat doet u in deze stap"))
    active = models.BooleanField(
        _("in gebruik"),
        default=True,
        help_text=_("Een stap die niet meer in gebruik is, staat niet meer op nieuwe checklists."),
    )

    class Meta:
        verbose_name = _("stap van de methode")
        verbose_name_plural = _("stappen van de methode")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Feeling(models.IntegerChoices):
    """How the resident feels at a step: five points, from very negative to very positive."""

    VERY_NEGATIVE = 1, _("heel negatief")
    NEGATIVE = 2, _("negatief")
    NEUTRAL = 3, _("neutraal")
    POSITIVE = 4, _("positief")
    VERY_POSITIVE = 5, _("heel positief")


class Journey(models.Model):
    """The *inwonersreis* of one track: whose journey, their goal, the session and the checklist."""

    track = models.OneToOneField(
        Track, on_delete=models.CASCADE, related_name="journey", verbose_name=_("verbetertraject")
    )
    resident = models.CharField(
        _("wiens reis"),
        max_length=200,
        help_text=_(
            "Beschrijf de inwoner zonder naam, bijvoorbeeld: ‘inwoner van 70 die voor het "
            "eerst een paspoort aanvraagt’."
        ),
    )
    goal = models.TextField(_("wat wil de inwoner bereiken"), blank=True)
    session_on = models.DateField(_("datum van de sessie"), null=True, blank=True)
    checklist = models.ManyToManyField(
        MethodStep, blank=True, related_name="+", verbose_name=_("gedane stappen van de methode")
    )

    class Meta:
        verbose_name = _("inwonersreis")
        verbose_name_plural = _("inwonersreizen")

    def __str__(self) -> str:
        return self.resident


class JourneyPhase(models.Model):
    journey = models.ForeignKey(
        Journey, on_delete=models.CASCADE, related_name="phases", verbose_name=_("inwonersreis")
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    name = models.CharField(_("fase"), max_length=120)

    class Meta:
        verbose_name = _("fase")
        verbose_name_plural = _("fases")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["journey", "name"],
                name="improvement_phase_name_unique",
                violation_error_message=_("Deze reis heeft al een fase met deze naam."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class JourneyStep(models.Model):
    """One step of the resident in a phase: channel, does, thinks, feels, pains, chances."""

    journey = models.ForeignKey(
        Journey, on_delete=models.CASCADE, related_name="steps", verbose_name=_("inwonersreis")
    )
    phase = models.ForeignKey(
        JourneyPhase, on_delete=models.RESTRICT, related_name="steps", verbose_name=_("fase")
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    title = models.CharField(_("stap"), max_length=200)
    channel = models.ForeignKey(
        Channel,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kanaal"),
    )
    does = models.TextField(_("wat doet de inwoner"), blank=True)
    thinks = models.TextField(_("wat denkt de inwoner"), blank=True)
    feeling = models.PositiveSmallIntegerField(
        _("hoe voelt de inwoner zich"), choices=Feeling.choices, default=Feeling.NEUTRAL
    )
    pain_points = models.TextField(_("pijnpunten"), blank=True)
    opportunities = models.TextField(_("kansen"), blank=True)

    class Meta:
        verbose_name = _("stap van de reis")
        verbose_name_plural = _("stappen van de reis")
        ordering = ["phase__order", "phase_id", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class ParticipantKind(models.TextChoices):
    RESIDENT = "resident", _("inwoner (echte gebruiker)")
    EMPLOYEE = "employee", _("medewerker")
    PARTNER = "partner", _("ketenpartner")
    FACILITATOR = "facilitator", _("begeleider")


class Participant(models.Model):
    """Who took part. Residents without their name; a facilitator is a colleague's account."""

    journey = models.ForeignKey(
        Journey,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("inwonersreis"),
    )
    kind = models.CharField(_("rol in de sessie"), max_length=20, choices=ParticipantKind.choices)
    description = models.CharField(_("omschrijving"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("collega"),
    )

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return str(self.user) if self.user_id else self.description
