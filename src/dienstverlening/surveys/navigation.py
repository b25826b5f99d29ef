"""The survey pages in the menu and on the start page (registered by ``core.apps``)."""

from django.utils.translation import gettext_lazy as _

from dienstverlening.core.navigation import NavItem

SURVEYS = NavItem(
    _("Metingen"),
    "survey-index",
    _("De vragenlijst, de lopende metingen en hoeveel inwoners hebben gereageerd."),
    order=500,
)
ITEMS = [SURVEYS]
