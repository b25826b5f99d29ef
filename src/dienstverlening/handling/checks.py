"""System checks: settings the register needs, caught at start-up rather than during an import."""

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from dienstverlening.core.workdays import office_hours


@register()
def office_hours_check(app_configs, **kwargs) -> list[Error]:
    try:
        office_hours()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="handling.E001")]
    return []
