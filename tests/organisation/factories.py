import factory

from dienstverlening.organisation.models import Channel, Domain, Municipality, Service, Team


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("slug",)

    name = "Woerden"
    slug = "woerden"
    cbs_code = "GM0632"
    inhabitants = 53000


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel
        django_get_or_create = ("slug",)

    name = "Balie"
    slug = "balie"


class DomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Domain

    name = factory.Sequence(lambda n: f"Domein {n}")
    slug = factory.Sequence(lambda n: f"domein-{n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    domain = factory.SubFactory(DomainFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.Sequence(lambda n: f"team-{n}")
    core_tasks = "Vragen beantwoorden\nAanvragen afhandelen"
    mailbox = factory.LazyAttribute(lambda o: f"{o.slug}@woerden.nl")
    phone = "14 0348"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Dienst {n}")
    slug = factory.Sequence(lambda n: f"dienst-{n}")
    description = "U kunt dit bij ons regelen."
    team = factory.SubFactory(TeamFactory)

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create:
            self.municipalities.set(extracted or [MunicipalityFactory()])

    @factory.post_generation
    def channels(self, create, extracted, **kwargs):
        if create:
            self.channels.set(extracted or [ChannelFactory()])
