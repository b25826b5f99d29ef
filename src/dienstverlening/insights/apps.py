from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "dienstverlening.insights"
    label = "insights"
    verbose_name = _("Inzicht")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
        from .figure_cache import connect_signals

        connect_signals()
