"""Rate limits on the API, on the frozen clock: unknown tokens per address, requests per client
and, without credentials, per address. Each answers 429 with Retry-After and a Dutch
problem+json body, and lets through again when the window has passed."""

import datetime

import pytest
from rest_framework.test import APIClient

from dienstverlening.core.services import api_client_create

pytestmark = pytest.mark.django_db

CASES = "/api/v1/zaken/"


@pytest.fixture
def rates(settings):
    """Small limits, so that a test reaches them."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "anon": "3/min",
            "user": "3/min",
            "client": "3/min",
            "auth_failure": "5/hour",
        },
    }


def caller(token: str = "", address: str = "192.0.2.10") -> APIClient:
    client = APIClient(REMOTE_ADDR=address)
    if token:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def assert_throttled(response, seconds: int) -> str:
    assert response.status_code == 429, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == str(seconds)
    body = response.json()
    assert body["type"] == "about:blank#throttled"
    assert body["title"] == "Te veel aanvragen: wacht even."
    return body["detail"]


def test_unknown_tokens_from_one_address_are_stopped_for_the_rest_of_the_hour(rates, clock):
    _client, good = api_client_create(name="KCC", scopes=["handling"], sources=["kcc"])
    guesser = caller("dv_geraden")
    for _attempt in range(5):
        assert guesser.get(CASES).status_code == 401
    # The clock stands at 10:00:00 exactly: the window of an hour has 3600 seconds to go.
    detail = assert_throttled(guesser.get(CASES), 3600)
    assert detail == (
        "Te veel mislukte pogingen met een token vanaf dit adres. "
        "Probeer het over 3600 seconden opnieuw."
    )
    # Not even a good token gets through from there; from elsewhere it does.
    assert_throttled(caller(good).get(CASES), 3600)
    assert caller(good, address="192.0.2.99").get(CASES).status_code == 200
    clock.shift(datetime.timedelta(minutes=59, seconds=30))
    assert_throttled(guesser.get(CASES), 30)
    clock.shift(datetime.timedelta(seconds=30))
    assert caller(good).get(CASES).status_code == 200
    assert guesser.get(CASES).status_code == 401


def test_a_good_token_does_not_count_as_a_failure(rates):
    _client, good = api_client_create(name="KCC", scopes=["handling"], sources=["kcc"])
    for _attempt in range(3):
        caller("dv_geraden").get(CASES)
        caller(good).get(CASES)
    assert caller("dv_geraden").get(CASES).status_code == 401


def test_each_client_has_its_own_request_limit(rates, clock):
    _a, first = api_client_create(name="A", scopes=["handling"], sources=["a"])
    _b, second = api_client_create(name="B", scopes=["handling"], sources=["b"])
    busy = caller(first)
    for _request in range(3):
        assert busy.get(CASES).status_code == 200
    detail = assert_throttled(busy.get(CASES), 60)
    assert detail == "Te veel aanvragen in korte tijd. Probeer het over 60 seconden opnieuw."
    # Another client (from the same address) is not held up.
    assert caller(second).get(CASES).status_code == 200
    clock.shift(datetime.timedelta(seconds=15))
    assert_throttled(busy.get(CASES), 45)
    clock.shift(datetime.timedelta(seconds=45))
    assert busy.get(CASES).status_code == 200


def test_without_credentials_each_address_has_a_limit(rates):
    anonymous = caller()
    for _request in range(3):
        assert anonymous.get("/api/v1/schema/", {"format": "json"}).status_code == 200
    # Also where the view itself speaks YAML (the schema) or HTML (the docs): JSON.
    assert_throttled(anonymous.get("/api/v1/schema/"), 60)
    assert_throttled(anonymous.get("/api/v1/docs/"), 60)
    assert caller(address="192.0.2.99").get("/api/v1/schema/").status_code == 200


def test_requests_at_the_same_moment_are_each_counted(shared_redis):
    """Eight app-server threads counting one client at once: none of the 320 requests is lost
    (a read-then-write count lets a burst through under the limit)."""
    from concurrent.futures import ThreadPoolExecutor

    from dienstverlening.core.api_clients import Window

    def burst(_n: int) -> None:
        for _ in range(40):
            Window("client", "7", "100000/hour").add()

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(burst, range(8)))

    assert Window("client", "7", "100000/hour").count() == 320
