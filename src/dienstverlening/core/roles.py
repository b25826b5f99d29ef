"""Roles as the users know them. A user has exactly one role; teammanagers also manage teams.

Permissions are decided by the ``access_*`` functions of each app, built on these checks,
never by scattered ``if user.role == ...`` in views or templates.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EMPLOYEE = "medewerker", _("medewerker")
    TEAM_MANAGER = "teammanager", _("teammanager")
    COORDINATOR = "coordinator", _("coördinator dienstverlening")
    MANAGEMENT = "directie", _("directie")
    ADMINISTRATOR = "beheerder", _("functioneel beheerder")


# The permission group of the functioneel beheerder, made by migration core 0003. Users get it,
# and the staff flag that opens /beheer/, from their role (``core.services.user_access_sync``).
ADMINISTRATOR_GROUP = "Functioneel beheer"


def has_role(user, *roles: Role) -> bool:
    """True when ``user`` is logged in, active and holds one of ``roles``."""
    return bool(user.is_authenticated and user.is_active and user.role in roles)


def is_framework_owner(user) -> bool:
    """The coördinator owns the organisation-wide framework."""
    return has_role(user, Role.COORDINATOR)


def sees_everything(user) -> bool:
    """Directie and coördinator read every team's details."""
    return has_role(user, Role.COORDINATOR, Role.MANAGEMENT)
