"""System checks for production (`dienstverlening check --deploy`)."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


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


def _days(code: str) -> int | None:
    """The period of retention rule ``code`` in days (a year as 365), or None when it cannot be
    read (``core.E003`` reports that)."""
    from django.core.exceptions import ImproperlyConfigured

    from dienstverlening.core.retention import rule_get

    rule = rule_get(code)
    if rule is None:
        return None
    try:
        period = rule.period()
    except ImproperlyConfigured:
        return None
    return period.amount * 365 if period.years else period.amount


@register()
def invitation_retention_check(app_configs, **kwargs) -> list[Warning]:
    """The purge must not wipe an address before the reminder, nor a hash within the months in
    which the same person is not invited again."""
    problems = []
    addresses = _days("invitation_addresses")
    if addresses is not None and addresses <= settings.SURVEYS_REMINDER_DAYS:
        problems.append(
            Warning(
                f"DV_RETENTION_INVITATION_ADDRESSES ({addresses} dagen) is niet langer dan "
                f"SURVEYS_REMINDER_DAYS ({settings.SURVEYS_REMINDER_DAYS}): de herinnering gaat "
                "dan nooit meer uit, want het adres is al gewist.",
                hint="Maak de bewaartermijn een week langer dan SURVEYS_REMINDER_DAYS.",
                id="surveys.W001",
            )
        )
    hashes = _days("invitation_hashes")
    if hashes is not None and hashes < settings.SURVEYS_REINVITE_MONTHS * 31:
        problems.append(
            Warning(
                f"DV_RETENTION_INVITATION_HASHES ({hashes} dagen) is korter dan "
                f"SURVEYS_REINVITE_MONTHS ({settings.SURVEYS_REINVITE_MONTHS} maanden): "
                "iemand kan dan binnen die maanden opnieuw worden uitgenodigd.",
                hint="Maak de bewaartermijn minstens zo lang als SURVEYS_REINVITE_MONTHS.",
                id="surveys.W002",
            )
        )
    return problems
