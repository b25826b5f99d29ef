"""Menu and start page show each person what they can open, and only that."""

import re

import pytest
from django.urls import reverse

from dienstverlening.core.roles import Role
from tests.conftest import logged_in
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db

PUBLIC = ["/", "/kader/", "/teams/"]
EMPLOYEE = ["/wie-doet-wat/", "/dashboard/", "/verbeteren/", "/rapportages/", "/metingen/"]
EMPLOYEE += ["/openstaand-werk/"]
EMPLOYEE_MENU = ["/", "/kader/", "/wie-doet-wat/", "/teams/", *EMPLOYEE[1:]]


def menu_links(page: str) -> list[str]:
    menu = re.search(r'<nav class="dv-nav".*?</nav>', page, re.DOTALL).group(0)
    return re.findall(r'href="([^"]+)"', menu)


def start_links(page: str) -> list[str]:
    cards = re.search(r'<ul class="dv-grid".*?</ul>', page, re.DOTALL).group(0)
    return re.findall(r'href="([^"]+)"', cards)


def test_anonymous_visitor_sees_only_public_pages_and_can_open_each(client):
    page = client.get(reverse("home")).content.decode()
    assert menu_links(page) == PUBLIC
    for url in menu_links(page) + start_links(page):
        assert client.get(url).status_code == 200, url
    assert reverse("login") in start_links(page)


@pytest.mark.parametrize(
    "role", [Role.EMPLOYEE, Role.TEAM_MANAGER, Role.COORDINATOR, Role.MANAGEMENT]
)
def test_every_employee_sees_dashboard_measurements_and_open_work(client, role):
    user = UserFactory(role=role)
    page = logged_in(client, user).get(reverse("home")).content.decode()
    assert menu_links(page) == EMPLOYEE_MENU
    assert set(EMPLOYEE) <= set(start_links(page))
    assert reverse("admin:index") not in page
    for url in menu_links(page) + start_links(page):
        assert client.get(url).status_code == 200, url


def test_beheerder_also_sees_beheer_and_can_open_it(client):
    user = UserFactory(role=Role.ADMINISTRATOR)
    page = logged_in(client, user).get(reverse("home")).content.decode()
    assert menu_links(page) == [*EMPLOYEE_MENU, reverse("admin:index"), reverse("audit-trail")]
    assert reverse("admin:index") in start_links(page)
    assert reverse("audit-trail") in start_links(page)
    for url in menu_links(page) + start_links(page):
        assert client.get(url).status_code == 200, url


def hub_links(page: str) -> list[str]:
    cards = re.search(r'<ul class="dv-grid".*?</ul>', page, re.DOTALL).group(0)
    return re.findall(r'href="([^"]+)"', cards)


def test_the_improvement_page_lists_the_cycle_and_only_what_each_person_may_open(
    client, employee, coordinator
):
    page = logged_in(client, employee).get(reverse("improvement")).content.decode()
    links = hub_links(page)
    assert links[:3] == [
        "/verbeteren/waar-beginnen/",
        "/verbeteren/signaleringen/",
        "/verbeteren/signalen/",
    ]
    assert reverse("improvement-alert-rules") not in links
    for url in links:
        assert client.get(url).status_code == 200, url
    page = logged_in(client, coordinator).get(reverse("improvement")).content.decode()
    assert reverse("improvement-alert-rules") in hub_links(page)


def test_coordinator_and_teammanager_find_their_own_work_on_the_start_page(
    client, coordinator, manager, team
):
    page = logged_in(client, coordinator).get(reverse("home")).content.decode()
    assert reverse("framework-manage") in start_links(page)
    page = logged_in(client, manager).get(reverse("home")).content.decode()
    assert team.get_absolute_url() in start_links(page)
    assert reverse("framework-manage") not in start_links(page)


def test_current_page_is_marked_in_the_menu(client, employee):
    page = logged_in(client, employee).get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("dashboard")}" aria-current="page"' in page


def test_each_app_registers_its_own_pages_and_the_menu_keeps_their_order():
    from dienstverlening.core import navigation

    names = [item.url_name for item in navigation.registered_items()]
    assert names == [
        "home",
        "framework",
        "directory",
        "team-list",
        "dashboard",
        "improvement",
        "improvement-signals",
        "improvement-where",
        "improvement-alerts",
        "improvement-tracks",
        "improvement-good-examples",
        "improvement-plans",
        "improvement-implementation",
        "improvement-method",
        "improvement-my-team",
        "improvement-alert-rules",
        "reports",
        "survey-index",
        "handling-index",
        "framework-manage",
        "admin:index",
        "audit-trail",
        "login",
    ]
    assert navigation.home_url() == reverse("home")


def test_core_names_no_page_of_the_apps_above_it():
    from pathlib import Path

    import dienstverlening.core as core

    root = Path(core.__file__).parent
    sources = [root / "navigation.py", root / "templates" / "core" / "base.html"]
    app_pages = ["home", "framework", "framework-manage", "directory", "team-list"]
    app_pages += ["dashboard", "survey-index", "handling-index"]
    quoted = [f"{quote}{name}{quote}" for name in app_pages for quote in "'\""]
    for source in sources:
        text = source.read_text()
        assert not [name for name in quoted if name in text], source
