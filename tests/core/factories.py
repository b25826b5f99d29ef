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
