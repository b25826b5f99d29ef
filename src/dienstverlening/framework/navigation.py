"""The framework's pages in the menu and on the start page (registered by ``core.apps``)."""

from django.utils.translation import gettext_lazy as _

from dienstverlening.core.navigation import Audience, NavItem

HOME = NavItem(
    _("Start"), "home", on_start_page=False, order=0, audience=Audience.EVERYONE, is_home=True
)
FRAMEWORK = NavItem(
    _("Ons dienstverleningskader"),
    "framework",
    _("Onze kernwaarden, de acht stellingen en de afspraken die voor iedereen gelden."),
    order=100,
    audience=Audience.EVERYONE,
)
FRAMEWORK_MANAGE = NavItem(
    _("Kader beheren"),
    "framework-manage",
    _("Stellingen, organisatiebrede normen, werkafspraken en focusperiodes aanpassen."),
    in_menu=False,
    order=800,
    audience=Audience.FRAMEWORK_OWNER,
)
ITEMS = [HOME, FRAMEWORK, FRAMEWORK_MANAGE]
