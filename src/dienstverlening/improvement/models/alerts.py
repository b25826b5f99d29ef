"""Alerts (*signaleringen*): rules the coördinator sets, and the alerts they raise for a team.

A rule watches a statement, a core value or the mark (below a threshold, or a significant fall
against the previous period or the baseline), or the on-time share of a kind of work (below its
norm for N weeks in a row). The nightly check (``services.alerts_check``) reads the figures
through ``insights`` and raises one alert per team and cause; while the cause stays true no
second alert is raised (an open alert per team and cause is unique).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dienstverlening.framework.models import CoreValue, Statement
from dienstverlening.organisation.models import Domain, Team

from .tracks import Track

MAX_WEEKS = 26


def _decimal_text(value: Decimal) -> str:
    """``Decimal("0.5")`` as ``0,5`` and ``Decimal("150.0")`` as ``150``: as it was typed."""
    return format(value.normalize(), "f").replace(".", ",")


class RuleKind(models.TextChoices):
    BELOW = "below", _("lager dan een drempel")
    FALL = "fall", _("echt gedaald (significant)")
    ON_TIME = "on_time", _("op tijd onder de norm, weken op rij")


class Measure(models.TextChoices):
    STATEMENT = "statement", _("een stelling")
    VALUE = "value", _("een kernwaarde")
    MARK = "mark", _("het rapportcijfer")


class Compare(models.TextChoices):
    PREVIOUS = "previous", _("de periode ervoor")
    BASELINE = "baseline", _("de nulmeting")


class RulePeriod(models.TextChoices):
    """Periods of the dashboard's grid (``insights.periods`` presets)."""

    QUARTER = "kwartaal", _("het vorige hele kwartaal")
    YEAR = "jaar", _("dit jaar tot nu")


class AlertRule(models.Model):
    """When a team should hear that its figures need attention. Set by the coördinator."""

    name = models.CharField(
        _("naam"),
        max_length=120,
        help_text=_("Kort en duidelijk, bijvoorbeeld ‘Menselijk onder 80 %’."),
    )
    kind = models.CharField(_("soort regel"), max_length=20, choices=RuleKind.choices)
    measure = models.CharField(
        _("wat meten we"),
        max_length=20,
        choices=Measure.choices,
        blank=True,
        help_text=_("Voor ‘lager dan een drempel’ en ‘echt gedaald’."),
    )
    statement = models.ForeignKey(
        Statement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stelling"),
    )
    value = models.ForeignKey(
        CoreValue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kernwaarde"),
    )
    threshold = models.DecimalField(
        _("drempel"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_(
            "Voor een stelling of kernwaarde een percentage eens (0 tot 100), voor het "
            "rapportcijfer een cijfer (1 tot 10)."
        ),
    )
    compare_with = models.CharField(
        _("vergelijken met"), max_length=20, choices=Compare.choices, blank=True
    )
    period = models.CharField(
        _("periode"), max_length=20, choices=RulePeriod.choices, default=RulePeriod.QUARTER
    )
    weeks = models.PositiveSmallIntegerField(
        _("aantal weken op rij"),
        null=True,
        blank=True,
        help_text=_("Voor ‘op tijd onder de norm’: hoeveel hele weken achter elkaar."),
    )
    domain = models.ForeignKey(
        Domain,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("alleen voor domein"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("alleen voor team"),
    )
    active = models.BooleanField(_("actief"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("ingesteld door"),
    )
    created_at = models.DateTimeField(_("ingesteld op"))

    class Meta:
        verbose_name = _("signaleringsregel")
        verbose_name_plural = _("signaleringsregels")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(threshold__isnull=True)
                | Q(threshold__gte=Decimal(0), threshold__lte=Decimal(100)),
                name="improvement_rule_threshold_0_100",
                violation_error_message=_("Een drempel ligt tussen 0 en 100."),
            ),
            models.CheckConstraint(
                condition=Q(weeks__isnull=True) | Q(weeks__gte=1, weeks__lte=MAX_WEEKS),
                name="improvement_rule_weeks_1_26",
                violation_error_message=_("Kies 1 tot en met 26 weken."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("improvement-alert-rule", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind in (RuleKind.BELOW, RuleKind.FALL):
            self._clean_measure(errors)
        else:
            self.measure, self.statement, self.value = "", None, None
        if self.kind == RuleKind.BELOW:
            self._clean_threshold(errors)
        else:
            self.threshold = None
        if self.kind == RuleKind.FALL:
            if not self.compare_with:
                errors["compare_with"] = _("Kies waarmee we vergelijken.")
        else:
            self.compare_with = ""
        if self.kind == RuleKind.ON_TIME:
            if self.weeks is None or not 1 <= self.weeks <= MAX_WEEKS:
                errors["weeks"] = _("Kies 1 tot en met %(max)s weken.") % {"max": MAX_WEEKS}
        else:
            self.weeks = None
        if self.domain_id and self.team_id:
            errors["team"] = _("Kies een domein of een team, niet allebei.")
        if errors:
            raise ValidationError(errors)

    def _clean_measure(self, errors: dict) -> None:
        if not self.measure:
            errors["measure"] = _("Kies wat we meten: een stelling, kernwaarde of het cijfer.")
        if self.measure == Measure.STATEMENT and self.statement_id is None:
            errors["statement"] = _("Kies de stelling.")
        if self.measure == Measure.VALUE and self.value_id is None:
            errors["value"] = _("Kies de kernwaarde.")
        if self.measure != Measure.STATEMENT:
            self.statement = None
        if self.measure != Measure.VALUE:
            self.value = None

    def _clean_threshold(self, errors: dict) -> None:
        if self.threshold is None:
            errors["threshold"] = _("Vul een drempel in.")
        elif self.measure == Measure.MARK and not 1 <= self.threshold <= 10:
            errors["threshold"] = _(
                "Een rapportcijfer ligt tussen 1 en 10: %(value)s kan niet."
            ) % {"value": _decimal_text(self.threshold)}
        elif not 0 <= self.threshold <= 100:
            errors["threshold"] = _(
                "Een percentage ligt tussen 0 en 100 %%: %(value)s kan niet."
            ) % {"value": _decimal_text(self.threshold)}

    @property
    def scope_label(self) -> str:
        if self.team_id:
            return str(self.team)
        if self.domain_id:
            return str(self.domain)
        return str(_("hele organisatie"))

    @property
    def cause(self) -> str:
        """What the rule watches, independent of the threshold: two rules on the same thing
        share their cause, so a team gets one alert for it. For on-time rules the kind of work
        is added per alert."""
        if self.kind == RuleKind.ON_TIME:
            return "on_time"
        target = {
            Measure.STATEMENT: f"statement-{self.statement_id}",
            Measure.VALUE: f"value-{self.value_id}",
        }.get(self.measure, "mark")
        if self.kind == RuleKind.FALL:
            return f"fall:{target}:{self.compare_with}:{self.period}"
        return f"below:{target}:{self.period}"


class Alert(models.Model):
    """One team's alert for one cause, with the numbers that raised it."""

    rule = models.ForeignKey(
        AlertRule,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="alerts",
        verbose_name=_("regel"),
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="alerts", verbose_name=_("team")
    )
    cause = models.CharField(_("oorzaak"), max_length=120)
    numbers = models.JSONField(_("cijfers"), default=dict)
    created_at = models.DateTimeField(_("gesignaleerd op"))
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gezien door"),
    )
    acknowledged_at = models.DateTimeField(_("gezien op"), null=True, blank=True)
    resolved_at = models.DateTimeField(
        _("niet meer van toepassing sinds"),
        null=True,
        blank=True,
        help_text=_("De nachtelijke controle vult dit in zodra de oorzaak er niet meer is."),
    )
    mailed_at = models.DateTimeField(_("gemaild op"), null=True, blank=True)
    track = models.ForeignKey(
        Track,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="alerts",
        verbose_name=_("verbetertraject"),
    )

    class Meta:
        verbose_name = _("signalering")
        verbose_name_plural = _("signaleringen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "cause"],
                condition=Q(resolved_at__isnull=True),
                name="improvement_alert_one_open_per_cause",
                violation_error_message=_(
                    "Voor dit team staat al een signalering open met deze oorzaak."
                ),
            )
        ]
        indexes = [models.Index(fields=["team", "-created_at"], name="improvement_alert_team")]

    def __str__(self) -> str:
        return f"{self.team} · {self.cause}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
