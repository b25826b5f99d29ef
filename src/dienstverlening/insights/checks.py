"""System checks of the figures' settings (run by every management command and `check`)."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def min_group_size_check(app_configs, **kwargs) -> list[Error]:
    """Below one nothing is ever hidden, and a group of nobody would be divided by."""
    size = settings.DV_MIN_GROUP_SIZE
    if size >= 1:
        return []
    return [
        Error(
            f"DV_MIN_GROUP_SIZE is {size}: dan wordt geen enkele kleine groep verborgen, ook niet "
            "de antwoorden van één inwoner.",
            hint="Zet DV_MIN_GROUP_SIZE op minstens 1; de standaard is 10.",
            id="insights.E001",
        )
    ]
