"""API throttles that count per client address as ``core.net.client_address`` decides it.

Django REST framework's own throttles identify an anonymous client by the whole
``X-Forwarded-For`` header when no ``NUM_PROXIES`` is set: a client that sends a different
header with every request is never throttled. These use the trusted-proxy rule of
``DV_TRUSTED_PROXIES`` instead. Use them in place of DRF's classes (same names, same scopes).
"""

from __future__ import annotations

from rest_framework import throttling

from .net import client_address


class ClientAddressMixin:
    def get_ident(self, request) -> str:
        return client_address(request)


class AnonRateThrottle(ClientAddressMixin, throttling.AnonRateThrottle):
    """Anonymous requests per client address (rate ``anon``)."""


class UserRateThrottle(ClientAddressMixin, throttling.UserRateThrottle):
    """Per user; anonymous requests per client address (rate ``user``)."""


class ScopedRateThrottle(ClientAddressMixin, throttling.ScopedRateThrottle):
    """Per user and view scope (``throttle_scope``); anonymous per client address."""
