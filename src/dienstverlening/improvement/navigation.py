"""The improvement cycle's pages in the menu and on the start page (registered by ``core.apps``)."""

from django.utils.translation import gettext_lazy as _

from dienstverlening.core.navigation import Audience, NavItem

ITEMS: list = []

# --- where to start and alerts
ITEMS += [
    NavItem(
        _("Waar beginnen"),
        "improvement-where",
        _("Welke diensten het meest opleveren als we ze verbeteren, met de reden in één zin."),
        order=450,
    ),
    NavItem(
        _("Signaleringen"),
        "improvement-alerts",
        _("Wat de nachtelijke controle vond in de cijfers van uw team."),
        order=460,
    ),
    NavItem(
        _("Regels voor signaleringen"),
        "improvement-alert-rules",
        _("Wanneer een team een signalering krijgt: drempels, dalingen en normen."),
        in_menu=False,
        order=461,
        audience=Audience.FRAMEWORK_OWNER,
    ),
    NavItem(
        _("Mijn team"),
        "improvement-my-team",
        _("Kies uw team en zie de complimenten die inwoners over uw team gaven."),
        in_menu=False,
        order=470,
    ),
]
