"""A real OpenID provider on loopback for the single sign-on tests (oidc-provider-mock).

It serves discovery, the authorisation page, the token, userinfo and JWKS endpoints and signs ID
tokens with its own RSA key, exactly as Entra ID or ADFS would; a test tells it which claims a
person has (``Provider.person``) and signs in at its authorisation page, by a form post or by
clicking in the browser. Nothing of mozilla-django-oidc is replaced.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import requests

CLIENT_ID = "dienstverlening"
CLIENT_SECRET = "geheim-van-de-koppeling"


class Provider:
    def __init__(self, url: str) -> None:
        self.url = url

    def person(self, sub: str, **claims) -> None:
        """Let the provider know ``sub`` with these claims (replacing what it knew)."""
        response = requests.put(f"{self.url}/users/{quote(sub, safe='')}", json=claims, timeout=5)
        assert response.status_code == 204, response.text

    def authorize(self, location: str, sub: str | None = None, *, deny: bool = False) -> str:
        """Answer the authorisation page the app sent the browser to (``location``) as the
        person ``sub`` would; returns the address the provider sends the browser back to."""
        data = {"action": "deny"} if deny else {"sub": sub}
        response = requests.post(location, data=data, allow_redirects=False, timeout=5)
        assert response.status_code == 302, response.text
        return response.headers["Location"]


def sign_in(client, provider: Provider, sub: str, *, next_url: str = ""):
    """The whole sign-in with the Django test client: the app's start, the provider's page, the
    callback. Returns the callback's response."""
    start = client.get("/oidc/authenticate/", {"next": next_url} if next_url else {})
    assert start.status_code == 302, start.content.decode()
    back = provider.authorize(start["Location"], sub)
    return client.get(path_of(back))


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"
