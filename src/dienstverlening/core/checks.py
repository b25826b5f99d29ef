"""System checks: settings core needs, caught at start-up rather than in the night's purge."""

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.core.exceptions import ImproperlyConfigured

from .retention import registered_rules, rule_get


@register()
def retention_check(app_configs, **kwargs) -> list[Error | Warning]:
    """Every retention period can be read, and every DV_RETENTION_* names a rule."""
    problems: list[Error | Warning] = []
    for rule in registered_rules():
        try:
            rule.period()
        except ImproperlyConfigured as error:
            problems.append(Error(str(error), id="core.E001"))
    for code in sorted(settings.DV_RETENTION):
        if rule_get(code) is None:
            problems.append(
                Warning(
                    f"DV_RETENTION_{code.upper()}: er is geen bewaarregel '{code}'; deze "
                    "instelling doet niets.",
                    hint="Kies uit: "
                    + ", ".join(f"DV_RETENTION_{r.code.upper()}" for r in registered_rules()),
                    id="core.W001",
                )
            )
    return problems
