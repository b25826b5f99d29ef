"""System checks: settings that would only fail later — at a sign-in, or in the night's purge —
caught at start-up."""

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register
from django.core.exceptions import ImproperlyConfigured

from .oidc import oidc_enabled, role_named
from .retention import registered_rules, rule_get


@register()
def sign_in_check(app_configs, **kwargs) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    for group, name in settings.DV_OIDC_ROLE_GROUPS.items():
        if role_named(name) is None:
            messages.append(
                Error(
                    f"DV_OIDC_ROLE_GROUPS: {name!r} (bij groep {group!r}) is geen rol.",
                    hint="Kies uit medewerker, teammanager, coordinator, directie, beheerder.",
                    id="core.E001",
                )
            )
    if settings.OIDC_RP_CLIENT_ID and not oidc_enabled():
        messages.append(
            Error(
                "DV_OIDC_CLIENT_ID is gezet, maar de inlogdienst niet.",
                hint=(
                    "Zet DV_OIDC_DISCOVERY_URL, of DV_OIDC_AUTHORIZATION_ENDPOINT, "
                    "DV_OIDC_TOKEN_ENDPOINT en DV_OIDC_JWKS_ENDPOINT (docs/operations.md)."
                ),
                id="core.E002",
            )
        )
    if not settings.DV_LOCAL_LOGIN and not oidc_enabled():
        messages.append(
            Warning(
                "DV_LOCAL_LOGIN staat uit en inloggen met een werkaccount is niet ingesteld: "
                "alleen een superuser kan nog inloggen (op /beheer/login/).",
                id="core.W001",
            )
        )
    return messages


@register()
def retention_check(app_configs, **kwargs) -> list[Error | Warning]:
    """Every retention period can be read, and every DV_RETENTION_* names a rule."""
    problems: list[Error | Warning] = []
    for rule in registered_rules():
        try:
            rule.period()
        except ImproperlyConfigured as error:
            problems.append(Error(str(error), id="core.E003"))
    for code in sorted(settings.DV_RETENTION):
        if rule_get(code) is None:
            problems.append(
                Warning(
                    f"DV_RETENTION_{code.upper()}: er is geen bewaarregel '{code}'; deze "
                    "instelling doet niets.",
                    hint="Kies uit: "
                    + ", ".join(f"DV_RETENTION_{r.code.upper()}" for r in registered_rules()),
                    id="core.W003",
                )
            )
    return problems
