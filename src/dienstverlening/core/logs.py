"""Structured logs: one request id and the employee's user id on every log line of a request.

``settings.LOGGING`` writes JSON lines (python-json-logger) in production and readable lines in
development (``DV_LOG_FORMAT``, docs/operations.md, "Logs"). ``RequestLogMiddleware``, the first
middleware, gives each request an id, puts it in the ``X-Request-ID`` response header and keeps
it, with the request, in a context variable; ``RequestContextFilter`` on the log handler adds
``request_id`` and ``user_id`` to every record written while the request runs. One line per
request (method, URL pattern, status, milliseconds) goes to the logger
``dienstverlening.requests``.

What a line may hold: the employee's primary key (never a user name or e-mail address), the id
of an API client, the URL *pattern* of the page (``/m/u/<str:token>/``, so no invitation token,
id or query string). Nothing about residents. This module is imported while logging is set up,
before the apps are loaded: it must not import models.
"""

from __future__ import annotations

import datetime
import logging
import re
import sys
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.functional import LazyObject, empty
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
# An incoming id is kept when it looks like what proxies and load balancers send (a UUID, nginx's
# $request_id, a hex or base64url token): 8 to 128 letters, digits, '.', '_', ':' or '-'.
# Anything else (line breaks, spaces, quotes, very long values) is replaced by a new id.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")
MAX_UNRESOLVED_PATH = 200

access_logger = logging.getLogger("dienstverlening.requests")


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    request: HttpRequest


_current: ContextVar[RequestContext | None] = ContextVar("dv_request", default=None)


def request_id_from(header: str | None) -> str:
    """The incoming id when it is a sane token, else a new one (32 hex digits)."""
    if header and SANE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def current_request_id() -> str | None:
    """The id of the request this thread (or task) is handling, if any."""
    context = _current.get()
    return context.request_id if context else None


def _known_user(request: HttpRequest) -> Any:
    """``request.user`` if it has been looked up already, else None.

    Logging never looks the user up itself: that would query the session and the user table
    while a line is written (perhaps about a database that just failed).
    """
    user = request.__dict__.get("user")
    if isinstance(user, LazyObject):
        wrapped = user._wrapped
        return None if wrapped is empty else wrapped
    return user


def user_fields(request: HttpRequest) -> tuple[int | None, int | None]:
    """(user id, API client id) of the request; None where there is none or it is not known."""
    user = _known_user(request)
    if user is None or not getattr(user, "is_authenticated", False):
        return None, None
    # A system using the API is an ``api_clients.ApiClientUser`` (no pk, its client attached);
    # duck-typed so this module needs no models.
    client = getattr(user, "client", None)
    if user.pk is None and client is not None:
        return None, client.pk
    return user.pk, None


class RequestContextFilter(logging.Filter):
    """Adds ``request_id``, ``user_id`` and ``api_client_id`` to every record (None outside a
    request). Set on the handler, so records of every logger get them.

    Drops Django's own line about a 503 of the readiness endpoint: the answer says what fails,
    and a load balancer asking every few seconds would fill the log with it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        context = _current.get()
        request = context.request if context else None
        if request is None:
            # Django logs a 4xx or 5xx response after the middleware has returned, with the
            # request attached to the record.
            attached = getattr(record, "request", None)
            request = attached if isinstance(attached, HttpRequest) else None
            if request is not None and record.name == "django.request":
                from .health import is_health_path

                if is_health_path(request.path_info):
                    return False
        user_id = client_id = None
        if request is not None:
            user_id, client_id = user_fields(request)
        if not hasattr(record, "request_id"):
            record.request_id = getattr(request, "request_id", None)
        if not hasattr(record, "user_id"):
            record.user_id = user_id
        if not hasattr(record, "api_client_id"):
            record.api_client_id = client_id
        return True


class JsonFormatter(BaseJsonFormatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request_id,
    user_id, the extra fields of the record, and a traceback as ``exc_info``.

    Django's own ``django.request`` records carry the request object; it is left out (its text
    holds the query string). So is ``django.server``'s ``server_time``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request", "server_time"])
        kwargs.setdefault("json_ensure_ascii", False)
        if not args and "fmt" not in kwargs:
            kwargs["fmt"] = ["levelname", "name", "message"]
        super().__init__(*args, **kwargs)

    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        moment = datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC)
        log_data["time"] = moment.isoformat(timespec="milliseconds")
        super().add_fields(log_data, record, message_dict)
        if log_data.get("api_client_id") is None:
            log_data.pop("api_client_id", None)


class TextFormatter(logging.Formatter):
    """A readable line for development: ``10:03:12 INFO dienstverlening.requests
    [3f2a9c1e u=7]: GET /metingen/ 200 12 ms``; the brackets only within a request."""

    def __init__(self, fmt: str | None = None, datefmt: str | None = None, **kwargs: Any) -> None:
        super().__init__(
            fmt or "{asctime} {levelname} {name}{context}: {message}",
            datefmt or "%H:%M:%S",
            style="{",
            **kwargs,
        )

    def format(self, record: logging.LogRecord) -> str:
        request_id = getattr(record, "request_id", None)
        if request_id:
            who = getattr(record, "user_id", None)
            client = getattr(record, "api_client_id", None)
            suffix = f" u={who}" if who else f" api={client}" if client else ""
            record.context = f" [{request_id[:8]}{suffix}]"
        else:
            record.context = ""
        return super().format(record)


def _logged_path(request: HttpRequest) -> str:
    """The URL pattern the request matched, or (not found) the path, cut short."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.route:
        return "/" + match.route.lstrip("^").rstrip("$")
    return request.path[:MAX_UNRESOLVED_PATH]


def _is_quiet(request: HttpRequest) -> bool:
    """Static files and the health endpoints (polled every few seconds) get no request line."""
    from .health import is_health_path

    static = settings.STATIC_URL or ""
    return (static.startswith("/") and request.path.startswith(static)) or is_health_path(
        request.path_info
    )


class RequestLogMiddleware:
    """Request id in and out, the request's log context, and one line per request.

    First in ``MIDDLEWARE``: its id is on every line the other middleware and the view write,
    and the duration covers them all.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _current.set(RequestContext(request_id, request))
        try:
            response = self.get_response(request)
            response.headers[REQUEST_ID_HEADER] = request_id
            if access_logger.isEnabledFor(logging.INFO) and not _is_quiet(request):
                path = _logged_path(request)
                duration_ms = round((time.perf_counter() - started) * 1000)
                access_logger.info(
                    "%s %s %s %d ms",
                    request.method,
                    path,
                    response.status_code,
                    duration_ms,
                    extra={
                        "method": request.method,
                        "path": path,
                        "status": response.status_code,
                        "duration_ms": duration_ms,
                    },
                )
            return response
        finally:
            _current.reset(token)


class ConsoleHandler(logging.StreamHandler):
    """Writes to ``sys.stdout`` or ``sys.stderr`` as they are when a line is written, not as
    they were when logging was set up: a stream swapped out since (a test runner's capture, a
    command that redirects its output) is never written to after it was closed."""

    def __init__(self, stream_name: str = "stdout") -> None:
        if stream_name not in {"stdout", "stderr"}:
            raise ValueError(f"stream_name is stdout of stderr, niet {stream_name!r}.")
        self.stream_name = stream_name
        super().__init__()

    @property
    def stream(self):
        return getattr(sys, self.stream_name)

    @stream.setter
    def stream(self, value) -> None:  # StreamHandler sets it; the stream is looked up instead
        pass
