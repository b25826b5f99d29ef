"""The improvement cycle's pages in the menu and on the start page (registered by ``core.apps``)."""

from django.utils.translation import gettext_lazy as _

from dienstverlening.core.navigation import NavItem

ITEMS: list = []

from django.utils.translation import gettext_lazy as _  # noqa: E402

from dienstverlening.core.navigation import NavItem  # noqa: E402

TEAM_PLANS = NavItem(
    _("Teamplannen"),
    "improvement-plans",
    _("Wat elk team dit jaar belooft voor goede dienstverlening: normen, afspraken, acties."),
    order=730,
)
IMPLEMENTATION_PLAN = NavItem(
    _("Implementatieplan"),
    "improvement-implementation",
    _("De acties uit het advies 'Dienstverlening in ons DNA' en hoe ver we ermee zijn."),
    order=740,
)
ITEMS += [TEAM_PLANS, IMPLEMENTATION_PLAN]

# --- improvement tracks, good examples and the journey method ---------------------------------

from django.utils.translation import gettext_lazy as _  # noqa: E402

from dienstverlening.core.navigation import NavItem  # noqa: E402

ITEMS += [
    NavItem(
        _("Verbetertrajecten"),
        "improvement-tracks",
        _(
            "Trajecten van uw teams met inwonersreis, acties en het effect, en alle afgeronde "
            "trajecten."
        ),
        order=700,
    ),
    NavItem(
        _("Goede voorbeelden"),
        "improvement-good-examples",
        _("Afgeronde trajecten die echt iets verbeterden, en wat de teams ervan leerden."),
        in_menu=False,
        order=710,
    ),
    NavItem(
        _("Methode inwonersreis"),
        "improvement-method",
        _(
            "Hoe we een inwonersreis maken: de vaste stappen en de gereedschapskist voor "
            "begeleiders."
        ),
        in_menu=False,
        order=720,
    ),
]

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
