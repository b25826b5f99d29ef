"""Roles as the users know them. A user has exactly one role; teammanagers also manage teams.

Who holds which role, and who manages which team, is decided once in ``core.access``; the
``access_*`` functions of each app build on it, never scattered ``if user.role == ...`` in views
or templates.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Stored in English; the labels are the Dutch names people use (``docs/glossary.md``)."""

    EMPLOYEE = "employee", _("medewerker")
    TEAM_MANAGER = "team_manager", _("teammanager")
    COORDINATOR = "coordinator", _("coördinator dienstverlening")
    MANAGEMENT = "management", _("directie")
    ADMINISTRATOR = "administrator", _("functioneel beheerder")


# The permission group of the functioneel beheerder, made by migration core 0003. Users get it,
# and the staff flag that opens /beheer/, from their role (``core.services.user_access_sync``).
ADMINISTRATOR_GROUP = "Functioneel beheer"

_VIEW_ADD_CHANGE = ("view", "add", "change")
_ALL = ("view", "add", "change", "delete")

# Exactly what the functioneel beheerder's tasks need, per (app, model). What it may not do is
# as deliberate: no survey responses, runs or questionnaires and no framework (the
# coördinator's), no groups or loose permissions, no superusers (``core.admin``), no deleting
# accounts (set them inactive) or organisation data that measurements point to.
ADMINISTRATOR_PERMISSIONS: dict[tuple[str, str], tuple[str, ...]] = {
    # Accounts and roles; unlocking a colleague who typed a wrong password too often.
    ("core", "user"): _VIEW_ADD_CHANGE,
    ("axes", "accessattempt"): ("view", "delete"),
    # Who does what.
    ("organisation", "municipality"): _VIEW_ADD_CHANGE,
    ("organisation", "domain"): _VIEW_ADD_CHANGE,
    ("organisation", "team"): _VIEW_ADD_CHANGE,
    ("organisation", "service"): _VIEW_ADD_CHANGE,
    ("organisation", "channel"): _VIEW_ADD_CHANGE,
    # Intake: mailboxes, import sources with their column mappings, closing days.
    ("handling", "mailbox"): _ALL,
    ("handling", "mailfolderstate"): ("view",),
    ("handling", "importsource"): _ALL,
    ("handling", "closingday"): _ALL,
    ("handling", "handlingitem"): ("view",),
    ("surveys", "importmapping"): _ALL,
    # System connections: API clients and their tokens (withdrawn by switching off, not deleted).
    ("core", "apiclient"): _VIEW_ADD_CHANGE,
    # What the daily purge removed (read-only; docs/privacy.md).
    ("core", "deletionlog"): ("view",),
}


def administrator_permissions_query() -> Q:
    """Selects the permissions of ``ADMINISTRATOR_PERMISSIONS`` (works on migration models too)."""
    query = Q(pk__in=[])
    for (app_label, model), actions in ADMINISTRATOR_PERMISSIONS.items():
        query |= Q(
            content_type__app_label=app_label,
            codename__in=[f"{action}_{model}" for action in actions],
        )
    return query
