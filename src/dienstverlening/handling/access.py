"""Who may see and do what in the handling register. Every view goes through these.

Built on ``core.access``; a refusal is ``PermissionDenied`` (403).
"""

from django.core.exceptions import PermissionDenied

from dienstverlening.core.access import is_administrator, is_signed_in


def can_read_open_work(user) -> bool:
    """Every employee who is logged in: the lists hold no personal data."""
    return is_signed_in(user)


def access_open_work(user) -> None:
    if not can_read_open_work(user):
        raise PermissionDenied


def can_manage_intake(user) -> bool:
    """Mailboxes, imports and their failures belong to the functioneel beheerder (or a
    superuser, who acts as one)."""
    return is_administrator(user)


def access_intake_admin(user) -> None:
    if not can_manage_intake(user):
        raise PermissionDenied
