import factory

from dienstverlening.core.models import User
from dienstverlening.core.roles import Role


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"de Vries {n}")
    role = Role.EMPLOYEE
    password = factory.django.Password("geheim-wachtwoord")


def api_client(
    name: str = "kcc-koppeling",
    *,
    scopes=("handling",),
    sources=("kcc", "zaaksysteem"),
    **fields,
):
    """A REST framework test client that sends the token of a new API client (``.api_client``
    is that client)."""
    from rest_framework.test import APIClient

    from dienstverlening.core.services import api_client_create

    record, token = api_client_create(name=name, scopes=scopes, sources=sources, **fields)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    client.api_client = record
    client.token = token
    return client


def historical_team_and_municipality(apps):
    """Team Burgerzaken (in a domain) and municipality Woerden, made with the historical models
    ``apps`` of a migration state, for tests that move rows through a migration."""
    domain = apps.get_model("organisation", "Domain").objects.create(name="D", slug="d")
    team = apps.get_model("organisation", "Team").objects.create(
        name="Burgerzaken", slug="burgerzaken", domain=domain
    )
    municipality = apps.get_model("organisation", "Municipality").objects.create(
        name="Woerden", slug="woerden", cbs_code="GM0632"
    )
    return team, municipality
