"""Who may use the API, and how often: API clients with hashed tokens, scopes and rate limits.

- ``ApiClientAuthentication`` reads ``Authorization: Bearer <token>`` (or ``Token <token>``),
  finds the client by the token's SHA-256 and refuses an unknown, withdrawn or expired token.
  Failed attempts are counted per client address; too many and the address waits (429).
- ``ApiAccess`` (the default permission): a client needs the view's ``required_scope``; a
  logged-in employee (session) may use only views that say ``session_allowed = True``.
- ``ApiRateThrottle`` (the default throttle): requests per client, per logged-in employee or,
  without credentials, per address, counted in the "shared" cache so that every app server
  counts together.

See docs/security.md ("API clients and tokens", "API rate limits").
"""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission
from rest_framework.throttling import BaseThrottle

from .caching import SHARED, window_count
from .models import ApiClient
from .net import client_address
from .services import token_hash

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

KEYWORDS = {b"bearer", b"token"}
# ``last_used_at`` is written at most this often per client (a write per request would cost).
LAST_USED_PRECISION = 300


def api_client_of(request) -> ApiClient | None:
    """The API client of this request, or None (a logged-in employee, or nobody)."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiClient) else None


class ApiClientUser:
    """``request.user`` for a system: authenticated, with no role, no permissions, no staff.

    What it may do is decided by the client's scopes and sources, never by a role.
    """

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    role = ""
    pk = None
    id = None

    def __init__(self, client: ApiClient) -> None:
        self.client = client
        self.username = f"api:{client.name}"

    def __str__(self) -> str:
        return self.username

    def get_username(self) -> str:
        return self.username

    def has_perm(self, perm, obj=None) -> bool:
        return False

    def has_perms(self, perms, obj=None) -> bool:
        return False

    def has_module_perms(self, app_label) -> bool:
        return False


# --- counting ---------------------------------------------------------------------------------


class Window:
    """A count per key in fixed windows of ``duration`` seconds, in the "shared" cache.

    The address or client id goes into the key as a keyed hash (``SECRET_KEY``): the cache
    holds no addresses, and the short space of addresses cannot be tried against it.
    """

    def __init__(self, name: str, ident: str, rate: str) -> None:
        count, _slash, period = rate.partition("/")
        self.limit = int(count)
        self.duration = {"s": 1, "m": 60, "h": 3600, "d": 86400}[period.strip()[0]]
        self.now = time.time()
        self.index = int(self.now // self.duration)
        digest = salted_hmac("dienstverlening.api.rate", ident, algorithm="sha256").hexdigest()[:32]
        self.base = f"api:{name}:{digest}"
        # The key ``window_count`` counts under for this window.
        self.key = f"{self.base}:{self.duration}:{self.index}"
        self.cache = caches[SHARED]

    @property
    def wait(self) -> int:
        """Seconds until this window ends (at least 1)."""
        return max(1, math.ceil((self.index + 1) * self.duration - self.now))

    def count(self) -> int:
        return int(self.cache.get(self.key, 0))

    def add(self) -> int:
        """Count one more, atomically (two requests at the same moment count as two); returns
        the new count."""
        return window_count(self.base, self.duration)


def _rate(name: str) -> str:
    rates = cast("dict[str, str]", settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"])
    return rates[name]


class AuthFailuresThrottled(exceptions.Throttled):
    """429 for an address that sent too many unknown tokens (``reason`` goes into the detail)."""

    reason = gettext_lazy("Te veel mislukte pogingen met een token vanaf dit adres.")


def _failures(request) -> Window:
    return Window("auth-failures", client_address(request), _rate("auth_failure"))


# --- authentication ---------------------------------------------------------------------------


class ApiClientAuthentication(BaseAuthentication):
    """``Authorization: Bearer <token>`` (or the older ``Token <token>``) of an API client."""

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        failures = _failures(request)
        if failures.count() >= failures.limit:
            raise AuthFailuresThrottled(wait=failures.wait)
        if len(parts) != 2:
            failures.add()
            raise exceptions.AuthenticationFailed(
                _("Zet precies één token achter 'Bearer', zonder spaties erin.")
            )
        try:
            token = parts[1].decode("ascii")
        except UnicodeDecodeError:
            token = ""
        client = ApiClient.objects.filter(token_hash=token_hash(token)).first() if token else None
        if client is None:
            failures.add()
            raise exceptions.AuthenticationFailed(_("Dit token kennen we niet."))
        if not client.is_active:
            raise exceptions.AuthenticationFailed(
                _("Dit token is ingetrokken. Vraag de functioneel beheerder om een nieuw token.")
            )
        now = timezone.now()
        if client.expires_at <= now:
            raise exceptions.AuthenticationFailed(
                _(
                    "Dit token is verlopen op %(date)s. Vraag de functioneel beheerder om een "
                    "nieuw token."
                )
                % {"date": timezone.localtime(client.expires_at).strftime("%d-%m-%Y")}
            )
        if (
            client.last_used_at is None
            or (now - client.last_used_at).total_seconds() >= LAST_USED_PRECISION
        ):
            ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
            client.last_used_at = now
        return ApiClientUser(client), client

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class ApiClientScheme(OpenApiAuthenticationExtension):
    """The security scheme in the OpenAPI schema."""

    target_class = "dienstverlening.core.api_clients.ApiClientAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(
                gettext_lazy(
                    "Een token van een API-koppeling: 'Authorization: Bearer dv_…' (het oudere "
                    "'Token …' werkt ook). De functioneel beheerder maakt de koppeling en ziet het "
                    "token één keer. Een token verloopt (standaard na een jaar), geeft alleen "
                    "toegang tot wat de koppeling mag (afhandeling, uitnodigingen, kengetallen) "
                    "en bij afhandeling alleen tot de eigen bronnen; items van andere bronnen "
                    "geven 404. Te veel aanvragen of mislukte pogingen geven 429 met "
                    "Retry-After."
                )
            ),
        }


# --- permission -------------------------------------------------------------------------------


class ApiAccess(BasePermission):
    """A client needs the view's ``required_scope``; a logged-in employee (session) may use a
    view only when it says ``session_allowed = True``. Nothing else gets in."""

    message: str | StrPromise = gettext_lazy("Geen toegang.")

    def has_permission(self, request, view) -> bool:
        client = api_client_of(request)
        if client is not None:
            scope = getattr(view, "required_scope", None)
            if scope and client.has_scope(scope):
                return True
            self.message = _("Deze koppeling mag dit niet. Vraag de functioneel beheerder.")
            return False
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        if getattr(view, "session_allowed", False):
            return True
        self.message = _("Dit kan alleen een systeem met een token, niet een ingelogde gebruiker.")
        return False


# --- rate limits ------------------------------------------------------------------------------


class ApiRateThrottle(BaseThrottle):
    """Requests per API client ("client"), per logged-in employee ("user") or, without
    credentials, per address ("anon"), as set in ``DEFAULT_THROTTLE_RATES``."""

    def allow_request(self, request, view) -> bool:
        client = api_client_of(request)
        if client is not None:
            window = Window("client", str(client.pk), _rate("client"))
        elif request.user and request.user.is_authenticated:
            window = Window("user", str(request.user.pk), _rate("user"))
        else:
            window = Window("anon", client_address(request), _rate("anon"))
        self.window = window
        return window.add() <= window.limit

    def wait(self) -> int:
        return self.window.wait
