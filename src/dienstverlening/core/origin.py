"""Cross-site request protection without a cookie, for forms anyone may send (no log-in).

Django's CSRF check needs a cookie: a browser that keeps none can never send the form. A form
without a log-in has no session to abuse, so what must be refused is only a post that a page of
another website makes the visitor's browser send. Browsers say where a request comes from:
``Sec-Fetch-Site`` (all current browsers) and ``Origin`` (on every cross-origin POST for years).
A request carrying neither does not come from a current browser's cross-site form, and a
script can send anything it likes anyway, so it is allowed. The same algorithm as Go's
``net/http.CrossOriginProtection``; ``CSRF_TRUSTED_ORIGINS`` is honoured as by Django.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.utils.http import is_same_domain

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


def _trusted(origin: str) -> bool:
    if origin in settings.CSRF_TRUSTED_ORIGINS:
        return True
    parts = urlsplit(origin)
    return any(
        "*" in trusted
        and urlsplit(trusted).scheme == parts.scheme
        # "https://*.example.nl": any subdomain, as Django's CSRF check reads it.
        and is_same_domain(parts.netloc, urlsplit(trusted).netloc.lstrip("*"))
        for trusted in settings.CSRF_TRUSTED_ORIGINS
    )


def is_cross_origin(request: HttpRequest) -> bool:
    """True when a browser sent this unsafe request from a page of another website."""
    if request.method in SAFE_METHODS:
        return False
    origin = request.headers.get("Origin")
    if origin and origin != "null" and _trusted(origin):
        return False
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site not in ("same-origin", "none")
    if origin is None:
        return False
    own = "{}://{}".format("https" if request.is_secure() else "http", request.get_host())
    return origin != own
