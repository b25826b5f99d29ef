"""Single sign-on: employees sign in with their work account at the organisation's identity
provider (Microsoft Entra ID, ADFS) through OpenID Connect, with mozilla-django-oidc.

What the provider says decides the account (``docs/operations.md``, "Single sign-on"):

- The account is found by the provider's lasting name for the person (the claim
  ``DV_OIDC_SUBJECT_CLAIM``, ``sub`` or Entra's ``oid``), kept in ``User.oidc_subject``; never by
  user name. Only with ``DV_OIDC_LINK_BY_EMAIL`` does a first sign-in take over the local account
  with the same e-mail address (never a superuser's, never when the provider says the address is
  unverified). Someone the platform does not know gets a new account as medewerker.
- At every sign-in the name, the e-mail address, the role and the teams follow the groups claim
  (``DV_OIDC_GROUPS_CLAIM``): ``DV_OIDC_ROLE_GROUPS`` maps groups to roles (the highest wins),
  ``DV_OIDC_TEAM_MANAGER_GROUPS`` to the teams a teammanager manages (which gives the role
  teammanager), ``DV_OIDC_TEAM_MEMBER_GROUPS`` to the teams someone works in. A group that is gone
  takes its role and teams with it. Teams no mapping names are left as set in the admin.
- The provider checks the person (and asks their second factor): a session that began here needs
  no TOTP of the platform's own. ``signed_in_with_oidc(request)`` tells such a session.

mozilla-django-oidc does the protocol (state, nonce, PKCE, the token exchange and the signature of
the ID token); this module adds discovery, the check of the token's audience and issuer, and the
mapping. A sign-in that fails raises ``SignInRefused``, which the callback view turns into a Dutch
page: it is never a wrong password, so it does not count towards django-axes' lock.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import requests
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from .roles import Role

logger = logging.getLogger(__name__)

# The path Django keeps in the session of everyone who signed in through the provider.
BACKEND_PATH = "dienstverlening.core.oidc.OIDCBackend"
WELL_KNOWN = "/.well-known/openid-configuration"
DISCOVERY_CACHE_SECONDS = 3600
# The settings that discovery fills when they are empty, and the field that fills each.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "DV_OIDC_ISSUER": "issuer",
}
# Highest first: with several groups a person gets the first of these they hold.
ROLE_PRECEDENCE = (
    Role.ADMINISTRATOR,
    Role.MANAGEMENT,
    Role.COORDINATOR,
    Role.TEAM_MANAGER,
    Role.EMPLOYEE,
)
# Besides the stored values, the names people use (lower case, without accents).
ROLE_ALIASES = {
    "medewerker": Role.EMPLOYEE,
    "teammanager": Role.TEAM_MANAGER,
    "coordinator": Role.COORDINATOR,
    "coordinator dienstverlening": Role.COORDINATOR,
    "directie": Role.MANAGEMENT,
    "beheerder": Role.ADMINISTRATOR,
    "functioneel beheerder": Role.ADMINISTRATOR,
}
USERNAME_UNSAFE = re.compile(r"[^\w.@+-]")


class SignInRefused(Exception):
    """A sign-in through the provider that ends without a session. ``reason`` chooses the Dutch
    page (``core.views.OIDC_FAILURES``); ``detail`` is for the log only."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(detail or reason)
        self.reason = reason
        self.detail = detail


# --- configuration ----------------------------------------------------------------------------


def oidc_enabled() -> bool:
    """Sign-in with a work account is on: a client id and a way to find the provider."""
    if not settings.OIDC_RP_CLIENT_ID:
        return False
    if settings.DV_OIDC_DISCOVERY_URL:
        return True
    # Without discovery: the endpoints one by one, and the keys for a signature with a key pair.
    signed_with_keys = settings.OIDC_RP_SIGN_ALGO.startswith(("RS", "ES"))
    return bool(
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT
        and settings.OIDC_OP_TOKEN_ENDPOINT
        and (settings.OIDC_OP_JWKS_ENDPOINT or not signed_with_keys)
    )


def discovery_url() -> str:
    """DV_OIDC_DISCOVERY_URL as the document's address (the issuer alone is accepted too)."""
    url = settings.DV_OIDC_DISCOVERY_URL.strip()
    if url and not url.rstrip("/").endswith(WELL_KNOWN):
        url = url.rstrip("/") + WELL_KNOWN
    return url


def provider_document() -> dict:
    """The provider's discovery document, fetched once an hour per process; ``{}`` without
    DV_OIDC_DISCOVERY_URL. Raises ``SignInRefused("provider")`` when it cannot be read."""
    url = discovery_url()
    if not url:
        return {}
    key = f"dv-oidc-discovery:{url}"
    document = cache.get(key)
    if document is None:
        try:
            response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            raise SignInRefused("provider", f"discovery {url}: {error}") from error
        if not isinstance(document, dict) or not document.get("authorization_endpoint"):
            raise SignInRefused("provider", f"discovery {url}: no authorization_endpoint")
        cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    return document


def oidc_setting(attr: str, *default):
    """A setting for mozilla-django-oidc: the provider's endpoints come from the settings when
    given there, else from discovery; everything else from the settings."""
    if attr in DISCOVERED:
        value = getattr(settings, attr, "")
        if value:
            return value
        return provider_document().get(DISCOVERED[attr], "")
    return import_from_settings(attr, *default)


def signed_in_with_oidc(request: HttpRequest) -> bool:
    """True when this session began with a sign-in at the identity provider (which asked any
    second factor itself), rather than with a local password."""
    session = getattr(request, "session", None)
    return session is not None and session.get(BACKEND_SESSION_KEY) == BACKEND_PATH


# --- what the claims say ----------------------------------------------------------------------


def role_named(name: str) -> Role | None:
    """The role a mapping names: its stored value (``coordinator``) or its Dutch name
    (``coördinator dienstverlening``, ``beheerder``), any case; None for anything else."""
    plain = name.strip().casefold().replace("ö", "o")
    if plain in Role.values:
        return Role(plain)
    return ROLE_ALIASES.get(plain)


def groups_of(claims: Mapping) -> frozenset[str]:
    """The person's groups from the groups claim (one string for a single group, as ADFS may
    send it), compared without case."""
    value = claims.get(settings.DV_OIDC_GROUPS_CLAIM) or []
    if isinstance(value, str):
        value = [value]
    return frozenset(str(group).casefold() for group in value if group)


def roles_from_provider() -> bool:
    """The provider decides the role when any group maps to a role or to managed teams;
    otherwise roles are given in the admin and a sign-in leaves them alone."""
    return bool(settings.DV_OIDC_ROLE_GROUPS or settings.DV_OIDC_TEAM_MANAGER_GROUPS)


def _chosen(mapping: Mapping[str, Iterable[str]], groups: frozenset[str]) -> frozenset[str]:
    return frozenset(
        value for group, values in mapping.items() if group.casefold() in groups for value in values
    )


def _governed(mapping: Mapping[str, Iterable[str]]) -> frozenset[str]:
    return frozenset(value for values in mapping.values() for value in values)


@dataclass(frozen=True)
class TeamChoice:
    """Teams of one relation (managers or members) as the provider decides them: ``chosen`` are
    the person's, ``governed`` all teams the mapping names (the others are not touched)."""

    chosen: frozenset[str]
    governed: frozenset[str]


@dataclass(frozen=True)
class Identity:
    """What the provider says about a person, read from the claims (``identity_from_claims``).
    None means: the provider said nothing about it, keep what the account has."""

    subject: str
    username: str
    first_name: str | None
    last_name: str | None
    email: str | None
    role: Role | None
    managed_teams: TeamChoice
    member_teams: TeamChoice


def role_from_groups(groups: frozenset[str]) -> Role | None:
    """The highest role the groups give (a managed team gives teammanager); medewerker without
    one; None when roles are not the provider's to decide."""
    if not roles_from_provider():
        return None
    roles = {
        role
        for group, name in settings.DV_OIDC_ROLE_GROUPS.items()
        if group.casefold() in groups and (role := role_named(name)) is not None
    }
    if _chosen(settings.DV_OIDC_TEAM_MANAGER_GROUPS, groups):
        roles.add(Role.TEAM_MANAGER)
    return next((role for role in ROLE_PRECEDENCE if role in roles), Role.EMPLOYEE)


def username_from_claims(claims: Mapping) -> str:
    """A readable user name: the work account's name (``preferred_username``, ``upn``), else the
    e-mail address, else the subject; lower case, only characters Django allows."""
    for claim in ("preferred_username", "upn", "unique_name", "email"):
        value = claims.get(claim)
        if isinstance(value, str) and value.strip():
            break
    else:
        value = str(claims.get(settings.DV_OIDC_SUBJECT_CLAIM, ""))
    return USERNAME_UNSAFE.sub("-", value.strip().casefold())[:140] or "medewerker"


def _text(claims: Mapping, name: str) -> str | None:
    value = claims.get(name)
    return value.strip() if isinstance(value, str) and value.strip() else None


def identity_from_claims(claims: Mapping) -> Identity:
    """Read an ``Identity`` from the merged claims of the ID token and the userinfo endpoint."""
    groups = groups_of(claims)
    first_name, last_name = _text(claims, "given_name"), _text(claims, "family_name")
    if first_name is None and last_name is None and (name := _text(claims, "name")):
        first_name, last_name = name, ""
    email = _text(claims, "email")
    return Identity(
        subject=str(claims[settings.DV_OIDC_SUBJECT_CLAIM]),
        username=username_from_claims(claims),
        first_name=first_name[:150] if first_name is not None else None,
        last_name=last_name[:150] if last_name is not None else None,
        email=email if email and len(email) <= 254 else None,
        role=role_from_groups(groups),
        managed_teams=TeamChoice(
            chosen=_chosen(settings.DV_OIDC_TEAM_MANAGER_GROUPS, groups),
            governed=_governed(settings.DV_OIDC_TEAM_MANAGER_GROUPS),
        ),
        member_teams=TeamChoice(
            chosen=_chosen(settings.DV_OIDC_TEAM_MEMBER_GROUPS, groups),
            governed=_governed(settings.DV_OIDC_TEAM_MEMBER_GROUPS),
        ),
    )


# --- the authentication backend ----------------------------------------------------------------


class OIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend with discovery, an audience and issuer check, the account
    found by its subject, and the role and teams from the groups claim."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs) -> None:
        # Django makes every backend for every sign-in, password sign-ins too: the provider's
        # endpoints (perhaps discovery over the network) are read in ``authenticate``, and only
        # for a callback from the provider.
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        # Only the callback view passes a nonce; a password sign-in never reaches the provider.
        if request is None or "nonce" not in kwargs or not oidc_enabled():
            return None
        super().__init__()
        user = super().authenticate(request, **kwargs)
        if user is None:
            # More than one account matched (mozilla-django-oidc refuses to choose).
            raise SignInRefused("account", "no single account for these claims")
        return user

    def verify_token(self, token, **kwargs):
        """The signature and nonce (mozilla-django-oidc), then: issued for this client, by this
        provider. An Entra ID issuer with ``{tenantid}`` (the multi-tenant endpoint) is not
        compared: use the tenant's own discovery URL."""
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token not issued for this client (aud).")
        issuer = oidc_setting("DV_OIDC_ISSUER")
        if issuer and "{" not in issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("ID token from another issuer (iss).")
        return payload

    def retrieve_matching_jwk(self, token):
        try:
            return super().retrieve_matching_jwk(token)
        except KeyError as error:
            # A token or key without "kid" while OIDC_VERIFY_KID is on (DV_OIDC_VERIFY_KID).
            raise SignInRefused("token", f"signing key without an id: {error}") from error

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims (Entra ID and ADFS put the groups there), completed with the
        userinfo endpoint's when the provider has one (and DV_OIDC_USE_USERINFO is on). The
        signed ID token wins; a userinfo answer about another subject is refused."""
        if not settings.DV_OIDC_USE_USERINFO or not self.OIDC_OP_USER_ENDPOINT:
            return dict(payload)
        info = super().get_userinfo(access_token, id_token, payload)
        if info.get("sub") != payload.get("sub"):
            raise SignInRefused("token", "userinfo is about another subject")
        return {**info, **payload}

    def verify_claims(self, claims) -> bool:
        subject = claims.get(settings.DV_OIDC_SUBJECT_CLAIM)
        if not isinstance(subject, str | int) or not str(subject).strip():
            raise SignInRefused("claims", f"no {settings.DV_OIDC_SUBJECT_CLAIM} claim")
        names = claims.get("_claim_names")
        if roles_from_provider() and isinstance(names, dict) and "groups" in names:
            # Entra ID sends no groups when there are more than 200 ("overage").
            raise SignInRefused("groups", "groups overage: assign groups to the application")
        return True

    def filter_users_by_claims(self, claims):
        """The account with this subject; else, with DV_OIDC_LINK_BY_EMAIL, the one local
        account (not a superuser) with this e-mail address."""
        subject = str(claims[settings.DV_OIDC_SUBJECT_CLAIM])
        users = self.UserModel._default_manager.filter(oidc_subject=subject)
        email = _text(claims, "email")
        if users.exists() or not settings.DV_OIDC_LINK_BY_EMAIL or email is None:
            return users
        if claims.get("email_verified") is False:
            return users
        return self.UserModel._default_manager.filter(
            oidc_subject__isnull=True, is_superuser=False, email__iexact=email
        )

    def describe_user_by_claims(self, claims) -> str:
        return f"subject {claims.get(settings.DV_OIDC_SUBJECT_CLAIM)}"

    def create_user(self, claims):
        from .services import user_oidc_create

        return user_oidc_create(identity=identity_from_claims(claims))

    def update_user(self, user, claims):
        from .services import user_oidc_update

        return user_oidc_update(user=user, identity=identity_from_claims(claims))
