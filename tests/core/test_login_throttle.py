"""Log-in throttling (django-axes): wrong passwords lock a username from one address only.

Nobody can lock a colleague out from elsewhere: the lock holds for the combination of the
username and the client address, also behind the reverse proxy (core.net.client_address), and
on the admin's own log-in page as on the site's.
"""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from dienstverlening.core.roles import Role
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "een-goed-wachtwoord"
PROXY = "10.0.0.2"
ATTACKER = "198.51.100.66"
COLLEAGUE = "203.0.113.40"


@pytest.fixture
def anna(db):
    return UserFactory(username="anna", password=PASSWORD)


@pytest.fixture
def beheerder(db):
    return UserFactory(username="beheer-anna", password=PASSWORD, role=Role.ADMINISTRATOR)


def log_in(client, username, password, *, url=None, remote="127.0.0.1", forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(
        url or reverse("login"), {"username": username, "password": password}, **headers
    )


def fail_until_locked(client, settings, username, **where):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, username, "fout", **where)


def test_a_lock_from_one_address_does_not_block_the_user_elsewhere(client, settings, anna):
    fail_until_locked(client, settings, "anna", remote=ATTACKER)
    assert log_in(client, "anna", PASSWORD, remote=ATTACKER).status_code == 429
    assert log_in(client, "anna", PASSWORD, remote=COLLEAGUE).status_code == 302


def test_behind_the_proxy_a_lock_holds_only_for_the_address_that_caused_it(client, settings, anna):
    settings.DV_TRUSTED_PROXIES = ["10.0.0.0/24"]
    fail_until_locked(client, settings, "anna", remote=PROXY, forwarded=ATTACKER)
    locked = log_in(client, "anna", PASSWORD, remote=PROXY, forwarded=ATTACKER)
    assert locked.status_code == 429
    # Anna herself, through the same proxy, still gets in.
    assert log_in(client, "anna", PASSWORD, remote=PROXY, forwarded=COLLEAGUE).status_code == 302
    # The attempt is recorded under the resident's address, not the proxy's.
    assert AccessAttempt.objects.get().ip_address == ATTACKER


def test_behind_the_proxy_a_made_up_first_hop_does_not_lift_the_lock(client, settings, anna):
    settings.DV_TRUSTED_PROXIES = ["10.0.0.0/24"]
    fail_until_locked(client, settings, "anna", remote=PROXY, forwarded=f"192.0.2.1, {ATTACKER}")
    forged = f"192.0.2.2, {ATTACKER}"
    assert log_in(client, "anna", PASSWORD, remote=PROXY, forwarded=forged).status_code == 429


def test_from_an_untrusted_address_a_forged_header_does_not_lift_the_lock(client, settings, anna):
    settings.DV_TRUSTED_PROXIES = ["10.0.0.0/24"]
    fail_until_locked(client, settings, "anna", remote=ATTACKER, forwarded="192.0.2.1")
    forged = log_in(client, "anna", PASSWORD, remote=ATTACKER, forwarded=COLLEAGUE)
    assert forged.status_code == 429


def test_wrong_passwords_on_the_admin_log_in_lock_it_with_the_dutch_page(
    client, settings, beheerder
):
    admin_login = reverse("admin:login")
    fail_until_locked(client, settings, "beheer-anna", url=admin_login, remote=ATTACKER)
    locked = log_in(client, "beheer-anna", PASSWORD, url=admin_login, remote=ATTACKER)
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Te vaak een verkeerd wachtwoord" in html and "15 minuten" in html
    assert client.get(reverse("admin:index")).status_code == 302  # not logged in
    # The site's log-in page is locked for the same combination too.
    assert log_in(client, "beheer-anna", PASSWORD, remote=ATTACKER).status_code == 429
    # From another address the functioneel beheerder still reaches the admin.
    assert (
        log_in(client, "beheer-anna", PASSWORD, url=admin_login, remote=COLLEAGUE).status_code
        == 302
    )
    assert client.get(reverse("admin:index")).status_code == 200


def test_failures_on_both_log_in_pages_add_up(client, settings, beheerder):
    admin_login = reverse("admin:login")
    for n in range(settings.AXES_FAILURE_LIMIT):
        url = admin_login if n % 2 else None
        log_in(client, "beheer-anna", "fout", url=url, remote=ATTACKER)
    assert (
        log_in(client, "beheer-anna", PASSWORD, url=admin_login, remote=ATTACKER).status_code == 429
    )


def test_the_lockout_page_says_how_long_to_wait(client, settings, anna):
    settings.AXES_COOLOFF_TIME = 0.5  # hours
    fail_until_locked(client, settings, "anna", remote=ATTACKER)
    locked = log_in(client, "anna", PASSWORD, remote=ATTACKER)
    assert "30 minuten" in locked.content.decode()


def test_the_lock_ends_after_the_cool_off(client, settings, anna, clock):
    fail_until_locked(client, settings, "anna", remote=ATTACKER)
    assert log_in(client, "anna", PASSWORD, remote=ATTACKER).status_code == 429
    clock.shift(16 * 60)
    assert log_in(client, "anna", PASSWORD, remote=ATTACKER).status_code == 302
