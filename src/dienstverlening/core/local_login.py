"""Local accounts with a password, and switching them off (``DV_LOCAL_LOGIN``).

Passwords are for the demo and for beheer; where employees sign in with their work account
(``core.oidc``) the organisation switches them off: the sign-in page shows no password form and
every password sign-in is refused, on ``/inloggen/`` and on ``/beheer/login/`` alike. One door
stays open while ``DV_LOCAL_LOGIN_BREAK_GLASS`` is on: a superuser (the installation account of
``createsuperuser``) may still sign in with a password, to repair the settings when the identity
provider cannot be reached.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied


def local_login_enabled() -> bool:
    """Colleagues may sign in with a user name and password (the form is shown)."""
    return bool(settings.DV_LOCAL_LOGIN)


def password_sign_in_allowed(username: str | None) -> bool:
    """May the account ``username`` sign in with a password now?"""
    if settings.DV_LOCAL_LOGIN:
        return True
    if not settings.DV_LOCAL_LOGIN_BREAK_GLASS or not username:
        return False
    model = get_user_model()
    return model._default_manager.filter(
        **{model.USERNAME_FIELD: username}, is_superuser=True, is_active=True
    ).exists()


class LocalLoginGate:
    """Authentication backend before ``ModelBackend``: with local sign-in off it stops a
    password sign-in (``PermissionDenied`` ends Django's ``authenticate``, which reports the
    failure, so django-axes counts it as it counts a wrong password). It never signs anyone in."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if password is None:
            return None  # not a password sign-in (the identity provider's callback)
        if not password_sign_in_allowed(username):
            raise PermissionDenied("Password sign-in is switched off (DV_LOCAL_LOGIN).")
        return None

    def get_user(self, user_id):
        return None
