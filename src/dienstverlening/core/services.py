"""Writes that belong to core: an account's access follows from its role."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .roles import ADMINISTRATOR_GROUP, Role, administrator_permissions_query

if TYPE_CHECKING:
    from .models import User


def administrator_group_get() -> Group:
    """The group "Functioneel beheer" (migration core 0003). Should it be gone (deleted by hand,
    or a test database emptied), it is made again with the permissions of ``core.roles``."""
    group, created = Group.objects.get_or_create(name=ADMINISTRATOR_GROUP)
    if created:
        group.permissions.set(Permission.objects.filter(administrator_permissions_query()))
    return group


def user_access_sync(*, user: User) -> None:
    """Make the account's group membership match its role (``User.save`` sets the staff flag).

    A functioneel beheerder is a member of the group "Functioneel beheer", with exactly the
    permissions the role needs; nobody else is. ``User.save`` calls this whenever the role may
    have changed, so the admin, the demo and the command line all go through it.
    """
    with transaction.atomic():
        group = administrator_group_get()
        if user.role == Role.ADMINISTRATOR:
            user.groups.add(group)
        else:
            user.groups.remove(group)
