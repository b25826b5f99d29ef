"""The production static pipeline: `collectstatic` with the manifest storage, pages with DEBUG off.

The rest of the suite uses plain static files (DV_PLAIN_STATIC=1); these tests run the real
command as an operator would and then render pages against the manifest it wrote.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import logged_in
from tests.core.test_security import run_cli

pytestmark = pytest.mark.django_db

STATIC_URL = re.compile(r"""/static/[^"'\s)>]+""")
HASHED = re.compile(r"\.[0-9a-f]{12}\.\w+$")


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    result = run_cli(
        "collectstatic",
        "--noinput",
        "--verbosity",
        "0",
        SECRET_KEY="test-only-secret-key-not-for-production",
        DEBUG="0",
        DV_PLAIN_STATIC="0",
        STATIC_ROOT=str(root),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture
def production_static(settings, static_root):
    settings.STATIC_ROOT = static_root
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "dienstverlening.core.storage.StaticStorage"},
    }
    settings.DEBUG = False
    return static_root


def test_collectstatic_writes_a_manifest(static_root):
    assert (static_root / "staticfiles.json").exists()
    assert list((static_root / "vendor" / "vega").glob("vega-embed.min.*.js"))
    # Source maps of vendored builds are left out (megabytes a visitor never asks for).
    assert list(static_root.glob("drf_spectacular_sidecar/redoc/bundles/redoc.standalone.*.js"))
    assert not list(static_root.rglob("*.map"))


@pytest.mark.parametrize(
    ("url_name", "as_user"),
    [
        ("home", False),
        ("framework", False),
        ("login", False),
        ("survey-privacy", False),
        ("dashboard", True),
    ],
)
def test_pages_use_hashed_static_files_that_are_served(production_static, url_name, as_user):
    client = Client()
    if as_user:
        from tests.core.factories import UserFactory

        logged_in(client, UserFactory(username="productie-test"))
    response = client.get(reverse(url_name))
    assert response.status_code == 200

    urls = set(STATIC_URL.findall(response.content.decode()))
    assert urls, "de pagina verwijst naar geen enkel statisch bestand"
    unhashed = sorted(url for url in urls if not HASHED.search(url))
    assert not unhashed
    for url in sorted(urls):
        served = client.get(url)
        assert served.status_code == 200, url
        assert "immutable" in served.headers["Cache-Control"], url
