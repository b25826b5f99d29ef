"""The one place that decides which pages a person is shown: in the menu and on the start page.

Show each person what they can open, and nothing they would be refused. The pages themselves
still check access (each app's ``access`` module); this only keeps the way there honest.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .access import is_administrator, is_framework_owner, is_signed_in


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    description: str | Promise = ""
    in_menu: bool = True
    on_start_page: bool = True

    @property
    def url(self) -> str:
        return reverse(self.url_name)


HOME = NavItem(_("Start"), "home", on_start_page=False)
FRAMEWORK = NavItem(
    _("Ons dienstverleningskader"),
    "framework",
    _("Onze kernwaarden, de acht stellingen en de afspraken die voor iedereen gelden."),
)
DIRECTORY = NavItem(
    _("Wie doet wat"),
    "directory",
    _("Zoek welk team een dienst of vraag oppakt en hoe u dat team bereikt."),
)
TEAMS = NavItem(
    _("Teams"), "team-list", _("Alle teams per domein, met hun normen, afspraken en diensten.")
)
DASHBOARD = NavItem(
    _("Dashboard"),
    "dashboard",
    _("Hoe inwoners onze dienstverlening ervaren en hoe snel we werken, met trends."),
)
SURVEYS = NavItem(
    _("Metingen"),
    "survey-index",
    _("De vragenlijst, de lopende metingen en hoeveel inwoners hebben gereageerd."),
)
OPEN_WORK = NavItem(
    _("Openstaand werk"),
    "handling-index",
    _("Terugbelverzoeken, e-mails en aanvragen die nog openstaan, per team en tegen de norm."),
)
FRAMEWORK_MANAGE = NavItem(
    _("Kader beheren"),
    "framework-manage",
    _("Stellingen, organisatiebrede normen, werkafspraken en focusperiodes aanpassen."),
    in_menu=False,
)
ADMIN = NavItem(
    _("Beheer"),
    "admin:index",
    _("Gebruikers en rollen, teams en diensten, teammailboxen, importbronnen en sluitingsdagen."),
)
LOGIN = NavItem(
    _("Inloggen"),
    "login",
    _("Voor medewerkers: het dashboard, de metingen, openstaand werk en wie wat doet."),
    in_menu=False,
)


def nav_items(user) -> list[NavItem]:
    """Everything ``user`` may open, in menu order. Anonymous visitors get the public pages."""
    if not is_signed_in(user):
        return [HOME, FRAMEWORK, TEAMS, LOGIN]
    items = [HOME, FRAMEWORK, DIRECTORY, TEAMS, DASHBOARD, SURVEYS, OPEN_WORK]
    if is_framework_owner(user):
        items.append(FRAMEWORK_MANAGE)
    if is_administrator(user):
        items.append(ADMIN)
    return items


def menu_items(user) -> list[NavItem]:
    return [item for item in nav_items(user) if item.in_menu]


def start_page_items(user) -> list[NavItem]:
    return [item for item in nav_items(user) if item.on_start_page]
