"""Passwords of local accounts: at least 12 characters, not common, no name of the organisation.

The rules are Django's password validators (AUTH_PASSWORD_VALIDATORS) plus
core.passwords.OrganisationNameValidator, so every path that sets a password through a form
or a command meets them: the admin's own password page, a colleague's password set by the
functioneel beheerder, a new account, createsuperuser and changepassword.
"""

import io

import pytest
from django.contrib.auth.password_validation import password_validators_help_texts
from django.contrib.auth.password_validation import validate_password as django_validate
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from dienstverlening.core.models import User
from dienstverlening.core.roles import Role
from tests.conftest import logged_in
from tests.core.factories import UserFactory
from tests.organisation.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

GOOD = "lang-en-uniek-wachtwoord-31"
NAME_REFUSED = "Gebruik geen naam van de gemeente of de organisatie"


def problems(password: str, user=None) -> list[str]:
    try:
        django_validate(password, user)
    except ValidationError as error:
        return list(error.messages)
    return []


@pytest.mark.parametrize(
    "password",
    [
        "Woerden2026",
        "woerden2026!",
        "WOERDEN-2026-2027",
        "Dienstverlening",
        "Dienstverlening1",
        "dienst-verlening-2026",
        "Oudewater!2027",
        "GemeenteWoerden!",
        "W0erden-2026-x",
        "Gemeenten-en-zo-42",
        "Ôudewater_1234",
    ],
)
def test_names_of_the_organisation_are_refused_also_with_digits_added(password):
    messages = problems(password)
    assert any(NAME_REFUSED in message for message in messages), messages


def test_municipalities_in_the_database_count_as_names():
    MunicipalityFactory(name="Montfoort", slug="montfoort", cbs_code="GM0335")
    assert any(NAME_REFUSED in message for message in problems("Montfoort-2026-!"))


def test_the_organisation_name_setting_counts_too(settings):
    settings.DV_ORGANISATION_NAME = "Gemeente Stichtse Vecht"
    assert any(NAME_REFUSED in message for message in problems("stichtse-2026-!!"))


def test_too_short_is_refused_in_dutch():
    assert problems("kort-maar-1") == ["Dit wachtwoord is te kort. Gebruik minstens 12 tekens."]


def test_common_passwords_are_still_refused():
    assert "Dit wachtwoord is te algemeen." in problems("qwerty123456")


@pytest.mark.parametrize("password", [GOOD, "een-goed-wachtwoord", "fietsen langs de Linschoten"])
def test_a_long_password_without_names_is_accepted(password):
    assert problems(password) == []


def test_the_rules_are_explained_in_dutch():
    texts = " ".join(password_validators_help_texts())
    assert "minstens 12 tekens" in texts
    assert "geen naam van de gemeente of de organisatie" in texts


@pytest.fixture
def beheerder(client):
    user = UserFactory(username="beheerder-test", role=Role.ADMINISTRATOR, password=GOOD)
    logged_in(client, user)
    return user


def test_own_password_change_in_the_admin_refuses_a_name(client, beheerder):
    url = reverse("admin:password_change")
    response = client.post(
        url,
        {"old_password": GOOD, "new_password1": "Woerden2026!", "new_password2": "Woerden2026!"},
    )
    assert response.status_code == 200
    assert NAME_REFUSED in response.content.decode()
    beheerder.refresh_from_db()
    assert beheerder.check_password(GOOD)

    new = "fietsen langs de Linschoten"
    response = client.post(url, {"old_password": GOOD, "new_password1": new, "new_password2": new})
    assert response.status_code == 302
    beheerder.refresh_from_db()
    assert beheerder.check_password(new)


def test_beheerder_cannot_give_a_colleague_a_weak_password(client, beheerder):
    colleague = UserFactory(username="collega", password=GOOD)
    url = reverse("admin:auth_user_password_change", args=[colleague.pk])
    data = {
        "password1": "Dienstverlening",
        "password2": "Dienstverlening",
        "usable_password": "true",
    }
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert NAME_REFUSED in html and "Dit wachtwoord is te kort" not in html  # 15 characters
    colleague.refresh_from_db()
    assert colleague.check_password(GOOD)


def test_a_new_account_in_the_admin_needs_a_strong_password(client, beheerder):
    data = {
        "username": "nieuw",
        "first_name": "Fatima",
        "last_name": "El Amrani",
        "email": "",
        "usable_password": "true",
        "password1": "Woerden2026",
        "password2": "Woerden2026",
        "role": Role.EMPLOYEE,
    }
    response = client.post(reverse("admin:core_user_add"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dit wachtwoord is te kort" in html and NAME_REFUSED in html
    assert not User.objects.filter(username="nieuw").exists()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_createsuperuser_refuses_a_weak_password_in_dutch(monkeypatch):
    passwords = iter(["Woerden2026", "Woerden2026", GOOD, GOOD])
    answers = iter(["eerste-beheerder", "", "n"])  # username, e-mail, "bypass?" no
    monkeypatch.setattr(
        "django.contrib.auth.management.commands.createsuperuser.getpass.getpass",
        lambda prompt="": next(passwords),
    )
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    errors = io.StringIO()
    call_command("createsuperuser", stdin=Terminal(), stdout=io.StringIO(), stderr=errors)
    assert "Dit wachtwoord is te kort" in errors.getvalue()
    assert NAME_REFUSED in errors.getvalue()
    user = User.objects.get(username="eerste-beheerder")
    assert user.is_superuser and user.check_password(GOOD)


def test_changepassword_refuses_a_weak_password_in_dutch(monkeypatch):
    UserFactory(username="anna", password=GOOD)
    passwords = iter(["Oudewater2027!", "Oudewater2027!", "Oudewater2027!", "Oudewater2027!"] * 2)
    monkeypatch.setattr(
        "django.contrib.auth.management.commands.changepassword.getpass.getpass",
        lambda prompt="": next(passwords),
    )
    with pytest.raises(Exception, match="Aborting password change"):
        call_command("changepassword", "anna", stdout=io.StringIO(), stderr=io.StringIO())
    assert User.objects.get(username="anna").check_password(GOOD)


def test_factories_and_the_demo_may_still_set_a_short_password():
    """Validators guard forms and commands; code that sets a password directly (the demo's
    'demo', test factories) is not refused."""
    user = UserFactory(username="demo-achtig", password="demo")
    assert user.check_password("demo")
