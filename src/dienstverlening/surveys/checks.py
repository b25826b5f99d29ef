"""System checks for production (`dienstverlening check --deploy`)."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register


def _is_local(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified or address.is_link_local


@register(Tags.security, deploy=True)
def public_url_check(app_configs, **kwargs) -> list[Error]:
    """Invitation mails and QR codes must lead residents to the public https address."""
    url = settings.SURVEYS_PUBLIC_URL
    parts = urlsplit(url)
    if not parts.hostname or _is_local(parts.hostname):
        return [
            Error(
                f"SURVEYS_PUBLIC_URL is {url!r}: dat adres werkt alleen op deze computer. "
                "Uitnodigingen en QR-codes wijzen dan niet naar de website.",
                hint="Zet SURVEYS_PUBLIC_URL op het openbare adres, "
                "bijvoorbeeld https://dienstverlening.woerden.nl.",
                id="surveys.E001",
            )
        ]
    if parts.scheme != "https":
        return [
            Error(
                f"SURVEYS_PUBLIC_URL is {url!r}: dat adres gebruikt geen https. "
                "Antwoorden van inwoners gaan dan onversleuteld over het internet.",
                hint="Gebruik een adres dat met https:// begint.",
                id="surveys.E002",
            )
        ]
    return []
