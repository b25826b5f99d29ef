"""The one place that decides which pages a person is shown: in the menu and on the start page.

Show each person what they can open, and nothing they would be refused. The pages themselves
still check access (each app's ``access`` module); this only keeps the way there honest.

Core knows no app above it: each app lists its own items as ``ITEMS`` in its ``navigation.py``,
and ``CoreConfig.ready()`` registers the ``ITEMS`` of every installed app that has one (the way
the admin finds ``admin`` modules). The menu order is the items' ``order``; who sees an item is
its ``audience``, decided in ``may_see``.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .access import is_administrator, is_framework_owner, is_signed_in


class Audience(StrEnum):
    EVERYONE = "everyone"
    ANONYMOUS = "anonymous"  # only visitors who are not logged in (the log-in page)
    EMPLOYEE = "employee"  # everybody logged in
    FRAMEWORK_OWNER = "framework_owner"
    STAFF = "staff"  # the Django admin


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    description: str | Promise = ""
    in_menu: bool = True
    on_start_page: bool = True
    order: int = 0
    audience: Audience = Audience.EMPLOYEE
    is_home: bool = False

    @property
    def url(self) -> str:
        return reverse(self.url_name)


def may_see(user, audience: Audience) -> bool:
    """Whether ``user`` is shown items for ``audience``: the only role logic of the menu."""
    signed_in = is_signed_in(user)
    if audience == Audience.EVERYONE:
        return True
    if audience == Audience.ANONYMOUS:
        return not signed_in
    if not signed_in:
        return False
    if audience == Audience.FRAMEWORK_OWNER:
        return is_framework_owner(user)
    if audience == Audience.STAFF:
        return is_administrator(user)
    return True


_registry: dict[str, NavItem] = {}


def nav_register(*items: NavItem) -> None:
    """Add pages to the menu and start page (``CoreConfig.ready()`` does, for every app).

    Registering the same URL name again replaces the item, so a second ``ready()`` is harmless.
    """
    for item in items:
        _registry[item.url_name] = item


def registered_items() -> list[NavItem]:
    return sorted(_registry.values(), key=lambda item: item.order)


def home_url() -> str:
    """The start page, as the app that owns it registered it (``is_home``); ``/`` without one."""
    for item in registered_items():
        if item.is_home:
            return item.url
    return "/"


ADMIN = NavItem(
    _("Beheer"),
    "admin:index",
    _("Gebruikers en rollen, teams en diensten, teammailboxen, importbronnen en sluitingsdagen."),
    order=900,
    audience=Audience.STAFF,
)
AUDIT_TRAIL = NavItem(
    _("Audittrail"),
    "audit-trail",
    _(
        "Wie wat wanneer heeft gewijzigd: normen, metingen, rollen, koppelingen en andere "
        "instellingen."
    ),
    order=910,
    audience=Audience.STAFF,
)
LOGIN = NavItem(
    _("Inloggen"),
    "login",
    _("Voor medewerkers: het dashboard, de metingen, openstaand werk en wie wat doet."),
    in_menu=False,
    order=1000,
    audience=Audience.ANONYMOUS,
)
ITEMS = [ADMIN, AUDIT_TRAIL, LOGIN]


def nav_items(user) -> list[NavItem]:
    """Everything ``user`` may open, in menu order. Anonymous visitors get the public pages."""
    return [item for item in registered_items() if may_see(user, item.audience)]


def menu_items(user) -> list[NavItem]:
    return [item for item in nav_items(user) if item.in_menu]


def start_page_items(user) -> list[NavItem]:
    return [item for item in nav_items(user) if item.on_start_page]
