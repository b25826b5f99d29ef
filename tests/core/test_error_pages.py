"""Error pages in Dutch, in the site's layout, saying what happened and what to do next."""

import pytest
from django.conf import settings
from django.db import OperationalError, connections
from django.test import Client
from django.urls import reverse

from tests.conftest import logged_in


def assert_site_page(response, status: int, heading: str) -> str:
    assert response.status_code == status
    page = response.content.decode()
    assert '<html lang="nl">' in page
    assert 'class="dv-header"' in page and "Naar de inhoud" in page
    assert heading in page
    assert f'href="{reverse("home")}"' in page
    return page


@pytest.mark.django_db
def test_404_says_the_page_does_not_exist_and_where_to_go(client):
    response = client.get("/bestaat-niet/", HTTP_ACCEPT_LANGUAGE="en")
    page = assert_site_page(response, 404, "Deze pagina bestaat niet")
    assert reverse("framework") in page
    assert "Not Found" not in page


@pytest.mark.django_db
def test_403_says_what_the_role_does_not_allow_and_whom_to_ask(client, employee):
    response = logged_in(client, employee).get(reverse("framework-manage"))
    page = assert_site_page(response, 403, "U mag deze pagina niet openen")
    assert "functioneel beheerder" in page
    assert "403 Forbidden" not in page


@pytest.mark.django_db
def test_400_is_dutch(client):
    response = client.get(reverse("framework"), HTTP_HOST="onbekend.example")
    assert_site_page(response, 400, "Dit verzoek kunnen we niet verwerken")


@pytest.mark.django_db
def test_expired_form_explains_how_to_try_again():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "anna", "password": "geheim"})
    page = assert_site_page(response, 403, "Dit formulier is verlopen")
    assert "opnieuw" in page
    assert "CSRF verification failed" not in page


@pytest.fixture
def database_down(django_db_blocker, monkeypatch):
    """Every query fails the way it does when the database server is gone."""

    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    with django_db_blocker.unblock():
        monkeypatch.setattr(connections["default"], "ensure_connection", refuse)
        yield


@pytest.mark.urls("tests.core.urls_broken")
def test_500_page_is_dutch_and_renders_without_the_database(client, database_down):
    client.raise_request_exception = False
    client.cookies[settings.SESSION_COOKIE_NAME] = "een-sessie-die-niemand-mag-lezen"
    response = client.get("/kapot/")
    page = assert_site_page(response, 500, "Er ging iets mis")
    assert "probeer het" in page.lower()
    assert "Server Error" not in page
