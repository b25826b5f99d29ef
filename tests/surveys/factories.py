import datetime

import factory

from dienstverlening.surveys.models import (
    Invitation,
    OpenLink,
    RunKind,
    RunStatus,
    SurveyRun,
    TeamQuestion,
)
from tests.organisation.factories import ChannelFactory, MunicipalityFactory


class SurveyRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyRun

    name = factory.Sequence(lambda n: f"Meting {n}")
    kind = RunKind.CONTINUOUS
    status = RunStatus.OPEN
    starts_on = datetime.date(2025, 1, 1)


class OpenLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpenLink

    run = factory.SubFactory(SurveyRunFactory)
    channel = factory.SubFactory(ChannelFactory)
    municipality = factory.SubFactory(MunicipalityFactory)


class TeamQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamQuestion

    text = factory.Sequence(lambda n: f"Teamvraag {n}?")
    kind = "yes_no"
    order = factory.Sequence(int)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    run = factory.SubFactory(SurveyRunFactory)
    address_hash = factory.Sequence(lambda n: f"{n:064x}")
    channel = factory.SubFactory(ChannelFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    contact_on = datetime.date(2025, 3, 3)
