"""The organisation's pages in the menu and on the start page (registered by ``core.apps``)."""

from django.utils.translation import gettext_lazy as _

from dienstverlening.core.navigation import Audience, NavItem

DIRECTORY = NavItem(
    _("Wie doet wat"),
    "directory",
    _("Zoek welk team een dienst of vraag oppakt en hoe u dat team bereikt."),
    order=200,
)
TEAMS = NavItem(
    _("Teams"),
    "team-list",
    _("Alle teams per domein, met hun normen, afspraken en diensten."),
    order=300,
    audience=Audience.EVERYONE,
)
ITEMS = [DIRECTORY, TEAMS]
