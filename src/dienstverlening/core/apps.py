from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "dienstverlening.core"
    label = "core"
    verbose_name = _("Basis")

    def ready(self) -> None:
        from .navigation import ITEMS, nav_register

        nav_register(*ITEMS)
