"""Security events: one structured log line each (logger ``dienstverlening.security``).

Logged: a log-in (``login``, ``method`` ``password`` or ``oidc``), a failed log-in
(``login_failed``: a wrong password, or a sign-in through the identity provider refused, with its
``reason``), a lock-out after too many failures (``lockout``, django-axes' signal), a log-out
(``logout``), the second factor (``twofactor_failed``, ``twofactor_recovery_code_used``,
``twofactor_enrolled``, ``twofactor_disabled``, ``twofactor_reset``: ``core.twofactor``), a
download of residents' answers or of the audit trail (``export``, called by the views that offer
one) and a new or renewed API token (``api_token_created``, ``api_token_renewed``). Each line
carries ``event``, the client address (``core.net.client_address``) and the account's id where
there is one; never a password, a token or what a resident wrote.

**The user name of a failed log-in is never logged as typed.** People type their password in the
user name field often enough; a log that ships to a monitoring system must not collect those. The
line has ``username_hash`` instead: the first 16 hex characters of an HMAC-SHA256 of the name
(trimmed, lower case) keyed with ``SECRET_KEY``, the same for every attempt on that name, so
repeated attempts can be followed without knowing what was typed; and ``account_id`` when the
name is an existing account's (then it was no password). Axes' own lock-out lines use the same hash
(``axes_client_str``, setting ``AXES_CLIENT_STR_CALLABLE``).
"""

from __future__ import annotations

import hashlib
import hmac
import logging

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest

from .net import client_address

logger = logging.getLogger("dienstverlening.security")


def username_hash(username: str | None) -> str:
    """A keyed hash of a typed user name: the same name gives the same hash, which tells nothing
    about the name without ``SECRET_KEY``."""
    key = settings.SECRET_KEY.encode()
    name = (username or "").strip().lower().encode("utf-8", errors="surrogateescape")
    return hmac.new(key, name, hashlib.sha256).hexdigest()[:16]


def security_event(event: str, request: HttpRequest | None = None, **fields) -> None:
    """Write one security event. ``fields`` are ids, codes and hashes: no secrets, no names."""
    record = {"event": event, **fields}
    if request is not None:
        record.setdefault("client_ip", client_address(request))
        record.setdefault("path", request.path)
    details = " ".join(f"{name}={value}" for name, value in record.items() if name != "event")
    logger.info("security %s %s", event, details, extra=record)


def _account_id(username: str | None) -> int | None:
    if not username:
        return None
    model = get_user_model()
    return (
        model._default_manager.filter(**{model.USERNAME_FIELD: username})
        .values_list("pk", flat=True)
        .first()
    )


def _typed_username(credentials: dict | None) -> str | None:
    if not credentials:
        return None
    return credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("username")


def _method(user) -> str:
    """How someone signed in: ``oidc`` (the work account) or ``password``."""
    backend = getattr(user, "backend", "") or ""
    return "oidc" if backend.endswith("OIDCBackend") else "password"


@receiver(user_logged_in, dispatch_uid="dienstverlening-security-login")
def _logged_in(sender, request, user, **kwargs) -> None:
    security_event("login", request, user_id=user.pk, method=_method(user))


@receiver(user_logged_out, dispatch_uid="dienstverlening-security-logout")
def _logged_out(sender, request, user, **kwargs) -> None:
    security_event("logout", request, user_id=getattr(user, "pk", None))


@receiver(user_login_failed, dispatch_uid="dienstverlening-security-login-failed")
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = _typed_username(credentials)
    security_event(
        "login_failed",
        request,
        method="password",
        username_hash=username_hash(username),
        account_id=_account_id(username),
    )


@receiver(user_locked_out, dispatch_uid="dienstverlening-security-lockout")
def _locked_out(sender, request, username, ip_address, **kwargs) -> None:
    security_event(
        "lockout",
        request,
        username_hash=username_hash(username),
        account_id=_account_id(username),
        client_ip=ip_address,
    )


def axes_client_str(username, ip_address, user_agent, path_info, request) -> str:
    """How axes names a client in its own log lines: the user name as a keyed hash."""
    return (
        f"{{username_hash: {username_hash(username)!r}, ip_address: {ip_address!r}, "
        f"path_info: {path_info!r}}}"
    )


def export_logged(request: HttpRequest, *, what: str, fmt: str, **fields) -> None:
    """A download of residents' answers (``what``: ``antwoorden``, ``open-antwoorden``, …) in
    ``fmt``, with what narrows it (a run's id, a scope, a period): never the answers."""
    user = getattr(request, "user", None)
    security_event(
        "export",
        request,
        user_id=getattr(user, "pk", None),
        what=what,
        format=fmt,
        **fields,
    )


def api_token_logged(event: str, *, client, by=None) -> None:
    """A token was made (``api_token_created``) or replaced (``api_token_renewed``), once the
    transaction that keeps its hash commits. The token's first characters are logged (as the
    admin shows them), never the token or its hash."""
    fields = {
        "client_id": client.pk,
        "token_prefix": client.token_prefix,
        "expires_at": client.expires_at.isoformat(),
        "user_id": getattr(by, "pk", None),
    }
    transaction.on_commit(lambda: security_event(event, **fields), robust=True)
