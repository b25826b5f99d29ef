"""Two-factor authentication (tweestapsverificatie): who must give a code after the password.

django-otp keeps the devices: an authenticator app (``TOTPDevice``, a code of 6 digits every 30
seconds) and one-time recovery codes (``StaticDevice`` with its tokens). This module holds the
rules; ``services`` the writes, ``middleware`` the enforcement on every page, ``views`` the pages.

- **Required** (``role_requires_twofactor``) for the functioneel beheerder, the coördinator and
  every account that opens ``/beheer/`` (staff, superusers), while ``DV_2FA_REQUIRED`` is on (the
  default; off only in the demo and the test run).
- **Chosen**: anyone else who set up an app is asked for a code too.
- ``required_for(user, request)`` is the one decision that combines both; an exemption (a sign-in
  through the organisation's identity provider, whose own multi-factor step counts) belongs
  there and nowhere else.
- ``pending_step(request)`` says what a signed-in person must do before any other page:
  nothing, give a code (``VERIFY``), or set up an app first (``ENROL``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.http import HttpRequest

from ..access import has_role, is_signed_in
from ..oidc import signed_in_with_oidc
from ..roles import Role

VERIFY = "verify"
ENROL = "enrol"

# The session remembers whether the account had a second factor when it signed in (set at
# sign-in, kept up to date by this session's own changes), so that pages of colleagues without
# one cost no extra query. A role that requires it is always checked against the database.
SESSION_HAS_DEVICE = "_dv_2fa_device"

View = TypeVar("View", bound=Callable)


def role_requires_twofactor(user) -> bool:
    """True when ``user``'s role or admin access makes a second factor mandatory."""
    if not settings.DV_2FA_REQUIRED or not is_signed_in(user):
        return False
    return has_role(user, Role.ADMINISTRATOR, Role.COORDINATOR) or bool(user.is_staff)


def has_device(user) -> bool:
    """Whether ``user`` has a confirmed second factor: an app, or recovery codes left."""
    from django_otp.plugins.otp_static.models import StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not is_signed_in(user):
        return False
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or StaticToken.objects.filter(device__user=user, device__confirmed=True).exists()
    )


def remember_device(request: HttpRequest, present: bool) -> None:
    """Note in the session whether its account has a second factor (see SESSION_HAS_DEVICE)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SESSION_HAS_DEVICE] = present


def _has_device_remembered(user, request: HttpRequest | None) -> bool:
    session = getattr(request, "session", None)
    if session is None:
        return has_device(user)
    present = session.get(SESSION_HAS_DEVICE)
    if not isinstance(present, bool):
        present = has_device(user)
        session[SESSION_HAS_DEVICE] = present
    return present


def required_for(user, request: HttpRequest | None = None) -> bool:
    """The one decision whether ``user`` must give a second factor in this session: their role
    requires it, or they chose it (set up an app). Exemptions belong here: a session signed in
    through the organisation's identity provider gave its second factor there (``core.oidc``)."""
    if not is_signed_in(user):
        return False
    if request is not None and signed_in_with_oidc(request):
        return False
    return role_requires_twofactor(user) or _has_device_remembered(user, request)


def is_verified(user) -> bool:
    """True when this session's user gave a valid code (``OTPMiddleware`` says so)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def pending_step(request: HttpRequest) -> str | None:
    """What the signed-in person must do first: ``VERIFY``, ``ENROL`` or nothing (``None``)."""
    user = request.user
    if not required_for(user, request) or is_verified(user):
        return None
    return VERIFY if has_device(user) else ENROL


def twofactor_exempt(view: View) -> View:
    """Mark a view that a signed-in person may open before the second step: public pages for
    residents (the survey form), health checks. Like ``csrf_exempt``."""
    view.twofactor_exempt = True  # type: ignore[attr-defined]
    return view


def on_user_logged_in(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """At every sign-in (password, admin, single sign-on): note whether the account has a second
    factor (``CoreConfig.ready`` connects this to ``user_logged_in``)."""
    if request is not None:
        remember_device(request, has_device(user))
