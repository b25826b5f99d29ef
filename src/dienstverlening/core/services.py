"""Writes that belong to core: an account's access follows from its role."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import Group
from django.db import transaction

from .roles import ADMINISTRATOR_GROUP, Role

if TYPE_CHECKING:
    from .models import User


def user_access_sync(*, user: User) -> None:
    """Make the account's group membership match its role (``User.save`` sets the staff flag).

    A functioneel beheerder is a member of the group "Functioneel beheer" (made by migration,
    with exactly the permissions the role needs); nobody else is. ``User.save`` calls this
    whenever the role may have changed, so the admin, the demo and the command line all go
    through it.
    """
    group = Group.objects.get(name=ADMINISTRATOR_GROUP)
    with transaction.atomic():
        if user.role == Role.ADMINISTRATOR:
            user.groups.add(group)
        else:
            user.groups.remove(group)
