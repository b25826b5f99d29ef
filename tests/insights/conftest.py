"""Data for the dashboard, entered the way the intake enters it (surveys and handling services)."""

import datetime

import pytest

from dienstverlening.framework.models import Level, NormSubject, NormUnit
from dienstverlening.surveys.models import RunKind
from dienstverlening.surveys.services import (
    Answers,
    questionnaire_create_version,
    response_submit,
    run_create,
)
from tests.clock import AMSTERDAM, MOMENTS
from tests.framework.factories import CoreValueFactory, NormFactory, StatementFactory
from tests.organisation.factories import ChannelFactory, MunicipalityFactory

TODAY = datetime.date(2026, 11, 29)
# Noon on TODAY, for tests that read the clock on TODAY itself: ``pytest.mark.moment(TODAY_NOON)``.
TODAY_NOON = datetime.datetime.combine(TODAY, datetime.time(12), AMSTERDAM)


@pytest.fixture
def default_moment() -> datetime.datetime:
    """The answers here are dated around TODAY and the dashboard counts its periods ("dit jaar",
    "laatste 12 maanden") from the clock, so these tests read it on Wednesday 2 December 2026,
    whatever DV_TEST_MOMENT says. Tests marked ``every_moment`` date their answers from ``now``."""
    return MOMENTS["wednesday"]


@pytest.fixture
def statements(db):
    values = [
        CoreValueFactory(name=name, slug=name.lower(), order=i)
        for i, name in enumerate(["Menselijk", "Makkelijk", "Betrouwbaar", "Betrokken"])
    ]
    return [
        StatementFactory(value=v, text=f"Stelling {v.name} {k}") for v in values for k in (1, 2)
    ]


@pytest.fixture
def run(statements):
    questionnaire_create_version()
    return run_create(
        name="Doorlopend", kind=RunKind.CONTINUOUS, starts_on=TODAY.replace(year=2024)
    )


@pytest.fixture
def baseline_run(statements, run):
    return run_create(
        name="Nulmeting",
        kind=RunKind.EXTERNAL,
        starts_on=datetime.date(2024, 3, 1),
        is_baseline=True,
    )


@pytest.fixture
def answer(run, statements):
    """answer(service, n, agree=True, day=..., mark=8, outcome="granted") adds n responses."""
    municipality = MunicipalityFactory()
    channel = ChannelFactory()

    def add(service, n, *, agree=True, day=TODAY, mark=8, outcome="granted", good="", on_run=None):
        for _ in range(n):
            response_submit(
                run=on_run or run,
                service=service,
                channel=channel,
                municipality=municipality,
                answers=Answers(
                    statements={s.pk: 5 if agree else 2 for s in statements},
                    mark=mark,
                    outcome=outcome,
                    good=good,
                ),
                answered_on=day,
                source="open",
            )

    return add


@pytest.fixture
def callback_norm(db):
    """The factory's organisation norm for a call-back: 1 working day, for 90 %."""
    norm = NormFactory(subject=NormSubject.CALLBACK)
    assert (norm.level, norm.unit) == (Level.ORGANISATION, NormUnit.WORKING_DAYS)
    assert (norm.target_value, norm.target_share) == (1, 90)
    return norm
