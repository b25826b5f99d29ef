from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandlingConfig(AppConfig):
    name = "dienstverlening.handling"
    label = "handling"
    verbose_name = _("Afhandeling")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
