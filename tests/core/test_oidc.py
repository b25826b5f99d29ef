"""Single sign-on with the work account, against a real OpenID provider on loopback.

The provider (``tests/oidc.py``, oidc-provider-mock) serves discovery, its authorisation page,
the token, userinfo and key endpoints, and signs real ID tokens; the app talks to it over HTTP
through mozilla-django-oidc as it would to Entra ID or ADFS. The groups the provider sends are
mapped by the ``oidc_provider`` fixture (``tests/conftest.py``): DV-Coordinatoren, DV-Directie and
DV-Beheer give a role; DV-TM-Burgerzaken and DV-TM-Belastingen make someone teammanager of that
team; "Team Burgerzaken" makes someone a member.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
import requests
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from dienstverlening.core import access
from dienstverlening.core.checks import sign_in_check
from dienstverlening.core.models import User
from dienstverlening.core.oidc import BACKEND_PATH, signed_in_with_oidc
from dienstverlening.core.roles import ADMINISTRATOR_GROUP, Role
from tests.core.factories import UserFactory
from tests.oidc import path_of, sign_in
from tests.organisation.factories import TeamFactory

pytestmark = pytest.mark.django_db

ANNA = {
    "preferred_username": "Anna.Bakker@woerden.nl",
    "email": "anna.bakker@woerden.nl",
    "given_name": "Anna",
    "family_name": "Bakker",
}
PASSWORD = "een-goed-wachtwoord"


def signed_in(client) -> User | None:
    user_id = client.session.get(SESSION_KEY)
    return User.objects.get(pk=user_id) if user_id else None


def with_param(url: str, **params) -> str:
    """``url`` (the provider's way back) with some query parameters replaced."""
    parts = urlsplit(url)
    query = {**dict(parse_qsl(parts.query)), **params}
    return f"{parts.path}?{urlencode(query)}"


def assert_failure_page(response, status: int, heading: str) -> str:
    assert response.status_code == status
    page = response.content.decode()
    assert heading in page
    assert "Opnieuw inloggen" in page and f'href="{reverse("login")}"' in page
    return page


# --- the sign-in page ---------------------------------------------------------------------------


def test_without_single_sign_on_the_page_has_only_the_password_form(client):
    page = client.get(reverse("login")).content.decode()
    assert 'name="password"' in page
    assert "Inloggen met uw werkaccount" not in page
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404


def test_with_single_sign_on_the_page_offers_the_work_account_and_keeps_where_to_go(
    client, oidc_provider
):
    page = client.get(reverse("login"), {"next": "/taken/"}).content.decode()
    assert "Inloggen met uw werkaccount" in page
    assert 'href="/oidc/authenticate/?next=%2Ftaken%2F"' in page
    # Local accounts (demo, beheer) can still sign in with a password below it.
    assert 'name="password"' in page and "Inloggen met gebruikersnaam en wachtwoord" in page
    assert "autofocus" not in page  # the cursor does not skip the button


def test_the_app_asks_the_provider_for_a_signed_in_person_with_state_nonce_and_pkce(
    client, oidc_provider
):
    start = client.get("/oidc/authenticate/")
    assert start.status_code == 302
    location = urlsplit(start["Location"])
    assert f"{location.scheme}://{location.netloc}" == oidc_provider.url  # from discovery
    query = dict(parse_qsl(location.query))
    assert query["client_id"] == "dienstverlening" and query["response_type"] == "code"
    assert query["scope"] == "openid email profile"
    assert query["redirect_uri"] == "http://testserver/oidc/callback/"
    assert query["code_challenge_method"] == "S256"
    assert len(query["state"]) >= 32 and len(query["nonce"]) >= 32
    assert "client_secret" not in query


# --- who signs in -------------------------------------------------------------------------------


def test_an_unknown_colleague_signs_in_and_becomes_a_medewerker(client, oidc_provider):
    oidc_provider.person("0f7c-anna", **ANNA)
    response = sign_in(client, oidc_provider, "0f7c-anna", next_url="/taken/")
    assert response.status_code == 302 and response["Location"] == "/taken/"
    user = User.objects.get(oidc_subject="0f7c-anna")
    assert signed_in(client) == user
    assert user.role == Role.EMPLOYEE and not user.is_staff
    assert user.username == "anna.bakker@woerden.nl"
    assert (user.first_name, user.last_name, user.email) == ("Anna", "Bakker", ANNA["email"])
    assert not user.has_usable_password()
    assert "Anna Bakker · medewerker" in client.get(reverse("home")).content.decode()


def test_the_next_sign_in_finds_the_account_by_subject_and_updates_name_and_address(
    client, oidc_provider
):
    oidc_provider.person("0f7c-anna", **ANNA)
    sign_in(client, oidc_provider, "0f7c-anna")
    client.logout()
    oidc_provider.person(
        "0f7c-anna", **{**ANNA, "family_name": "de Boer", "email": "a.deboer@woerden.nl"}
    )
    sign_in(client, oidc_provider, "0f7c-anna")
    user = User.objects.get()
    assert signed_in(client) == user
    assert (user.last_name, user.email) == ("de Boer", "a.deboer@woerden.nl")


def test_a_local_account_with_the_same_name_is_never_taken_over(client, oidc_provider):
    local = UserFactory(
        username="anna.bakker@woerden.nl", email=ANNA["email"], role=Role.COORDINATOR
    )
    oidc_provider.person("0f7c-anna", **ANNA)
    sign_in(client, oidc_provider, "0f7c-anna")
    user = signed_in(client)
    assert user != local and user.username == "anna.bakker@woerden.nl-2"
    assert user.role == Role.EMPLOYEE
    local.refresh_from_db()
    assert local.oidc_subject is None and local.role == Role.COORDINATOR


def test_with_link_by_email_the_first_sign_in_takes_over_the_local_account(
    client, settings, oidc_provider
):
    settings.DV_OIDC_LINK_BY_EMAIL = True
    local = UserFactory(username="abakker", email="Anna.Bakker@Woerden.nl")
    oidc_provider.person("0f7c-anna", **ANNA)
    sign_in(client, oidc_provider, "0f7c-anna")
    assert signed_in(client) == local
    local.refresh_from_db()
    assert local.oidc_subject == "0f7c-anna" and local.username == "abakker"


@pytest.mark.parametrize(
    ("superuser", "verified"), [(True, None), (False, False)], ids=["superuser", "unverified"]
)
def test_link_by_email_never_takes_a_superuser_or_an_unverified_address(
    client, settings, oidc_provider, superuser, verified
):
    settings.DV_OIDC_LINK_BY_EMAIL = True
    local = UserFactory(username="abakker", email=ANNA["email"], is_superuser=superuser)
    claims = ANNA if verified is None else {**ANNA, "email_verified": verified}
    oidc_provider.person("0f7c-anna", **claims)
    sign_in(client, oidc_provider, "0f7c-anna")
    user = signed_in(client)
    assert user is not None and user != local and not user.is_superuser


def test_the_subject_claim_can_be_entras_oid(client, settings, oidc_provider):
    settings.DV_OIDC_SUBJECT_CLAIM = "oid"
    oidc_provider.person("pairwise-sub", **ANNA, oid="9a1e0c55-0000-4000-8000-00000000a11a")
    sign_in(client, oidc_provider, "pairwise-sub")
    assert signed_in(client).oidc_subject == "9a1e0c55-0000-4000-8000-00000000a11a"


def test_without_the_subject_claim_nobody_is_signed_in(client, settings, oidc_provider):
    settings.DV_OIDC_SUBJECT_CLAIM = "oid"
    oidc_provider.person("pairwise-sub", **ANNA)
    response = sign_in(client, oidc_provider, "pairwise-sub")
    page = assert_failure_page(response, 403, "Inloggen is niet gelukt")
    assert "niet de gegevens door" in page
    assert signed_in(client) is None and not User.objects.exists()


def test_an_account_switched_off_is_refused_with_a_dutch_page(client, oidc_provider):
    UserFactory(username="anna", oidc_subject="0f7c-anna", is_active=False)
    oidc_provider.person("0f7c-anna", **ANNA)
    response = sign_in(client, oidc_provider, "0f7c-anna")
    assert_failure_page(response, 403, "Uw account staat uit")
    assert signed_in(client) is None


# --- role and teams from the groups claim -------------------------------------------------------


def test_the_groups_claim_sets_role_and_teams_at_every_sign_in(
    client, oidc_provider, team, other_team
):
    """team is Burgerzaken, other_team Belastingen; Vergunningen is in no mapping."""
    unmapped = TeamFactory(name="Vergunningen", slug="vergunningen")
    oidc_provider.person("anna", **ANNA, groups=["DV-TM-Burgerzaken", "Team Burgerzaken"])
    sign_in(client, oidc_provider, "anna")
    user = signed_in(client)
    assert user.role == Role.TEAM_MANAGER
    assert list(access.managed_teams(user)) == [team]
    assert list(access.member_teams(user)) == [team]
    assert "Anna Bakker · teammanager" in client.get(reverse("home")).content.decode()

    # The functioneel beheerder adds her by hand to a team that no group governs.
    unmapped.managers.add(user)
    # She moves to Belastingen: the provider's groups change.
    client.logout()
    oidc_provider.person("anna", **ANNA, groups=["DV-TM-Belastingen"])
    sign_in(client, oidc_provider, "anna")
    assert signed_in(client) == user
    assert set(access.managed_teams(user)) == {other_team, unmapped}
    assert not access.member_teams(user).exists()

    # Her groups are gone: medewerker again, and she manages nothing any more.
    client.logout()
    oidc_provider.person("anna", **ANNA)
    sign_in(client, oidc_provider, "anna")
    user.refresh_from_db()
    assert user.role == Role.EMPLOYEE
    assert not access.managed_teams(user).exists()
    assert set(user.managed_teams.all()) == {unmapped}  # the hand-made link stays


def test_the_highest_role_wins(client, oidc_provider, team):
    groups = ["DV-TM-Burgerzaken", "DV-Coordinatoren", "DV-Directie"]
    oidc_provider.person("anna", **ANNA, groups=groups)
    sign_in(client, oidc_provider, "anna")
    user = signed_in(client)
    assert user.role == Role.MANAGEMENT
    assert "Anna Bakker · directie" in client.get(reverse("home")).content.decode()


def test_the_beheer_group_opens_the_admin_and_losing_it_closes_it(client, oidc_provider):
    # ADFS sends a single group as one string; names are compared without case.
    oidc_provider.person("anna", **ANNA, groups="dv-beheer")
    sign_in(client, oidc_provider, "anna")
    user = signed_in(client)
    assert user.role == Role.ADMINISTRATOR and user.is_staff
    assert user.groups.filter(name=ADMINISTRATOR_GROUP).exists()
    assert client.get(reverse("admin:index")).status_code == 200

    client.logout()
    oidc_provider.person("anna", **ANNA, groups=["DV-Coordinatoren"])
    sign_in(client, oidc_provider, "anna")
    user.refresh_from_db()
    assert user.role == Role.COORDINATOR and not user.is_staff
    assert not user.groups.exists()
    assert client.get(reverse("admin:index")).status_code == 302


def test_without_a_group_mapping_roles_stay_as_set_in_the_admin(client, settings, oidc_provider):
    settings.DV_OIDC_ROLE_GROUPS = {}
    settings.DV_OIDC_TEAM_MANAGER_GROUPS = {}
    UserFactory(username="anna", oidc_subject="anna", role=Role.COORDINATOR)
    oidc_provider.person("anna", **ANNA, groups=["DV-Beheer"])
    sign_in(client, oidc_provider, "anna")
    assert signed_in(client).role == Role.COORDINATOR


def test_too_many_groups_for_the_token_is_refused_rather_than_guessed(client, oidc_provider):
    # Entra ID leaves the groups out above 200 and points to Microsoft Graph instead.
    overage = {"_claim_names": {"groups": "src1"}, "_claim_sources": {"src1": {"endpoint": "x"}}}
    oidc_provider.person("anna", **ANNA, **overage)
    response = sign_in(client, oidc_provider, "anna")
    assert_failure_page(response, 403, "Uw groepen kwamen niet mee")
    assert signed_in(client) is None


# --- what goes wrong ----------------------------------------------------------------------------


def test_an_unknown_or_used_state_ends_on_a_dutch_page(client, oidc_provider):
    oidc_provider.person("anna", **ANNA)
    start = client.get("/oidc/authenticate/")
    back = oidc_provider.authorize(start["Location"], "anna")

    forged = client.get(with_param(back, state="door-iemand-anders-bedacht"))
    assert_failure_page(forged, 400, "Het inloggen is verlopen")
    # The same answer opened in another browser (a link passed on) does not sign anyone in.
    other = Client()
    assert_failure_page(other.get(path_of(back)), 400, "Het inloggen is verlopen")
    assert signed_in(client) is None and signed_in(other) is None

    # The real answer works once; replayed, it is refused.
    assert client.get(path_of(back)).status_code == 302 and signed_in(client) is not None
    client.logout()
    assert_failure_page(client.get(path_of(back)), 400, "Het inloggen is verlopen")


def test_the_callback_opened_by_hand_explains_itself(client, oidc_provider):
    response = client.get("/oidc/callback/")
    page = assert_failure_page(response, 400, "Inloggen is niet gelukt")
    assert "geen antwoord van de inlogdienst" in page


def test_an_id_token_with_another_nonce_is_refused(client, settings, oidc_provider):
    """Two sign-ins started in one session; the code of the first comes back with the state of
    the second, so the ID token carries the first one's nonce."""
    # The app sends a PKCE challenge too, which the loopback provider does not check (Entra ID
    # and ADFS do); without it the nonce is all that stands between the code and the session.
    settings.OIDC_USE_PKCE = False
    oidc_provider.person("anna", **ANNA)
    first = client.get("/oidc/authenticate/")["Location"]
    second = client.get("/oidc/authenticate/")["Location"]
    back = oidc_provider.authorize(first, "anna")
    second_state = dict(parse_qsl(urlsplit(second).query))["state"]
    response = client.get(with_param(back, state=second_state))
    page = assert_failure_page(response, 400, "Inloggen is niet gelukt")
    assert "kon niet worden gecontroleerd" in page
    assert signed_in(client) is None and not User.objects.exists()


def test_an_id_token_from_another_issuer_is_refused(client, settings, oidc_provider):
    settings.DV_OIDC_ISSUER = "https://login.microsoftonline.com/andere-gemeente/v2.0"
    oidc_provider.person("anna", **ANNA)
    response = sign_in(client, oidc_provider, "anna")
    assert_failure_page(response, 400, "Inloggen is niet gelukt")
    assert signed_in(client) is None


def test_a_sign_in_cancelled_at_the_provider_says_so(client, oidc_provider):
    start = client.get("/oidc/authenticate/")
    back = oidc_provider.authorize(start["Location"], deny=True)
    response = client.get(path_of(back))
    page = assert_failure_page(response, 403, "Inloggen is niet gelukt")
    assert "afgebroken" in page
    assert signed_in(client) is None


def test_a_provider_that_cannot_be_reached_gets_a_dutch_page(client, settings, oidc_provider):
    oidc_provider.person("anna", **ANNA)
    start = client.get("/oidc/authenticate/")
    back = oidc_provider.authorize(start["Location"], "anna")
    # The provider goes down before the app exchanges the code.
    settings.OIDC_OP_TOKEN_ENDPOINT = "http://127.0.0.1:9/token"
    response = client.get(path_of(back))
    assert_failure_page(response, 502, "De inlogdienst is niet bereikbaar")
    assert signed_in(client) is None

    # Unreachable before it starts: the discovery document cannot be read.
    settings.DV_OIDC_DISCOVERY_URL = "http://127.0.0.1:9/"
    response = client.get("/oidc/authenticate/")
    assert_failure_page(response, 502, "De inlogdienst is niet bereikbaar")


def test_the_endpoints_can_be_set_one_by_one_without_discovery(client, settings, oidc_provider):
    document = requests.get(f"{oidc_provider.url}/.well-known/openid-configuration", timeout=5)
    endpoints = document.json()
    settings.DV_OIDC_DISCOVERY_URL = ""
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = endpoints["authorization_endpoint"]
    settings.OIDC_OP_TOKEN_ENDPOINT = endpoints["token_endpoint"]
    settings.OIDC_OP_USER_ENDPOINT = endpoints["userinfo_endpoint"]
    settings.OIDC_OP_JWKS_ENDPOINT = endpoints["jwks_uri"]
    oidc_provider.person("anna", **ANNA, groups=["DV-Coordinatoren"])
    sign_in(client, oidc_provider, "anna")
    assert signed_in(client).role == Role.COORDINATOR


def test_without_the_userinfo_endpoint_the_id_token_suffices(client, settings, oidc_provider):
    settings.DV_OIDC_USE_USERINFO = False  # as for ADFS
    oidc_provider.person("anna", **ANNA, groups=["DV-Directie"])
    sign_in(client, oidc_provider, "anna")
    user = signed_in(client)
    assert user.role == Role.MANAGEMENT and user.email == ANNA["email"]


# --- alongside django-axes and the platform's own two-factor --------------------------------------


def test_django_axes_neither_counts_nor_blocks_sign_ins_with_the_work_account(
    client, settings, oidc_provider
):
    UserFactory(username="anna", password=PASSWORD)
    # Someone guesses Anna's password from this address until that combination is locked.
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "anna", "password": "fout"})
    locked = client.post(reverse("login"), {"username": "anna", "password": PASSWORD})
    assert locked.status_code == 429
    # Failed sign-ins through the provider are no wrong passwords: they are not counted.
    settings.DV_OIDC_ISSUER = "https://elders.example/"
    oidc_provider.person("anna", **ANNA)
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        assert sign_in(client, oidc_provider, "anna").status_code == 400
    assert not AccessAttempt.objects.exclude(username="anna").exists()
    # From the same address the work account signs in, and axes logs the sign-in.
    settings.DV_OIDC_ISSUER = ""
    response = sign_in(client, oidc_provider, "anna")
    assert response.status_code == 302
    user = signed_in(client)
    assert user is not None and AccessLog.objects.filter(username=user.username).exists()


def test_a_session_tells_whether_it_began_at_the_identity_provider(client, oidc_provider):
    """For the platform's own TOTP: a session begun at the provider needs none."""
    oidc_provider.person("anna", **ANNA)
    sign_in(client, oidc_provider, "anna")
    assert client.session[BACKEND_SESSION_KEY] == BACKEND_PATH
    request = type("Request", (), {"session": client.session})()
    assert signed_in_with_oidc(request)

    password_client = Client()
    UserFactory(username="bert", password=PASSWORD)
    password_client.post(reverse("login"), {"username": "bert", "password": PASSWORD})
    request = type("Request", (), {"session": password_client.session})()
    assert signed_in(password_client) is not None and not signed_in_with_oidc(request)


def test_a_beheerder_from_the_provider_is_not_asked_for_the_platforms_own_code(
    client, settings, oidc_provider
):
    """The identity provider asked for the second factor; a local beheerder is asked here."""
    settings.DV_2FA_REQUIRED = True
    oidc_provider.person("anna", **ANNA, groups="dv-beheer")
    sign_in(client, oidc_provider, "anna")
    assert client.get(reverse("admin:index")).status_code == 200

    local = Client()
    UserFactory(username="bert", password=PASSWORD, role=Role.ADMINISTRATOR, is_staff=True)
    local.post(reverse("login"), {"username": "bert", "password": PASSWORD})
    asked = local.get(reverse("admin:index"))
    assert asked.status_code == 302 and asked["Location"].startswith("/tweestapsverificatie/")


# --- switching passwords off --------------------------------------------------------------------


def test_with_local_login_off_the_form_is_gone_and_passwords_are_refused(
    client, settings, oidc_provider
):
    settings.DV_LOCAL_LOGIN = False
    UserFactory(username="anna", password=PASSWORD)
    UserFactory(username="beheer-bert", password=PASSWORD, role=Role.ADMINISTRATOR)
    page = client.get(reverse("login")).content.decode()
    assert "Inloggen met uw werkaccount" in page and 'name="password"' not in page

    refused = client.post(reverse("login"), {"username": "anna", "password": PASSWORD})
    assert refused.status_code == 200
    assert "Inloggen met een wachtwoord staat uit" in refused.content.decode()
    assert signed_in(client) is None
    # The admin's own log-in page refuses the beheerder's password too.
    admin = client.post(reverse("admin:login"), {"username": "beheer-bert", "password": PASSWORD})
    assert admin.status_code == 200 and signed_in(client) is None
    # The work account still signs in.
    oidc_provider.person("anna", **ANNA)
    assert sign_in(client, oidc_provider, "anna").status_code == 302
    assert signed_in(client) is not None


def test_with_local_login_off_a_superuser_still_gets_in_to_repair_beheer(client, settings):
    settings.DV_LOCAL_LOGIN = False
    UserFactory(username="installatie", password=PASSWORD, is_superuser=True)
    # A wrong password says the same as for anyone else: nothing tells a superuser apart.
    wrong = client.post(reverse("login"), {"username": "installatie", "password": "fout"})
    assert "Inloggen met een wachtwoord staat uit" in wrong.content.decode()

    response = client.post(
        reverse("admin:login"), {"username": "installatie", "password": PASSWORD}
    )
    assert response.status_code == 302 and signed_in(client).is_superuser

    client.logout()
    settings.DV_LOCAL_LOGIN_BREAK_GLASS = False
    client.post(reverse("admin:login"), {"username": "installatie", "password": PASSWORD})
    assert signed_in(client) is None


def test_with_everything_off_the_page_says_whom_to_ask(client, settings):
    settings.DV_LOCAL_LOGIN = False
    page = client.get(reverse("login")).content.decode()
    assert "Inloggen is nog niet ingesteld" in page and 'name="password"' not in page


# --- settings -----------------------------------------------------------------------------------


def test_group_mappings_are_read_from_the_environment(monkeypatch):
    from dienstverlening.settings import env_groups

    monkeypatch.setenv(
        "DV_OIDC_TEAM_MANAGER_GROUPS",
        "CN=TM Burgerzaken,OU=Groepen,DC=woerden,DC=nl=burgerzaken; DV-TM=kcc, belastingen",
    )
    assert env_groups("DV_OIDC_TEAM_MANAGER_GROUPS") == {
        "CN=TM Burgerzaken,OU=Groepen,DC=woerden,DC=nl": ["burgerzaken"],
        "DV-TM": ["kcc", "belastingen"],
    }
    monkeypatch.setenv("DV_OIDC_ROLE_GROUPS", "DV-Beheer")
    with pytest.raises(ImproperlyConfigured, match="is geen groep=waarde"):
        env_groups("DV_OIDC_ROLE_GROUPS")


def test_a_group_gives_one_role(monkeypatch):
    from dienstverlening.settings import env_roles

    monkeypatch.setenv("DV_OIDC_ROLE_GROUPS", "DV-Beheer=beheerder;DV-Directie=directie")
    assert env_roles("DV_OIDC_ROLE_GROUPS") == {"DV-Beheer": "beheerder", "DV-Directie": "directie"}
    monkeypatch.setenv("DV_OIDC_ROLE_GROUPS", "DV-Beheer=beheerder,directie")
    with pytest.raises(ImproperlyConfigured, match="krijgt één rol"):
        env_roles("DV_OIDC_ROLE_GROUPS")


def test_the_system_check_names_what_is_wrong(settings):
    settings.DV_OIDC_ROLE_GROUPS = {"DV-Baas": "baas", "DV-Beheer": "Functioneel beheerder"}
    settings.OIDC_RP_CLIENT_ID = "dienstverlening"
    settings.DV_OIDC_DISCOVERY_URL = ""
    settings.DV_LOCAL_LOGIN = False
    messages = {message.id: message.msg for message in sign_in_check(None)}
    assert set(messages) == {"core.E001", "core.E002", "core.W001"}
    assert "'baas'" in messages["core.E001"]
