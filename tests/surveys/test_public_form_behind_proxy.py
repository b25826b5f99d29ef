"""The public form's rate limit behind the reverse proxy: it counts residents, not the proxy.

docs/operations.md puts nginx or HAProxy in front of the app servers, so every request arrives
from the proxy's address. The proxy writes the resident's address in X-Forwarded-For; the app
believes that header only from a proxy listed in DV_TRUSTED_PROXIES (core.net.client_address).
"""

import pytest

from dienstverlening.surveys.models import Response
from tests.surveys.conftest import answers_post

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


def submit(client, link, *, remote: str, forwarded: str | None = None, **answers):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    page = client.get(link.get_absolute_url(), **headers)
    response = client.post(link.get_absolute_url(), answers_post(page, **answers), **headers)
    client.cookies.clear()  # the next submit comes from another browser
    return response


def test_two_residents_behind_the_trusted_proxy_are_counted_apart(client, link, settings):
    settings.DV_TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.SURVEYS_RATE_LIMIT = 2
    for _n in range(2):
        assert submit(client, link, remote=PROXY, forwarded="198.51.100.7").status_code == 302
    blocked = submit(client, link, remote=PROXY, forwarded="198.51.100.7", good="Derde keer")
    assert blocked.status_code == 429
    assert "Derde keer" in blocked.content.decode()

    # A neighbour, through the same proxy, is not affected by the first resident's limit.
    assert submit(client, link, remote=PROXY, forwarded="203.0.113.40").status_code == 302
    assert Response.objects.count() == 3


def test_behind_the_proxy_only_the_hop_the_proxy_added_counts(client, link, settings):
    """A resident who sends an X-Forwarded-For of their own cannot step out of their limit: the
    proxy appends the address it saw, and only that rightmost hop is believed."""
    settings.DV_TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.SURVEYS_RATE_LIMIT = 2
    for n in range(2):
        made_up = f"192.0.2.{n}, 198.51.100.7"  # "192.0.2.n" is what the resident typed
        assert submit(client, link, remote=PROXY, forwarded=made_up).status_code == 302
    made_up = "192.0.2.99, 198.51.100.7"
    assert submit(client, link, remote=PROXY, forwarded=made_up).status_code == 429


def test_a_forged_header_from_an_untrusted_address_cannot_evade_the_limit(client, link, settings):
    settings.DV_TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.SURVEYS_RATE_LIMIT = 2
    for n in range(2):
        forged = f"198.51.100.{n}"
        assert submit(client, link, remote="203.0.113.9", forwarded=forged).status_code == 302
    assert submit(client, link, remote="203.0.113.9", forwarded="198.51.100.77").status_code == 429
    assert Response.objects.count() == 2


def test_without_trusted_proxies_the_header_is_ignored(client, link, settings):
    settings.DV_TRUSTED_PROXIES = []
    settings.SURVEYS_RATE_LIMIT = 1
    assert submit(client, link, remote=PROXY, forwarded="198.51.100.7").status_code == 302
    assert submit(client, link, remote=PROXY, forwarded="203.0.113.40").status_code == 429
