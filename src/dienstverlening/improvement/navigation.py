"""The improvement cycle's pages in the menu and on the start page (registered by ``core.apps``)."""

from django.utils.translation import gettext_lazy as _

from dienstverlening.core.navigation import NavItem

ITEMS: list = []

SIGNALS = NavItem(
    _("Signalen"),
    "improvement-signals",
    _(
        "Geef door wat u opvalt in onze dienstverlening. Zie de antwoorden op uw signalen en "
        "handel de signalen van uw team af."
    ),
    order=650,
)
ITEMS += [SIGNALS]
