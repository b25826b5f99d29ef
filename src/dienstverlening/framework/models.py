"""The dienstverleningskader: core values, statements, norms, work agreements, focus periods."""

import datetime
from decimal import Decimal
from typing import Self, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dienstverlening.organisation.models import Service, Team


class CoreValue(models.Model):
    """A kernwaarde: menselijk, makkelijk, betrouwbaar or betrokken."""

    name = models.CharField(_("naam"), max_length=40, unique=True)
    slug = models.SlugField(_("korte naam"), unique=True)
    explanation = models.TextField(_("uitleg"), help_text=_("Eén of twee zinnen in gewone taal."))
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("kernwaarde")
        verbose_name_plural = _("kernwaarden")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Statement(models.Model):
    """One of the eight stellingen residents rate; the central satisfaction KPIs."""

    value = models.ForeignKey(
        CoreValue, on_delete=models.PROTECT, related_name="statements", verbose_name=_("kernwaarde")
    )
    text = models.CharField(
        _("stelling"), max_length=200, help_text=_("Zoals de inwoner de stelling leest.")
    )
    explanation = models.TextField(
        _("uitleg"), blank=True, help_text=_("Wat deze stelling meet, in gewone taal.")
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("stelling")
        verbose_name_plural = _("stellingen")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class Level(models.TextChoices):
    ORGANISATION = "organisation", _("hele organisatie")
    TEAM = "team", _("team")
    SERVICE = "service", _("dienst")


class NormSubject(models.TextChoices):
    CALLBACK = "callback", _("terugbelverzoek")
    EMAIL = "email", _("e-mail beantwoorden")
    PHONE = "phone", _("telefoon opnemen")
    LETTER = "letter", _("brief beantwoorden")
    COUNTER_WAIT = "counter_wait", _("wachttijd balie")
    LEAD_TIME = "lead_time", _("doorlooptijd aanvraag")
    DECISION = "decision", _("beslistermijn")
    COMPLAINT = "complaint", _("klacht afhandelen")
    OBJECTION = "objection", _("bezwaar afhandelen")
    SIGNAL = "signal", _("signaal afhandelen")


class Outcome(models.TextChoices):
    """How a request ended for the resident (*uitkomst*): the one list for the survey answer
    and the handling register. ``UNKNOWN`` is also "not recorded" (an open item, a call-back)."""

    GRANTED = "granted", _("toegekend")
    REFUSED = "refused", _("afgewezen")
    NOT_APPLICABLE = "not_applicable", _("niet van toepassing")
    UNKNOWN = "unknown", _("onbekend")


class NormUnit(models.TextChoices):
    SECONDS = "seconds", _("seconden")
    MINUTES = "minutes", _("minuten")
    HOURS = "hours", _("uur")
    WORKING_DAYS = "working_days", _("werkdagen")
    CALENDAR_DAYS = "calendar_days", _("kalenderdagen")
    WEEKS = "weeks", _("weken")


UNIT_SINGULAR = {
    NormUnit.SECONDS: _("seconde"),
    NormUnit.MINUTES: _("minuut"),
    NormUnit.HOURS: _("uur"),
    NormUnit.WORKING_DAYS: _("werkdag"),
    NormUnit.CALENDAR_DAYS: _("kalenderdag"),
    NormUnit.WEEKS: _("week"),
}


_Scoped = TypeVar("_Scoped", bound="Scoped")


class ScopedQuerySet(models.QuerySet[_Scoped]):
    def organisation_wide(self) -> Self:
        return self.filter(level=Level.ORGANISATION)

    def for_team(self, team: Team) -> Self:
        """What a team set itself, for the team or for one of its services."""
        return self.filter(
            Q(level=Level.TEAM, team=team) | Q(level=Level.SERVICE, service__team=team)
        )

    def valid_on(self, day: datetime.date) -> Self:
        return self.filter(valid_from__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )


class Scoped(models.Model):
    """Something that applies to the whole organisation, one team or one service."""

    level = models.CharField(_("niveau"), max_length=20, choices=Level.choices)
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("team")
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("dienst")
    )

    class Meta:
        abstract = True

    def clean_scope(self) -> None:
        if self.level == Level.ORGANISATION and (self.team_id or self.service_id):
            raise ValidationError(
                _("Een afspraak voor de hele organisatie hoort niet bij een team of dienst."),
                code="scope",
            )
        if self.level == Level.TEAM and (not self.team_id or self.service_id):
            raise ValidationError({"team": _("Kies het team waarvoor dit geldt.")}, code="scope")
        if self.level == Level.SERVICE and (not self.service_id or self.team_id):
            raise ValidationError(
                {"service": _("Kies de dienst waarvoor dit geldt.")}, code="scope"
            )

    @property
    def scope_label(self) -> str:
        if self.level == Level.SERVICE:
            return str(self.service)
        if self.level == Level.TEAM:
            return str(self.team)
        return str(Level.ORGANISATION.label)

    @property
    def owning_team(self) -> Team | None:
        if self.level == Level.SERVICE and self.service_id:
            return self.service.team
        return self.team


class Norm(Scoped):
    """A measurable norm: e.g. '90 % of call-back requests within 1 working day'.

    A change never edits a norm in place: the old version gets an end date and a new
    version starts (``services.norm_change``), so the norm that applied on any date
    stays answerable.
    """

    subject = models.CharField(_("onderwerp"), max_length=30, choices=NormSubject.choices)
    title = models.CharField(
        _("norm in woorden"),
        max_length=200,
        help_text=_(
            "Zoals inwoners en collega's het lezen, bijvoorbeeld: 'We bellen binnen "
            "1 werkdag terug.'"
        ),
    )
    target_value = models.DecimalField(
        _("norm"),
        max_digits=8,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("0.01"), message=_("De norm moet groter zijn dan 0."))
        ],
        help_text=_("Het getal van de norm, bijvoorbeeld 1 (werkdag) of 30 (seconden)."),
    )
    unit = models.CharField(_("eenheid"), max_length=20, choices=NormUnit.choices)
    target_share = models.DecimalField(
        _("aandeel dat de norm haalt (%)"),
        max_digits=5,
        decimal_places=1,
        default=90,
        validators=[
            MinValueValidator(1, message=_("Het aandeel moet minstens %(limit_value)s %% zijn.")),
            MaxValueValidator(
                100, message=_("Het aandeel kan niet hoger zijn dan %(limit_value)s %%.")
            ),
        ],
        help_text=_("Welk deel van de gevallen binnen de norm moet blijven, bijvoorbeeld 90."),
    )
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(
        _("geldig tot en met"),
        null=True,
        blank=True,
        help_text=_("Leeg laten als er geen einddatum is."),
    )
    previous = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_version",
        verbose_name=_("vorige versie"),
        editable=False,
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("norm")
        verbose_name_plural = _("normen")
        ordering = ["subject", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_value__gt=0),
                name="norm_target_positive",
                violation_error_message=_("De norm moet groter zijn dan 0."),
            ),
            models.CheckConstraint(
                condition=Q(target_share__gt=0) & Q(target_share__lte=100),
                name="norm_share_range",
                violation_error_message=_("Het aandeel moet tussen 0 en 100 %% liggen."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="norm_period_order",
                violation_error_message=_("De einddatum ligt vóór de begindatum."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        self.clean_scope()
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError(
                {"valid_until": _("De einddatum ligt vóór de begindatum.")}, code="period_order"
            )
        if self.valid_from and self.subject and self.level:
            overlapping = self.overlapping()
            if overlapping is not None:
                raise ValidationError(
                    _(
                        "Er geldt al een norm voor dit onderwerp in deze periode: "
                        "'%(title)s' (vanaf %(start)s). Pas die aan of kies een andere periode."
                    ),
                    code="overlap",
                    params={
                        "title": overlapping.title,
                        "start": overlapping.valid_from.strftime("%d-%m-%Y"),
                    },
                )

    def overlapping(self) -> "Norm | None":
        """Another norm for the same scope and subject whose validity overlaps this one."""
        others = Norm.objects.filter(
            level=self.level,
            team_id=self.team_id,
            service_id=self.service_id,
            subject=self.subject,
        )
        if self.pk:
            others = others.exclude(pk=self.pk)
        others = others.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=self.valid_from))
        if self.valid_until:
            others = others.filter(valid_from__lte=self.valid_until)
        return others.order_by("valid_from").first()

    @property
    def target_label(self) -> str:
        """'1 werkdag', '2 werkdagen', '1,5 uur': the norm as people say it."""
        value = f"{self.target_value.normalize():f}".replace(".", ",")
        unit = UNIT_SINGULAR[self.unit] if self.target_value == 1 else self.get_unit_display()
        return f"{value} {unit}"


class WorkAgreement(Scoped):
    """A work agreement without a number: a plain text such as 'We noemen altijd onze naam'."""

    value = models.ForeignKey(
        CoreValue,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("kernwaarde"),
        help_text=_("Bij welke kernwaarde past deze afspraak het best? Mag leeg blijven."),
    )
    text = models.TextField(_("afspraak"), help_text=_("Schrijf kort en in gewone taal (B1)."))
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("werkafspraak")
        verbose_name_plural = _("werkafspraken")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        self.clean_scope()


class FocusPeriod(models.Model):
    """Which core value has the organisation's attention in a half-year."""

    value = models.ForeignKey(
        CoreValue,
        on_delete=models.PROTECT,
        related_name="focus_periods",
        verbose_name=_("kernwaarde"),
    )
    starts_on = models.DateField(_("van"))
    ends_on = models.DateField(_("tot en met"))
    note = models.TextField(
        _("waarom en hoe"), blank=True, help_text=_("Wat gaan we in deze periode anders doen?")
    )

    class Meta:
        verbose_name = _("focusperiode")
        verbose_name_plural = _("focusperiodes")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="focus_period_order",
                violation_error_message=_("De einddatum ligt vóór de begindatum."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.value} ({self.starts_on:%d-%m-%Y} – {self.ends_on:%d-%m-%Y})"

    def clean(self) -> None:
        if self.starts_on and self.ends_on:
            if self.ends_on < self.starts_on:
                raise ValidationError(
                    {"ends_on": _("De einddatum ligt vóór de begindatum.")}, code="period_order"
                )
            clash = FocusPeriod.objects.exclude(pk=self.pk).filter(
                starts_on__lte=self.ends_on, ends_on__gte=self.starts_on
            )
            if clash.exists():
                raise ValidationError(
                    _("In deze periode is al een andere kernwaarde in focus."), code="overlap"
                )
