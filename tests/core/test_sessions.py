"""A session lasts a working day of inactivity, not two weeks; working keeps it alive."""

import datetime

import pytest
from django.urls import reverse

from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "een-goed-wachtwoord"


@pytest.fixture
def signed_in(client):
    UserFactory(username="anna", password=PASSWORD)
    response = client.post(reverse("login"), {"username": "anna", "password": PASSWORD})
    assert response.status_code == 302
    return client


def is_signed_in(client) -> bool:
    return client.get(reverse("directory")).status_code == 200


def test_a_session_idle_longer_than_a_working_day_is_logged_out(signed_in, clock, settings):
    assert settings.SESSION_COOKIE_AGE == 9 * 3600
    clock.shift(datetime.timedelta(hours=9, minutes=1))
    assert not is_signed_in(signed_in)
    assert signed_in.get(reverse("directory")).url.startswith(reverse("login"))


def test_a_session_idle_for_less_than_that_stays(signed_in, clock):
    clock.shift(datetime.timedelta(hours=8, minutes=50))
    assert is_signed_in(signed_in)


def test_working_keeps_the_session_alive_past_the_working_day(signed_in, clock):
    # A click every two hours, from 10:00 until the next morning.
    for _ in range(12):
        clock.shift(datetime.timedelta(hours=2))
        assert is_signed_in(signed_in)


def test_the_idle_time_counts_from_the_last_click(signed_in, clock):
    clock.shift(datetime.timedelta(hours=6))
    assert is_signed_in(signed_in)
    clock.shift(datetime.timedelta(hours=8, minutes=50))  # 14:50 after log-in, 8:50 idle
    assert is_signed_in(signed_in)
    clock.shift(datetime.timedelta(hours=9, minutes=1))
    assert not is_signed_in(signed_in)


def test_the_browser_cookie_expires_with_the_session(signed_in, clock):
    clock.shift(datetime.timedelta(hours=1))
    response = signed_in.get(reverse("directory"))
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == 9 * 3600


def test_visitors_without_a_session_get_none(client):
    """Residents on the public pages are not given a session (nothing stored about them)."""
    response = client.get(reverse("framework"))
    assert "sessionid" not in response.cookies
