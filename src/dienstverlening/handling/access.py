"""Who may see and do what in the handling register. Every view goes through these."""

from django.core.exceptions import PermissionDenied

from dienstverlening.core.roles import Role, has_role


def can_read_open_work(user) -> bool:
    """Every employee who is logged in: the lists hold no personal data."""
    return bool(user.is_authenticated and user.is_active)


def access_open_work(user) -> None:
    if not can_read_open_work(user):
        raise PermissionDenied


def can_manage_intake(user) -> bool:
    """Mailboxes, imports and their failures belong to the functioneel beheerder."""
    return has_role(user, Role.ADMINISTRATOR) or bool(
        user.is_authenticated and user.is_active and user.is_superuser
    )


def access_intake_admin(user) -> None:
    if not can_manage_intake(user):
        raise PermissionDenied
