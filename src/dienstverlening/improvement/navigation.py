"""The improvement cycle's pages: one "Verbeteren" page in the menu and on the start page, with
the cycle's pages on it (``PAGES``); signals also on the start page, because everyone passes
them on. Registered by ``core.apps``; who sees what is ``core.navigation.may_see``."""

from django.utils.translation import gettext_lazy as _

from dienstverlening.core.navigation import Audience, NavItem

HUB = NavItem(
    _("Verbeteren"),
    "improvement",
    _("Waar we beginnen, signalen en signaleringen, verbetertrajecten en teamplannen."),
    order=450,
)
SIGNALS = NavItem(
    _("Signalen"),
    "improvement-signals",
    _(
        "Geef door wat u opvalt in onze dienstverlening. Zie de antwoorden op uw signalen en "
        "handel de signalen van uw team af."
    ),
    in_menu=False,
    order=451,
)


def _page(label, url_name, description, order, audience=Audience.EMPLOYEE) -> NavItem:
    return NavItem(
        label,
        url_name,
        description,
        in_menu=False,
        on_start_page=False,
        order=order,
        audience=audience,
    )


# The cycle in its order: see where to start, hear it, improve, plan; then the background.
PAGES = [
    _page(
        _("Waar beginnen"),
        "improvement-where",
        _("Welke diensten het meest opleveren als we ze verbeteren, met de reden in één zin."),
        452,
    ),
    _page(
        _("Signaleringen"),
        "improvement-alerts",
        _("Wat de nachtelijke controle vond in de cijfers van uw team."),
        453,
    ),
    _page(
        _("Verbetertrajecten"),
        "improvement-tracks",
        _(
            "Trajecten van uw teams met inwonersreis, acties en het effect, en alle afgeronde "
            "trajecten."
        ),
        454,
    ),
    _page(
        _("Goede voorbeelden"),
        "improvement-good-examples",
        _("Afgeronde trajecten die echt iets verbeterden, en wat de teams ervan leerden."),
        455,
    ),
    _page(
        _("Teamplannen"),
        "improvement-plans",
        _("Wat elk team dit jaar belooft voor goede dienstverlening: normen, afspraken, acties."),
        456,
    ),
    _page(
        _("Implementatieplan"),
        "improvement-implementation",
        _("De acties uit het advies 'Dienstverlening in ons DNA' en hoe ver we ermee zijn."),
        457,
    ),
    _page(
        _("Methode inwonersreis"),
        "improvement-method",
        _(
            "Hoe we een inwonersreis maken: de vaste stappen en de gereedschapskist voor "
            "begeleiders."
        ),
        458,
    ),
    _page(
        _("Mijn team"),
        "improvement-my-team",
        _("Kies uw team en zie de complimenten die inwoners over uw team gaven."),
        459,
    ),
    _page(
        _("Regels voor signaleringen"),
        "improvement-alert-rules",
        _("Wanneer een team een signalering krijgt: drempels, dalingen en normen."),
        460,
        Audience.FRAMEWORK_OWNER,
    ),
]
ITEMS = [HUB, SIGNALS, *PAGES]
