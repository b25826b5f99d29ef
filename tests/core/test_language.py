"""Dutch for everyone; English only for whoever picks it with the language switch."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_browser_set_to_english_still_gets_dutch(client):
    response = client.get(reverse("framework"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    page = response.content.decode()
    assert '<html lang="nl">' in page
    assert 'aria-label="Hoofdmenu"' in page
    assert response.headers["Content-Language"] == "nl"


def test_the_admin_log_in_is_dutch_for_an_english_browser(client):
    response = client.get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Gebruikersnaam" in response.content.decode()


def test_choosing_english_is_remembered_and_beats_the_browser(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("framework")}
    )
    assert response.status_code == 302
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert int(cookie["max-age"]) >= 365 * 24 * 3600

    page = client.get(reverse("framework"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert '<html lang="en">' in page
    assert 'aria-label="Main menu"' in page


def test_choosing_dutch_again_switches_back(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.post(reverse("set_language"), {"language": "nl", "next": "/"})
    page = client.get(reverse("framework"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="nl">' in page


def test_an_unknown_language_in_the_cookie_falls_back_to_dutch(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    page = client.get(reverse("framework"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="nl">' in page
