"""Answers and handling records for the alert and where-to-start tests, entered the way the
intake enters them (``surveys.services.response_submit``, ``handling.services``).

Import the fixtures into a test module: ``from tests.improvement.alerts_data import answers``.
"""

import datetime

import pytest

from dienstverlening.handling.models import HandlingItem
from dienstverlening.handling.services import items_close, items_upsert
from dienstverlening.insights.periods import period_from
from dienstverlening.surveys.models import RunKind
from dienstverlening.surveys.services import (
    Answers,
    questionnaire_create_version,
    response_submit,
    run_create,
)
from tests.clock import at, working_days_after
from tests.framework.factories import CoreValueFactory, NormFactory, StatementFactory
from tests.handling.factories import item_input
from tests.organisation.factories import ChannelFactory, MunicipalityFactory

VALUES = ["Menselijk", "Makkelijk", "Betrouwbaar", "Betrokken"]


@pytest.fixture
def statements(db):
    values = [
        CoreValueFactory(name=name, slug=name.lower(), order=i) for i, name in enumerate(VALUES)
    ]
    return [
        StatementFactory(value=v, text=f"Stelling {v.name} {k}.", order=2 * i + k)
        for i, v in enumerate(values)
        for k in (1, 2)
    ]


@pytest.fixture
def quarter(now):
    """The last whole quarter (the rules' ``kwartaal``) and the quarter before it."""
    this = period_from("kwartaal", today=now.date())
    return this, this.previous()


@pytest.fixture
def answers(statements, now):
    """answers(service, n, agree=..., day=..., mark=...) adds n responses: ``agree`` is how
    many of the n agree with every statement (all of them when True, none when False)."""
    questionnaire_create_version()
    run = run_create(
        name="Doorlopend", kind=RunKind.CONTINUOUS, starts_on=datetime.date(now.year - 2, 1, 1)
    )
    municipality, channel = MunicipalityFactory(), ChannelFactory()

    def add(service, n, *, agree=True, day, mark=8, good=""):
        agreeing = n if agree is True else 0 if agree is False else agree
        for i in range(n):
            response_submit(
                run=run,
                service=service,
                channel=channel,
                municipality=municipality,
                answers=Answers(
                    statements={s.pk: 5 if i < agreeing else 2 for s in statements},
                    mark=mark,
                    outcome="granted",
                    good=good,
                ),
                answered_on=day,
                source="open",
            )

    return add


@pytest.fixture
def callback_norm(db):
    """The organisation's norm for a call-back: 1 working day, for 90 %."""
    return NormFactory(subject="callback")


def callbacks(
    team, received: datetime.datetime, lead_days: list[int], *, prefix: str, service=None
) -> None:
    """One call-back of ``team`` (about ``service``) per entry, received at ``received`` and
    closed after that many working days."""
    municipality = MunicipalityFactory()
    extra = {"service_id": service.pk} if service is not None else {}
    items_upsert(
        items=[
            item_input(team, municipality, f"{prefix}{i}", received, **extra)
            for i in range(len(lead_days))
        ]
    )
    items = {i.source_id: i for i in HandlingItem.objects.filter(source_id__startswith=prefix)}
    closing = {
        items[f"{prefix}{i}"].pk: at(working_days_after(received.date(), days), received.hour)
        for i, days in enumerate(lead_days)
    }
    items_close(items=[items[f"{prefix}{i}"] for i in range(len(lead_days))], closed_at=closing)
