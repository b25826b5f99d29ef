"""System check for production (`dienstverlening check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def twofactor_required_check(app_configs, **kwargs) -> list[Warning]:
    """Two-factor authentication for beheerder and coördinator is on in production."""
    if settings.DV_2FA_REQUIRED:
        return []
    return [
        Warning(
            "DV_2FA_REQUIRED staat uit: functioneel beheerders en coördinatoren loggen dan in "
            "met alleen een wachtwoord, ook in /beheer/.",
            hint="Haal DV_2FA_REQUIRED weg of zet het op 1. Uit is alleen voor de demo.",
            id="core.W002",
        )
    ]
