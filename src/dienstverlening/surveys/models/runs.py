"""Survey runs and their lifecycle, the open links residents answer through, and the
invitations sent by mail."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dienstverlening.framework.models import Outcome
from dienstverlening.organisation.models import Channel, Municipality, Service

from .questionnaires import Questionnaire


def new_token() -> str:
    return secrets.token_urlsafe(18)


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
