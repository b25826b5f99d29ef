"""Improvement tracks (*verbetertrajecten*) and the actions that carry them out."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dienstverlening.organisation.models import Service, Team


class TrackStatus(models.TextChoices):
    OPEN = "open", _("gestart")
    RUNNING = "running", _("acties lopen")
    EVALUATING = "evaluating", _("wordt geëvalueerd")
    CLOSED = "closed", _("afgerond")


class Track(models.Model):
    """One team's effort to improve a service: problem, journey, actions, before and after."""

    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="improvement_tracks", verbose_name=_("team")
    )
    title = models.CharField(_("titel"), max_length=200)
    problem = models.TextField(_("wat is het probleem"))
    services = models.ManyToManyField(
        Service, blank=True, related_name="improvement_tracks", verbose_name=_("diensten")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=TrackStatus.choices, default=TrackStatus.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("gestart door"),
    )
    opened_at = models.DateTimeField(_("gestart op"))
    closed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    # The KPIs before, frozen when the track opens; the KPIs after, from the evaluation. Both
    # as ``selectors.tracks.kpi_measure`` writes them: period, round and per scope the figures
    # with their counts (``docs/improvement.md``).
    snapshot = models.JSONField(_("meting vooraf"), default=dict, blank=True)
    evaluation = models.JSONField(_("meting achteraf"), default=dict, blank=True)
    evaluated_at = models.DateTimeField(_("geëvalueerd op"), null=True, blank=True)
    improved = models.BooleanField(
        _("echte verbetering"),
        default=False,
        help_text=_("Minstens één cijfer is na de acties echt beter dan vooraf."),
    )
    lessons = models.TextField(_("geleerde lessen"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgerond door"),
    )

    class Meta:
        verbose_name = _("verbetertraject")
        verbose_name_plural = _("verbetertrajecten")
        ordering = ["-opened_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("improvement-track", kwargs={"pk": self.pk})

    @property
    def is_closed(self) -> bool:
        return self.status == TrackStatus.CLOSED


class ActionStatus(models.TextChoices):
    OPEN = "open", _("nog niet begonnen")
    RUNNING = "running", _("loopt")
    DONE = "done", _("klaar")


class Action(models.Model):
    """Something a team will do, from an improvement track or on its own (the team plan)."""

    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="improvement_actions", verbose_name=_("team")
    )
    track = models.ForeignKey(
        Track,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("verbetertraject"),
    )
    title = models.CharField(_("actie"), max_length=200)
    due = models.DateField(_("klaar op"))
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    created_at = models.DateTimeField(_("aangemaakt op"))
    done_at = models.DateTimeField(_("klaar gemeld op"), null=True, blank=True)

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean_due(self, *, today: datetime.date) -> None:
        """A new date must not lie in the past (an action already done keeps its date)."""
        if self.due < today and self.status != ActionStatus.DONE:
            raise ValidationError(
                {"due": _("Kies een datum vandaag of later: deze datum is al voorbij.")}
            )
