from django.contrib.auth.models import AbstractUser
from django.db import models
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

    class Meta(AbstractUser.Meta):
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

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
