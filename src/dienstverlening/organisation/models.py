"""Who does what: municipalities, domains, teams, services and channels."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("korte naam"), unique=True)
    cbs_code = models.CharField(
        _("CBS-gemeentecode"), max_length=6, unique=True, help_text=_("Bijvoorbeeld GM0632.")
    )
    inhabitants = models.PositiveIntegerField(_("aantal inwoners"), default=0)

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Channel(models.Model):
    """A way residents reach us: balie, telefoon, e-mail, website/e-formulier, post, …"""

    name = models.CharField(_("naam"), max_length=60, unique=True)
    slug = models.SlugField(_("korte naam"), unique=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("kanaal")
        verbose_name_plural = _("kanalen")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Domain(models.Model):
    """A directorate (domein) or cluster that groups teams."""

    name = models.CharField(_("naam"), max_length=120, unique=True)
    slug = models.SlugField(_("korte naam"), unique=True)
    description = models.TextField(_("omschrijving"), blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("domein")
        verbose_name_plural = _("domeinen")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    domain = models.ForeignKey(
        Domain, on_delete=models.PROTECT, related_name="teams", verbose_name=_("domein")
    )
    name = models.CharField(_("naam"), max_length=120, unique=True)
    slug = models.SlugField(_("korte naam"), unique=True)
    description = models.TextField(_("wat doet dit team"), blank=True)
    core_tasks = models.TextField(
        _("kerntaken"), blank=True, help_text=_("Eén kerntaak per regel.")
    )
    mailbox = models.EmailField(_("teammailbox"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="managed_teams",
        verbose_name=_("teammanagers"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="member_teams",
        verbose_name=_("medewerkers"),
        help_text=_(
            "Wie in dit team werkt. Medewerkers zien de complimenten en signaleringen van hun "
            "team; een medewerker kiest het eigen team ook zelf onder ‘Mijn team’."
        ),
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("team-detail", kwargs={"slug": self.slug})

    @property
    def core_task_list(self) -> list[str]:
        return [line.strip() for line in self.core_tasks.splitlines() if line.strip()]


class Service(models.Model):
    """A product or service residents ask for, handled by one team."""

    name = models.CharField(_("naam"), max_length=150, unique=True)
    slug = models.SlugField(_("korte naam"), max_length=160, unique=True)
    description = models.TextField(
        _("omschrijving"), help_text=_("In gewone taal (B1): wat kan een inwoner hier regelen?")
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="services", verbose_name=_("team")
    )
    municipalities = models.ManyToManyField(
        Municipality, related_name="services", verbose_name=_("gemeenten")
    )
    channels = models.ManyToManyField(Channel, related_name="services", verbose_name=_("kanalen"))
    keywords = models.TextField(
        _("zoekwoorden"),
        blank=True,
        help_text=_("Woorden waarop collega's zoeken, gescheiden door komma's."),
    )
    process_url = models.URLField(_("procesbeschrijving"), blank=True)

    class Meta:
        verbose_name = _("dienst")
        verbose_name_plural = _("diensten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("service-detail", kwargs={"slug": self.slug})

    @property
    def keyword_list(self) -> list[str]:
        return [word.strip() for word in self.keywords.split(",") if word.strip()]


class FigureVersion(models.Model):
    """How often the figures of one team in one municipality have changed: raised by every write
    to a roll-up (``figure_versions.figures_changed``), in the writer's transaction. The
    dashboard's figure cache keys on it, so a new item or response shows on the next page."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("gemeente")
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="+", verbose_name=_("team")
    )
    version = models.BigIntegerField(_("versie"), default=0)

    class Meta:
        verbose_name = _("versie van de cijfers")
        verbose_name_plural = _("versies van de cijfers")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "team"], name="figure_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.team_id}: {self.version}"
