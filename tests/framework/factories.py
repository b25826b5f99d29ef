import datetime
from decimal import Decimal

import factory

from dienstverlening.framework.models import (
    CoreValue,
    FocusPeriod,
    Level,
    Norm,
    NormSubject,
    NormUnit,
    Statement,
    WorkAgreement,
)


class CoreValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoreValue
        django_get_or_create = ("slug",)

    name = "Menselijk"
    slug = "menselijk"
    explanation = "We zien de mens achter de vraag."


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement

    value = factory.SubFactory(CoreValueFactory)
    text = factory.Sequence(lambda n: f"Stelling {n}")
    order = factory.Sequence(int)


class NormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Norm

    level = Level.ORGANISATION
    subject = NormSubject.CALLBACK
    title = "We bellen binnen 1 werkdag terug."
    target_value = Decimal("1")
    unit = NormUnit.WORKING_DAYS
    target_share = Decimal("90")
    valid_from = datetime.date(2024, 1, 1)


class WorkAgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkAgreement

    level = Level.ORGANISATION
    text = factory.Sequence(lambda n: f"We noemen altijd onze naam ({n}).")


class FocusPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusPeriod

    value = factory.SubFactory(CoreValueFactory)
    starts_on = datetime.date(2026, 7, 1)
    ends_on = datetime.date(2026, 12, 31)
