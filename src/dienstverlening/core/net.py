"""The address of whoever sent a request: the one place that decides it (``client_address``).

Behind the reverse proxy of docs/operations.md every request arrives from the proxy, so
``REMOTE_ADDR`` is the proxy's address for every resident and every employee alike. The proxy
appends the address it saw to ``X-Forwarded-For``. That header is believed only when the request
comes from a trusted proxy (``DV_TRUSTED_PROXIES``), and then read from the right: the first hop
that is not itself a trusted proxy is the client. Hops further left were written by the client
and may be anything, so they never count.

Used by the public form's rate limit, the log-in throttling (``AXES_CLIENT_IP_CALLABLE``) and the
API throttles (``core.throttling``).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def networks_parse(values: list[str] | tuple[str, ...]) -> tuple[IPNetwork, ...]:
    """``["10.0.0.2", "172.16.0.0/12"]`` as networks; ``ValueError`` names a bad value."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise ValueError(
                f"{value!r} is geen IP-adres of netwerk (zoals 10.0.0.2 of 10.0.0.0/24)."
            ) from None
    return tuple(networks)


@lru_cache(maxsize=8)
def _trusted(values: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return networks_parse(values)


def _address(value: str) -> IPAddress | None:
    """An address as a proxy writes it: ``192.0.2.1``, ``192.0.2.1:5678``, ``2001:db8::1``,
    ``[2001:db8::1]:443``; IPv4 mapped into IPv6 (``::ffff:192.0.2.1``) as IPv4."""
    value = value.strip()
    if value.startswith("["):
        value = value[1 : value.find("]")] if "]" in value else ""
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address: IPAddress, trusted: tuple[IPNetwork, ...]) -> bool:
    return any(address in network for network in trusted)


def client_address(request: HttpRequest) -> str:
    """The client's IP address as text, e.g. ``"198.51.100.7"``.

    ``REMOTE_ADDR`` unless that is a trusted proxy; then the rightmost hop of
    ``X-Forwarded-For`` that is not a trusted proxy. A hop that is no address ends the walk at
    the last trusted proxy: rather one count for the proxy than a count the client controls.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted = _trusted(tuple(settings.DV_TRUSTED_PROXIES))
    current = _address(remote)
    if current is None or not trusted or not _is_trusted(current, trusted):
        return str(current) if current is not None else remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed(forwarded.split(",")):
        address = _address(hop)
        if address is None:
            break
        current = address
        if not _is_trusted(address, trusted):
            break
    return str(current)
