"""Reports: a frozen version of the dashboard's figures and the text written from them.

A ``Report`` is one version of one kind of report for one scope (a municipality, or both) and
one period. Generating freezes its figures and text (``content``) and, once made, its files
(``ReportFile``): nothing in a version changes when new data arrives. Regenerating makes the next
version. A draft becomes approved once, by the coördinator; a council letter then keeps its
reference number for good.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dienstverlening.organisation.models import Municipality


class ReportKind(models.TextChoices):
    SERVICE = "service", _("rapportage dienstverlening")
    COUNCIL_LETTER = "council_letter", _("raadsinformatiebrief")
    PC_PARAGRAPH = "pc_paragraph", _("paragraaf voor begroting en jaarrekening")
    BASELINE = "baseline", _("rapport van de nulmeting")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("concept")
    APPROVED = "approved", _("vastgesteld")


class FileFormat(models.TextChoices):
    PDF = "pdf", _("PDF")
    DOCX = "docx", _("Word")


class Report(models.Model):
    kind = models.CharField(_("soort"), max_length=20, choices=ReportKind.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("gemeente"),
        help_text=_("Leeg: beide gemeenten samen."),
    )
    period_code = models.CharField(
        _("periode"), max_length=20, help_text=_("2025, 2026-K3 of nulmeting.")
    )
    period_start = models.DateField(_("eerste dag"))
    period_end = models.DateField(_("laatste dag"))
    version = models.PositiveIntegerField(_("versie"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    title = models.CharField(_("titel"), max_length=200)
    content = models.JSONField(
        _("inhoud"), help_text=_("De cijfers en tekst zoals ze bij het maken waren.")
    )
    reference = models.CharField(
        _("kenmerk"),
        max_length=40,
        blank=True,
        help_text=_("Het kenmerk van een raadsinformatiebrief; vast zodra de brief is gemaakt."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gemaakt door"),
    )
    created_at = models.DateTimeField(_("gemaakt op"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastgesteld door"),
    )
    approved_at = models.DateTimeField(_("vastgesteld op"), null=True, blank=True)

    class Meta:
        verbose_name = _("rapportage")
        verbose_name_plural = _("rapportages")
        ordering = ["-period_end", "kind", "municipality__name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "municipality", "period_code", "version"],
                condition=Q(municipality__isnull=False),
                name="reports_report_one_version_per_municipality",
                violation_error_message=_("Deze versie van deze rapportage bestaat al."),
            ),
            models.UniqueConstraint(
                fields=["kind", "period_code", "version"],
                condition=Q(municipality__isnull=True),
                name="reports_report_one_version_for_both",
                violation_error_message=_("Deze versie van deze rapportage bestaat al."),
            ),
            models.UniqueConstraint(
                fields=["reference"],
                condition=~Q(reference=""),
                name="reports_report_unique_reference",
                violation_error_message=_("Dit kenmerk is al gebruikt."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft", approved_at__isnull=True)
                | Q(status="approved", approved_at__isnull=False),
                name="reports_report_approved_has_moment",
                violation_error_message=_("Een vastgestelde rapportage heeft een datum."),
            ),
        ]

    def __str__(self) -> str:
        return _("%(title)s, versie %(version)s") % {"title": self.title, "version": self.version}

    def get_absolute_url(self) -> str:
        return reverse("reports-detail", kwargs={"pk": self.pk})

    @property
    def is_approved(self) -> bool:
        return self.status == ReportStatus.APPROVED

    @property
    def scope_label(self) -> str:
        return self.content.get("scope_label", "")

    @property
    def formats(self) -> list[str]:
        """The files this kind of report is offered as."""
        return [FileFormat.PDF, FileFormat.DOCX]


class ReportFile(models.Model):
    """A file of a report version, kept byte for byte as it was first made."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="files", verbose_name=_("rapportage")
    )
    format = models.CharField(_("bestandssoort"), max_length=10, choices=FileFormat.choices)
    data = models.BinaryField(_("inhoud"))
    sha256 = models.CharField(_("controlegetal (SHA-256)"), max_length=64)
    size = models.PositiveIntegerField(_("grootte in bytes"))
    created_at = models.DateTimeField(_("gemaakt op"))

    class Meta:
        verbose_name = _("rapportbestand")
        verbose_name_plural = _("rapportbestanden")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "format"],
                name="reports_file_one_per_format",
                violation_error_message=_("Dit bestand bestaat al voor deze rapportage."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} ({self.get_format_display()})"
