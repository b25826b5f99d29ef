"""The improvement cycle's pages in the menu and on the start page (registered by ``core.apps``)."""

ITEMS: list = []

from django.utils.translation import gettext_lazy as _  # noqa: E402

from dienstverlening.core.navigation import NavItem  # noqa: E402

TEAM_PLANS = NavItem(
    _("Teamplannen"),
    "improvement-plans",
    _("Wat elk team dit jaar belooft voor goede dienstverlening: normen, afspraken, acties."),
    order=720,
)
IMPLEMENTATION_PLAN = NavItem(
    _("Implementatieplan"),
    "improvement-implementation",
    _("De acties uit het advies 'Dienstverlening in ons DNA' en hoe ver we ermee zijn."),
    order=730,
)
ITEMS += [TEAM_PLANS, IMPLEMENTATION_PLAN]
