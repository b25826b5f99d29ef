"""API documentation served from our own static files, under the strict content-security policy."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


def script_and_style_sources(page: str) -> list[str]:
    return re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)


@pytest.mark.parametrize("url_name", ["api-docs", "api-redoc"])
def test_api_docs_load_nothing_from_elsewhere_and_run_no_inline_script(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    page = response.content.decode()
    sources = script_and_style_sources(page)
    assert sources, page
    assert all(source.startswith("/") for source in sources), sources
    assert any("/static/drf_spectacular_sidecar/" in source for source in sources), sources
    assert not INLINE_SCRIPT.search(page)
    assert "<style" not in page
    csp = response.headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", csp).group(1)
    assert script_src.strip() == "'self'"


def test_swagger_init_script_is_served_by_us(client):
    page = client.get(reverse("api-docs")).content.decode()
    init = [src for src in script_and_style_sources(page) if "script" in src.split("?")[-1]]
    assert init, page
    response = client.get(init[0].replace("&amp;", "&"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert reverse("api-schema") in response.content.decode()


def test_redoc_styles_only_with_this_responses_nonce(client):
    response = client.get(reverse("api-redoc"))
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    assert f'data-nonce="{nonce}"' in response.content.decode()
    other = client.get(reverse("api-redoc")).headers["Content-Security-Policy"]
    assert nonce not in other
    assert "nonce-" not in client.get(reverse("framework")).headers["Content-Security-Policy"]


def test_the_schema_explains_the_token_its_expiry_scopes_and_limits(client):
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    scheme = schema["components"]["securitySchemes"]["apiToken"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    for words in ("één keer", "verloopt", "eigen bronnen", "404", "429", "Retry-After"):
        assert words in scheme["description"]
    post = schema["paths"]["/api/v1/zaken/"]["post"]
    assert post["security"] == [{"apiToken": []}]
    assert {"401", "403", "429"} <= set(post["responses"])
    kpis = schema["paths"]["/api/v1/kpis/"]["get"]["security"]
    assert {"apiToken": []} in kpis and {"cookieAuth": []} in kpis
