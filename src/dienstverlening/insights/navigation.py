"""The dashboard in the menu and on the start page (registered by ``core.apps``)."""

from django.utils.translation import gettext_lazy as _

from dienstverlening.core.navigation import NavItem

DASHBOARD = NavItem(
    _("Dashboard"),
    "dashboard",
    _("Hoe inwoners onze dienstverlening ervaren en hoe snel we werken, met trends."),
    order=400,
)
ITEMS = [DASHBOARD]
