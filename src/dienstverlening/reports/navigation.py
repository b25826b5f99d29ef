"""Reports in the menu and on the start page (registered by ``core.apps``)."""

from django.utils.translation import gettext_lazy as _

from dienstverlening.core.navigation import NavItem

REPORTS = NavItem(
    _("Rapportages"),
    "reports",
    _("Rapportages voor de organisatie, het college en de raad, als PDF en Word."),
    order=470,
)
ITEMS = [REPORTS]
