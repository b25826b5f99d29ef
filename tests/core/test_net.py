"""core.net.client_address: the client behind the reverse proxy, never an address it made up."""

import pytest
from django.core.cache import caches
from django.test import RequestFactory
from rest_framework.response import Response
from rest_framework.views import APIView

from dienstverlening.core.api_clients import ApiRateThrottle
from dienstverlening.core.net import client_address
from tests import cli

PROXY = "10.0.0.2"


def address(remote: str, forwarded: str | None = None) -> str:
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **headers))


def test_without_trusted_proxies_the_header_is_never_read(settings):
    settings.DV_TRUSTED_PROXIES = []
    assert address("198.51.100.7", "203.0.113.1") == "198.51.100.7"


def test_from_a_trusted_proxy_the_hop_it_added_is_the_client(settings):
    settings.DV_TRUSTED_PROXIES = [PROXY]
    assert address(PROXY, "198.51.100.7") == "198.51.100.7"


def test_hops_the_client_wrote_itself_are_ignored(settings):
    settings.DV_TRUSTED_PROXIES = [PROXY]
    assert address(PROXY, "1.2.3.4, 5.6.7.8, 198.51.100.7") == "198.51.100.7"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right(settings):
    """Load balancer (172.16.0.5) → nginx (10.0.0.2) → app: both trusted, as a network."""
    settings.DV_TRUSTED_PROXIES = ["10.0.0.0/24", "172.16.0.0/12"]
    assert address(PROXY, "6.6.6.6, 198.51.100.7, 172.16.0.5") == "198.51.100.7"


def test_an_untrusted_sender_cannot_forge_the_header(settings):
    settings.DV_TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert address("203.0.113.9", "10.0.0.3") == "203.0.113.9"


def test_the_proxy_itself_when_it_adds_no_header(settings):
    settings.DV_TRUSTED_PROXIES = [PROXY]
    assert address(PROXY) == PROXY
    assert address(PROXY, "") == PROXY


def test_a_hop_that_is_no_address_stops_at_the_proxy(settings):
    settings.DV_TRUSTED_PROXIES = [PROXY]
    assert address(PROXY, "198.51.100.7, onbekend") == PROXY


@pytest.mark.parametrize(
    "hop, expected",
    [
        ("198.51.100.7:51234", "198.51.100.7"),
        ("2001:db8::7", "2001:db8::7"),
        ("[2001:db8::7]:443", "2001:db8::7"),
        ("::ffff:198.51.100.7", "198.51.100.7"),
        (" 198.51.100.7 ", "198.51.100.7"),
    ],
)
def test_addresses_as_proxies_write_them(settings, hop, expected):
    settings.DV_TRUSTED_PROXIES = [PROXY, "2001:db8:ffff::/48"]
    assert address(PROXY, hop) == expected


def test_an_ipv6_proxy_network(settings):
    settings.DV_TRUSTED_PROXIES = ["2001:db8:ffff::/48"]
    assert address("2001:db8:ffff::2", "198.51.100.7") == "198.51.100.7"


def test_a_setting_that_is_no_address_stops_the_start():
    result = cli.run("check", DV_TRUSTED_PROXIES="10.0.0.2, nginx")
    assert result.returncode != 0
    assert "DV_TRUSTED_PROXIES: 'nginx' is geen IP-adres of netwerk" in result.stderr


class Hello(APIView):
    authentication_classes = []
    permission_classes = []
    throttle_classes = [ApiRateThrottle]

    def get(self, request):
        return Response({"hallo": True})


@pytest.mark.django_db
def test_the_api_throttle_counts_per_client_not_per_made_up_header(settings):
    settings.DV_TRUSTED_PROXIES = [PROXY]
    caches["shared"].clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "anon": "2/min",
        },
    }
    view = Hello.as_view()
    factory = RequestFactory()
    statuses = [
        view(
            factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"1.1.1.{n}, 198.51.100.7")
        ).status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]
    # Another resident through the same proxy has their own count.
    other = view(factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.4"))
    assert other.status_code == 200
