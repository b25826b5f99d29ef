"""Open work in the menu and on the start page (registered by ``core.apps``)."""

from django.utils.translation import gettext_lazy as _

from dienstverlening.core.navigation import NavItem

OPEN_WORK = NavItem(
    _("Openstaand werk"),
    "handling-index",
    _("Terugbelverzoeken, e-mails en aanvragen die nog openstaan, per team en tegen de norm."),
    order=600,
)
ITEMS = [OPEN_WORK]
