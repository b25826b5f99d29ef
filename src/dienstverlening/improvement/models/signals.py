"""Signals (*signalen*, advice 6): what an employee notices about our service delivery, passed
on to the team that owns the service, handled there and answered.

A signal lives through a small state machine (``SIGNAL_TRANSITIONS``): new → in progress →
done (with an answer). Passing it on to another team puts it back to new at that team. Every
step is kept as a ``SignalEvent``, so the history survives a pass. The register of the handling
app counts each signal as an item of kind "signaal" (source ``SIGNAL_SOURCE``, the signal's
reference as its number), so signals count in the handling KPIs like any other work.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dienstverlening.organisation.models import Channel, Municipality, Service, Team

from .tracks import Track

# The source under which the handling register counts signals (``handling.HandlingItem``).
SIGNAL_SOURCE = "signalen"


class SignalStatus(models.TextChoices):
    NEW = "new", _("nieuw")
    IN_PROGRESS = "in_progress", _("in behandeling")
    DONE = "done", _("afgehandeld")


# What may follow what. Passing on (to another team) starts again at "new" there.
SIGNAL_TRANSITIONS: dict[str, set[str]] = {
    SignalStatus.NEW: {SignalStatus.IN_PROGRESS, SignalStatus.DONE, SignalStatus.NEW},
    SignalStatus.IN_PROGRESS: {SignalStatus.DONE, SignalStatus.NEW},
    SignalStatus.DONE: set(),
}


class SignalOrigin(models.TextChoices):
    """Where the signal came from."""

    RESIDENT = "resident", _("een opmerking van een inwoner")
    OWN = "own", _("mijn eigen waarneming")
    COLLEAGUE = "colleague", _("een collega")


class Signal(models.Model):
    """One signal about a service, at the team that handles it now (``team``)."""

    reference = models.CharField(_("kenmerk"), max_length=20, unique=True, editable=False)
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="signals", verbose_name=_("dienst")
    )
    channel = models.ForeignKey(
        Channel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kanaal"),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("gemeente")
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="signals", verbose_name=_("team")
    )
    origin = models.CharField(_("waar komt het vandaan"), max_length=20, choices=SignalOrigin)
    description = models.TextField(_("wat is er gebeurd"))
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="sent_signals",
        verbose_name=_("doorgegeven door"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=SignalStatus, default=SignalStatus.NEW
    )
    submitted_at = models.DateTimeField(_("doorgegeven op"))
    answer = models.TextField(_("antwoord"), blank=True)
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beantwoord door"),
    )
    track = models.ForeignKey(
        Track,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signals",
        verbose_name=_("verbetertraject"),
    )

    # Set by the services when a mail about this signal could not be sent (not stored).
    mail_failed = False

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["team", "status"], name="signal_team_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=SignalStatus.DONE) | ~models.Q(answer=""),
                name="signal_done_has_answer",
                violation_error_message=_("Een afgehandeld signaal heeft een antwoord."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.service}"

    def get_absolute_url(self) -> str:
        return reverse("improvement-signal", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status != SignalStatus.DONE

    @property
    def status_badge(self) -> str:
        """The Utrecht status badge kind that goes with the status (the word says it)."""
        return {
            SignalStatus.NEW: "warning",
            SignalStatus.IN_PROGRESS: "neutral",
            SignalStatus.DONE: "success",
        }[SignalStatus(self.status)]


class SignalEventKind(models.TextChoices):
    SUBMITTED = "submitted", _("doorgegeven")
    TAKEN = "taken", _("in behandeling genomen")
    PASSED_ON = "passed_on", _("doorgestuurd naar een ander team")
    ANSWERED = "answered", _("beantwoord")
    TRACK_STARTED = "track_started", _("verbetertraject gestart")


class SignalEvent(models.Model):
    """One step in a signal's history: who did what, when, and (for a pass) from which team to
    which, with the reason."""

    signal = models.ForeignKey(
        Signal, on_delete=models.CASCADE, related_name="events", verbose_name=_("signaal")
    )
    kind = models.CharField(_("wat"), max_length=20, choices=SignalEventKind)
    at = models.DateTimeField(_("wanneer"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("door"),
    )
    from_team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("van team"),
    )
    to_team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("naar team"),
    )
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("stap van een signaal")
        verbose_name_plural = _("stappen van signalen")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.signal_id} {self.kind}"
