from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworkConfig(AppConfig):
    name = "dienstverlening.framework"
    label = "framework"
    verbose_name = _("Dienstverleningskader")

    def ready(self) -> None:
        from dienstverlening.core.navigation import nav_register

        from . import navigation

        nav_register(*navigation.ITEMS)
