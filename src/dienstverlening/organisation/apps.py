from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "dienstverlening.organisation"
    label = "organisation"
    verbose_name = _("Organisatie")

    def ready(self) -> None:
        from dienstverlening.core.navigation import nav_register

        from . import navigation

        nav_register(*navigation.ITEMS)
