import re
import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .roles import Role
from .services import user_access_sync

# Fields that decide what an account may do in /beheer/.
ACCESS_FIELDS = {"role", "is_superuser"}


class User(AbstractUser):
    """An employee of the shared civil service. Residents never have an account."""

    role = models.CharField(
        _("rol"),
        max_length=20,
        choices=Role.choices,
        default=Role.EMPLOYEE,
        help_text=_("Bepaalt wat iemand mag wijzigen. Lezen mag iedereen die is ingelogd."),
    )
    # The provider's lasting name for the person (DV_OIDC_SUBJECT_CLAIM): how a sign-in with a
    # work account finds this account again, whatever their e-mail address becomes.
    oidc_subject = models.CharField(
        _("kenmerk bij de inlogdienst"),
        max_length=255,
        unique=True,
        null=True,
        blank=True,
        help_text=_(
            "Wordt ingevuld bij de eerste keer inloggen met het werkaccount. Leeg: (nog) niet "
            "gekoppeld aan een werkaccount."
        ),
    )

    class Meta(AbstractUser.Meta):
        # django-stubs types the inherited Meta's names as str; a lazy string is what Django wants.
        verbose_name = _("gebruiker")  # type: ignore[assignment]
        verbose_name_plural = _("gebruikers")  # type: ignore[assignment]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def save(self, *args, **kwargs) -> None:
        # Access to /beheer/ follows from the role: the functioneel beheerder works there (with
        # the permissions of its group), a superuser may; nobody else is staff.
        self.is_staff = self.is_superuser or self.role == Role.ADMINISTRATOR
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            update_fields = set(update_fields)
            if not update_fields & ACCESS_FIELDS:
                super().save(*args, **kwargs)
                return
            kwargs["update_fields"] = update_fields | {"is_staff"}
        super().save(*args, **kwargs)
        user_access_sync(user=self)


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("wacht op een verwerker")
    RUNNING = "running", _("bezig")
    SUCCEEDED = "succeeded", _("klaar")
    FAILED = "failed", _("niet gelukt")


class Job(models.Model):
    """Long work that runs in the background (an import, a mailbox sync, an invitation batch).

    The row holds what the page needs once the work is done: who started it, the outcome and
    the errors. The numbers while it runs (rows done of total) travel through the "progress"
    cache, because a running import keeps its own transaction open (``core/progress.py``).
    """

    reused: bool  # set by job_start: True when a running job with the same key was returned

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("soort"), max_length=50, help_text=_("bijvoorbeeld handling.import"))
    title = models.CharField(_("omschrijving"), max_length=200)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gestart door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    task_id = models.CharField(_("taaknummer"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    stage = models.CharField(_("stap"), max_length=20, blank=True)
    total = models.PositiveIntegerField(_("totaal"), null=True, blank=True)
    done = models.PositiveIntegerField(_("klaar"), default=0)
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    started_at = models.DateTimeField(_("begonnen"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    params = models.JSONField(_("invoer"), default=dict, blank=True)
    outcome = models.JSONField(_("uitkomst"), default=dict, blank=True)
    errors = models.JSONField(_("fouten"), default=list, blank=True)
    upload = models.CharField(
        _("bestand"),
        max_length=200,
        blank=True,
        help_text=_("Naam van het geüploade bestand in DV_UPLOAD_DIR; weg als de taak klaar is."),
    )
    back_url = models.CharField(_("terug naar"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("taak")
        verbose_name_plural = _("taken")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["started_by", "-created_at"], name="core_job_user_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("job-detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    @property
    def outcome_templates(self) -> list[str]:
        """Each kind shows its outcome with a template of its own app (``handling.import`` →
        ``handling/jobs/import.html``); without one, the outcome's numbers as a list."""
        app, _dot, name = self.kind.partition(".")
        return [f"{app}/jobs/{name}.html", "core/jobs/outcome.html"]


class ApiScope(models.TextChoices):
    """What a connected system may do through the API (docs/security.md, "API clients")."""

    HANDLING = "handling", _("afhandelgegevens aanleveren en opvragen (eigen bronnen)")
    INVITATIONS = "invitations", _("uitnodigingen voor enquêtes aanmaken")
    KPIS = "kpis", _("kengetallen lezen")


# Names a source may have: the same characters as the API's ``bron``.
SOURCE_NAME = re.compile(r"^[-a-zA-Z0-9_]{1,60}$")
# Items of a mailbox are written by the mailbox sync only (``handling.models.Mailbox.source``).
RESERVED_SOURCE_PREFIX = "mailbox-"


class ApiClient(models.Model):
    """A system that uses the API with a token of its own: a KCC system, a case system, Power BI.

    Only the SHA-256 of the token is kept; the token itself is shown once, when it is made
    (``core.services.api_client_create``). A client may write and read handling items only of its
    own sources, and only what its scopes allow.
    """

    name = models.CharField(
        _("naam"),
        max_length=100,
        unique=True,
        help_text=_("Het systeem dat koppelt, bijvoorbeeld 'KCC-systeem Woerden'."),
    )
    description = models.TextField(
        _("toelichting"),
        blank=True,
        help_text=_(
            "Wie het systeem beheert en wie u belt als het token bijna verloopt. "
            "Geen wachtwoorden of tokens."
        ),
    )
    scopes = models.JSONField(_("mag"), default=list, blank=True)
    sources = models.CharField(
        _("bronnen"),
        max_length=1000,
        blank=True,
        help_text=_(
            "De korte namen van de bronnen waarvoor dit systeem afhandelgegevens mag aanleveren "
            "en opvragen, gescheiden door komma's, bijvoorbeeld 'kcc'. Andere bronnen ziet het "
            "systeem niet."
        ),
    )
    token_prefix = models.CharField(
        _("begin van het token"),
        max_length=16,
        editable=False,
        help_text=_("Om een token te herkennen; de rest wordt niet bewaard."),
    )
    token_hash = models.CharField(
        _("SHA-256 van het token"), max_length=64, unique=True, editable=False
    )
    expires_at = models.DateTimeField(_("verloopt op"))
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)
    is_active = models.BooleanField(
        _("actief"),
        default=True,
        help_text=_("Zet uit om het token meteen in te trekken."),
    )
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("API-koppeling")
        verbose_name_plural = _("API-koppelingen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        unknown = [scope for scope in self.scopes if scope not in ApiScope.values]
        if unknown:
            raise ValidationError(
                {
                    "scopes": _("Onbekende toestemming: %(scopes)s.")
                    % {"scopes": ", ".join(unknown)}
                },
                code="invalid",
            )
        names = self.source_list
        wrong = [name for name in names if not SOURCE_NAME.match(name)]
        if wrong:
            raise ValidationError(
                {
                    "sources": _(
                        "'%(name)s' is geen geldige bron: gebruik letters, cijfers, liggende "
                        "streepjes en koppeltekens."
                    )
                    % {"name": wrong[0]}
                },
                code="invalid",
            )
        reserved = [name for name in names if name.startswith(RESERVED_SOURCE_PREFIX)]
        if reserved:
            raise ValidationError(
                {
                    "sources": _(
                        "De bron '%(name)s' hoort bij een mailbox; alleen de mailboxkoppeling "
                        "schrijft daarin."
                    )
                    % {"name": reserved[0]}
                },
                code="reserved",
            )
        if ApiScope.HANDLING in self.scopes and not names:
            raise ValidationError(
                {"sources": _("Geef de bronnen waarvoor dit systeem afhandelgegevens aanlevert.")},
                code="required",
            )

    @property
    def source_list(self) -> list[str]:
        seen: dict[str, None] = {}
        for part in self.sources.split(","):
            if part.strip():
                seen.setdefault(part.strip(), None)
        return list(seen)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


class PurgeAction(models.TextChoices):
    """What a retention rule does with what is past its period (``core.retention``)."""

    DELETE = "delete", _("verwijderd")
    WIPE = "wipe", _("persoonsgegevens gewist")


class AppendOnlyError(Exception):
    """A row of an append-only table was to be changed or deleted."""


class DeletionLogQuerySet(models.QuerySet):
    """Append-only: rows are added, never changed or deleted through the ORM."""

    def update(self, **kwargs):
        raise AppendOnlyError("The deletion log is append-only.")

    def delete(self):
        raise AppendOnlyError("The deletion log is append-only.")


class DeletionLog(models.Model):
    """One run of one retention rule by ``dienstverlening purge``: what kind of data, how many
    rows, when, under which period, and whether it was a dry run. Append-only; holds no
    personal data (counts and table names only)."""

    ran_at = models.DateTimeField(_("uitgevoerd op"))
    rule = models.CharField(
        _("regel"), max_length=50, help_text=_("De soort gegevens, bijvoorbeeld open_answers.")
    )
    action = models.CharField(_("wat er gebeurde"), max_length=10, choices=PurgeAction.choices)
    period = models.CharField(
        _("bewaartermijn"), max_length=10, help_text=_("In dagen (d) of jaren (y).")
    )
    cutoff = models.DateTimeField(
        _("grens"), help_text=_("Wat van vóór dit moment is, viel buiten de bewaartermijn.")
    )
    count = models.PositiveBigIntegerField(_("aantal"))
    details = models.JSONField(
        _("per tabel"),
        default=dict,
        blank=True,
        help_text=_("Aantallen per tabel, ook wat mee verwijderd werd (zoals opschortingen)."),
    )
    dry_run = models.BooleanField(
        _("proefdraaien"), default=False, help_text=_("Alleen geteld; er is niets verwijderd.")
    )
    error = models.TextField(_("fout"), blank=True)

    objects = DeletionLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("verwijdering")
        verbose_name_plural = _("verwijderingen")
        ordering = ["-ran_at", "pk"]
        indexes = [models.Index(fields=["rule", "-ran_at"], name="core_deletionlog_rule_idx")]

    def __str__(self) -> str:
        from .retention import rule_get

        rule = rule_get(self.rule)
        return _("%(what)s, %(moment)s") % {
            "what": rule.label if rule is not None else self.rule,
            "moment": f"{timezone.localtime(self.ran_at):%d-%m-%Y %H:%M}",
        }

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnlyError("The deletion log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The deletion log is append-only.")
