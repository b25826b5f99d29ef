"""The handling register: items to measure (never case files), their suspensions and roll-ups.

An item carries no names, addresses or message contents: only what is needed to count it
against its norm. Every write goes through ``services.py``, which keeps the roll-up tables
(``DailyFlow``, ``LeadTimeBucket`` and their monthly sums ``MonthlyFlow``, ``MonthlyLeadTime``)
current in the same transaction.
"""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dienstverlening.core.bulk import RollupKey
from dienstverlening.core.tabular import EARLIEST_DATE  # noqa: F401 (re-exported)
from dienstverlening.framework.models import Norm, NormSubject, Outcome
from dienstverlening.organisation.models import Channel, Municipality, Service, Team

# Lead-time histogram: buckets 0..LEAD_BUCKET_MAX working days; the last one is open-ended.
LEAD_BUCKET_MAX = 60


class ItemKind(models.TextChoices):
    CALLBACK = "callback", _("terugbelverzoek")
    EMAIL = "email", _("e-mail")
    APPLICATION = "application", _("aanvraag")
    COMPLAINT = "complaint", _("klacht")
    OBJECTION = "objection", _("bezwaar")
    REPORT = "report", _("melding openbare ruimte")
    LETTER = "letter", _("brief")
    SIGNAL = "signal", _("signaal")


# Which norm subjects measure a kind, most specific first.
KIND_SUBJECTS: dict[str, tuple[str, ...]] = {
    ItemKind.CALLBACK: (NormSubject.CALLBACK,),
    ItemKind.EMAIL: (NormSubject.EMAIL,),
    ItemKind.APPLICATION: (NormSubject.LEAD_TIME, NormSubject.DECISION),
    ItemKind.COMPLAINT: (NormSubject.COMPLAINT,),
    ItemKind.OBJECTION: (NormSubject.OBJECTION,),
    ItemKind.REPORT: (NormSubject.LEAD_TIME,),
    ItemKind.LETTER: (NormSubject.LETTER,),
    ItemKind.SIGNAL: (NormSubject.SIGNAL,),
}

# Kinds whose clock may be stopped (Awb: waiting for the resident's documents).
SUSPENDABLE = {ItemKind.APPLICATION, ItemKind.OBJECTION, ItemKind.COMPLAINT}


class ItemStatus(models.TextChoices):
    OPEN = "open", _("open")
    SUSPENDED = "suspended", _("opgeschort")
    CLOSED = "closed", _("afgehandeld")


# The lifecycle. A re-import may reopen a closed item when the source says so.
TRANSITIONS: dict[str, set[str]] = {
    ItemStatus.OPEN: {ItemStatus.OPEN, ItemStatus.SUSPENDED, ItemStatus.CLOSED},
    ItemStatus.SUSPENDED: {ItemStatus.SUSPENDED, ItemStatus.OPEN, ItemStatus.CLOSED},
    ItemStatus.CLOSED: {ItemStatus.CLOSED, ItemStatus.OPEN},
}


# How far a received or closed moment may lie ahead of our clock (a source system's clock may
# run a little fast); anything later is refused as "in the future".
FUTURE_TOLERANCE = datetime.timedelta(minutes=5)
# Received and closed dates before ``EARLIEST_DATE`` (one rule for API, imports and surveys, in
# ``core.tabular``) are refused as a typing error in the year (0026, 1026); it also keeps every
# date well inside the working-day calendar (``due.FIRST_DAY``).


class ClosingDay(models.Model):
    """A local closing day of a municipality (for instance between Christmas and New Year)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="closing_days",
        verbose_name=_("gemeente"),
    )
    date = models.DateField(_("datum"))
    reason = models.CharField(_("reden"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("sluitingsdag")
        verbose_name_plural = _("sluitingsdagen")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "date"],
                name="closing_day_unique",
                violation_error_message=_("Deze dag is al een sluitingsdag van deze gemeente."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.date:%d-%m-%Y}"


class HandlingItemQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)


class HandlingItem(models.Model):
    """One call-back request, e-mail, application, … to measure against its norm."""

    uuid = models.UUIDField(_("UUID"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("soort"), max_length=20, choices=ItemKind.choices)
    source = models.CharField(
        _("bronsysteem"), max_length=60, help_text=_("Bijvoorbeeld 'kcc' of 'mailbox-3'.")
    )
    source_id = models.CharField(_("kenmerk in de bron"), max_length=100)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("gemeente")
    )
    # No index of its own: handling_closed_idx starts with team_id and serves every lookup by
    # team (one index fewer to keep up on every insert of the register).
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="+", verbose_name=_("team"), db_index=False
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dienst"),
    )
    channel = models.ForeignKey(
        Channel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kanaal"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ItemStatus.choices, default=ItemStatus.OPEN
    )
    received_at = models.DateTimeField(_("ontvangen op"))
    received_on = models.DateField(_("ontvangstdatum"), editable=False)
    closed_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    closed_on = models.DateField(_("afhandeldatum"), null=True, blank=True, editable=False)
    outcome = models.CharField(
        _("uitkomst"), max_length=20, choices=Outcome.choices, default=Outcome.UNKNOWN
    )
    norm = models.ForeignKey(
        Norm,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("norm bij ontvangst"),
    )
    due_at = models.DateTimeField(_("uiterlijk klaar"), null=True, blank=True)
    lead_days = models.PositiveIntegerField(
        _("doorlooptijd (werkdagen)"), null=True, blank=True, editable=False
    )
    on_time = models.BooleanField(_("op tijd"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    objects = HandlingItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("afhandelitem")
        verbose_name_plural = _("afhandelitems")
        ordering = ["received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"],
                name="handling_item_source_unique",
                violation_error_message=_("Dit kenmerk bestaat al in deze bron."),
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(closed_at__gte=models.F("received_at")),
                name="handling_item_closed_after_received",
                violation_error_message=_("De afhandeling ligt vóór de ontvangst."),
            ),
        ]
        indexes = [
            # Open work: a small partial index that covers the overview query (index-only scan).
            models.Index(
                fields=["team", "kind", "received_on", "due_at"],
                name="handling_open_idx",
                condition=Q(closed_at__isnull=True),
            ),
            models.Index(fields=["team", "closed_on"], name="handling_closed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.source}:{self.source_id}"

    def clean(self) -> None:
        if self.closed_at and self.received_at and self.closed_at < self.received_at:
            raise ValidationError(
                {"closed_at": _("De afhandeling ligt vóór de ontvangst.")}, code="order"
            )


class Suspension(models.Model):
    """The clock stopped: from ``starts_on`` up to (not including) ``ends_on``."""

    item = models.ForeignKey(
        HandlingItem,
        on_delete=models.CASCADE,
        related_name="suspensions",
        verbose_name=_("item"),
    )
    starts_on = models.DateField(_("opgeschort vanaf"))
    ends_on = models.DateField(
        _("hervat op"), null=True, blank=True, help_text=_("Leeg zolang de klok stilstaat.")
    )

    class Meta:
        verbose_name = _("opschorting")
        verbose_name_plural = _("opschortingen")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="suspension_period_order",
                violation_error_message=_("De hervatting ligt vóór de opschorting."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_on:%d-%m-%Y} – {self.ends_on or '…'}"


class ImportSource(models.Model):
    """A system that delivers files, with its saved column mapping."""

    name = models.SlugField(
        _("naam"), max_length=60, unique=True, help_text=_("Korte naam, bijvoorbeeld 'kcc'.")
    )
    description = models.CharField(_("omschrijving"), max_length=200, blank=True)
    default_kind = models.CharField(
        _("standaardsoort"),
        max_length=20,
        choices=ItemKind.choices,
        blank=True,
        help_text=_("Voor bestanden zonder kolom voor de soort."),
    )
    default_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("standaardgemeente"),
    )
    default_team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("standaardteam"),
    )
    mapping = models.JSONField(
        _("kolommen"),
        default=dict,
        blank=True,
        help_text=_(
            "Welke kolom in het bestand bij welk veld hoort, bijvoorbeeld "
            '{"source_id": "Nummer", "received_at": "Aangemaakt"}. '
            "Velden: source_id, kind, municipality, team, service, channel, received_at, "
            "closed_at, outcome."
        ),
    )

    class Meta:
        verbose_name = _("importbron")
        verbose_name_plural = _("importbronnen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MailSecurity(models.TextChoices):
    SSL = "ssl", _("SSL/TLS (IMAPS)")
    STARTTLS = "starttls", _("STARTTLS")
    NONE = "none", _("geen (alleen voor tests)")


class Mailbox(models.Model):
    """A team mailbox followed over IMAP. Headers only; no sender, subject or body is kept."""

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="+", verbose_name=_("team")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("gemeente")
    )
    name = models.CharField(_("naam"), max_length=120, help_text=_("Bijvoorbeeld het adres."))
    host = models.CharField(_("server"), max_length=200)
    port = models.PositiveIntegerField(_("poort"), default=993)
    security = models.CharField(
        _("beveiliging"), max_length=10, choices=MailSecurity.choices, default=MailSecurity.SSL
    )
    username = models.CharField(_("gebruikersnaam"), max_length=200)
    password_env = models.CharField(
        _("wachtwoord uit omgevingsvariabele"),
        max_length=100,
        blank=True,
        help_text=_("Naam van de omgevingsvariabele met het wachtwoord. Heeft voorrang."),
    )
    password_encrypted = models.TextField(_("versleuteld wachtwoord"), blank=True, editable=False)
    folders = models.CharField(
        _("mappen om te volgen"),
        max_length=500,
        default="INBOX",
        help_text=_("Gescheiden door komma's."),
    )
    sent_folder = models.CharField(_("map verzonden items"), max_length=200, blank=True)
    done_folders = models.CharField(
        _("mappen voor afgehandeld"),
        max_length=500,
        blank=True,
        help_text=_("Een bericht dat hierheen is verplaatst, telt als afgehandeld."),
    )
    active = models.BooleanField(_("actief"), default=True)
    last_synced_at = models.DateTimeField(_("laatst gelukt"), null=True, blank=True)
    last_error = models.TextField(_("laatste fout"), blank=True)
    last_error_at = models.DateTimeField(_("fout sinds"), null=True, blank=True)

    class Meta:
        verbose_name = _("teammailbox")
        verbose_name_plural = _("teammailboxen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def source(self) -> str:
        return f"mailbox-{self.pk}"

    @staticmethod
    def split(text: str) -> list[str]:
        return [part.strip() for part in text.split(",") if part.strip()]

    @property
    def folder_list(self) -> list[str]:
        return self.split(self.folders)

    @property
    def done_folder_list(self) -> list[str]:
        return self.split(self.done_folders)


class MailFolderState(models.Model):
    """How far a folder has been read: UIDVALIDITY and the highest UID seen."""

    mailbox = models.ForeignKey(
        Mailbox, on_delete=models.CASCADE, related_name="folder_states", verbose_name=_("mailbox")
    )
    folder = models.CharField(_("map"), max_length=200)
    uidvalidity = models.BigIntegerField(_("UIDVALIDITY"), default=0)
    last_uid = models.BigIntegerField(_("hoogste UID"), default=0)

    class Meta:
        verbose_name = _("mapstand")
        verbose_name_plural = _("mapstanden")
        constraints = [
            models.UniqueConstraint(fields=["mailbox", "folder"], name="mail_folder_state_unique")
        ]

    def __str__(self) -> str:
        return f"{self.mailbox} {self.folder}"


class MailMessage(models.Model):
    """Where an open e-mail item sits, so an \\Answered flag can close it."""

    item = models.OneToOneField(
        HandlingItem, on_delete=models.CASCADE, related_name="mail", verbose_name=_("item")
    )
    folder_state = models.ForeignKey(
        MailFolderState, on_delete=models.CASCADE, related_name="+", verbose_name=_("map")
    )
    uid = models.BigIntegerField(_("UID"))

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        indexes = [models.Index(fields=["folder_state", "uid"], name="mail_message_uid_idx")]

    def __str__(self) -> str:
        return f"{self.folder_state} {self.uid}"


# --- Roll-ups for the dashboard ---------------------------------------------------------------

# The one declaration of what makes a roll-up row unique: the constraints below, every upsert in
# ``rollups`` and the keys it builds follow these. No service or channel is one group.
FLOW_KEY = RollupKey(
    "day", "municipality", "team", "service", "channel", "kind", nullable=("service", "channel")
)
LEAD_KEY = FLOW_KEY.extend("bucket")


class FlowCounts(models.Model):
    """What a flow roll-up counts per group (per day in ``DailyFlow``, per month in
    ``MonthlyFlow``)."""

    received = models.IntegerField(_("ontvangen"), default=0)
    closed = models.IntegerField(_("afgehandeld"), default=0)
    closed_on_time = models.IntegerField(_("op tijd afgehandeld"), default=0)

    class Meta:
        abstract = True


class LeadCounts(models.Model):
    """What a lead-time roll-up counts per group and bucket."""

    bucket = models.PositiveSmallIntegerField(
        _("werkdagen"), help_text=_("De laatste bak telt alles vanaf dat aantal.")
    )
    count = models.IntegerField(_("aantal"), default=0)
    on_time = models.IntegerField(_("op tijd"), default=0)

    class Meta:
        abstract = True


class RollupBase(models.Model):
    day = models.DateField(_("dag"))
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("gemeente")
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="+", verbose_name=_("team")
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dienst"),
    )
    channel = models.ForeignKey(
        Channel,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kanaal"),
    )
    kind = models.CharField(_("soort"), max_length=20, choices=ItemKind.choices)

    class Meta:
        abstract = True


class DailyFlow(FlowCounts, RollupBase):
    """Per day: received, closed and closed on time. Kept current with every write."""

    class Meta:
        verbose_name = _("dagstroom")
        verbose_name_plural = _("dagstromen")
        constraints = [FLOW_KEY.constraint("daily_flow_unique")]
        indexes = [models.Index(fields=["team", "day"], name="daily_flow_team_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.team_id} {self.kind}"


class LeadTimeBucket(LeadCounts, RollupBase):
    """Lead-time histogram per closing day: items that took ``bucket`` working days."""

    class Meta:
        verbose_name = _("doorlooptijdbak")
        verbose_name_plural = _("doorlooptijdbakken")
        constraints = [LEAD_KEY.constraint("lead_time_bucket_unique")]
        indexes = [models.Index(fields=["team", "day"], name="lead_time_team_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.team_id} {self.kind} {self.bucket}"


# The same figures per month, team and municipality: what the dashboard's organisation,
# municipality, domain and team views read (a year is a few thousand rows however large the
# register). Kept current with the daily roll-ups by the same writes (``rollups.Deltas`` and the
# set-based import); the daily tables stay for days, weeks, services and channels.
MONTH_FLOW_KEY = RollupKey("month", "municipality", "team", "kind")
MONTH_LEAD_KEY = MONTH_FLOW_KEY.extend("bucket")


class MonthlyRollupBase(models.Model):
    month = models.DateField(_("maand"), help_text=_("De eerste dag van de maand."))
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("gemeente")
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="+", verbose_name=_("team")
    )
    kind = models.CharField(_("soort"), max_length=20, choices=ItemKind.choices)

    class Meta:
        abstract = True


class MonthlyFlow(FlowCounts, MonthlyRollupBase):
    """Per month: received, closed and closed on time (``DailyFlow`` summed per month)."""

    class Meta:
        verbose_name = _("maandstroom")
        verbose_name_plural = _("maandstromen")
        constraints = [MONTH_FLOW_KEY.constraint("monthly_flow_unique")]
        indexes = [models.Index(fields=["team", "month"], name="monthly_flow_team_month_idx")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.team_id} {self.kind}"


class MonthlyLeadTime(LeadCounts, MonthlyRollupBase):
    """Lead-time histogram per closing month (``LeadTimeBucket`` summed per month)."""

    class Meta:
        verbose_name = _("maanddoorlooptijdbak")
        verbose_name_plural = _("maanddoorlooptijdbakken")
        constraints = [MONTH_LEAD_KEY.constraint("monthly_lead_time_unique")]
        indexes = [models.Index(fields=["team", "month"], name="monthly_lead_team_month_idx")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.team_id} {self.kind} {self.bucket}"
