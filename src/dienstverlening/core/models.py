from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import Role


class User(AbstractUser):
    """An employee of the shared civil service. Residents never have an account."""

    role = models.CharField(
        _("rol"),
        max_length=20,
        choices=Role.choices,
        default=Role.EMPLOYEE,
        help_text=_("Bepaalt wat iemand mag wijzigen. Lezen mag iedereen die is ingelogd."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def save(self, *args, **kwargs) -> None:
        # The functioneel beheerder works in the Django admin.
        if self.role == Role.ADMINISTRATOR:
            self.is_staff = True
        super().save(*args, **kwargs)
