"""Survey answers and handling for the improvement-track tests, entered the way the intake
enters them (``surveys.services.response_submit``), dated around the test's ``now``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from dienstverlening.improvement.selectors.tracks import snapshot_period
from dienstverlening.insights.periods import Period
from dienstverlening.surveys.models import RunKind
from dienstverlening.surveys.services import (
    Answers,
    questionnaire_create_version,
    response_submit,
    run_create,
)
from tests.framework.factories import CoreValueFactory, StatementFactory
from tests.organisation.factories import ChannelFactory, MunicipalityFactory

VALUES = ["Menselijk", "Makkelijk", "Betrouwbaar", "Betrokken"]


@dataclass
class Survey:
    """A continuous survey with the eight statements, and the periods around ``today``."""

    run: object
    statements: list
    before: Period  # the period the snapshot measures (the last full quarter)
    before_day: datetime.date
    after_day: datetime.date  # a day in the first whole month after it

    @property
    def after_code(self) -> str:
        return f"{self.after_day.year}-{self.after_day.month:02d}"

    def answer(self, service, n: int, *, agree: bool, day: datetime.date, mark: int = 8) -> None:
        municipality, channel = MunicipalityFactory(), ChannelFactory()
        for _ in range(n):
            response_submit(
                run=self.run,
                service=service,
                channel=channel,
                municipality=municipality,
                answers=Answers(
                    statements={s.pk: 5 if agree else 2 for s in self.statements},
                    mark=mark,
                    outcome="granted",
                ),
                answered_on=day,
                source="open",
            )


def survey(today: datetime.date) -> Survey:
    values = [
        CoreValueFactory(name=name, slug=name.lower(), order=i) for i, name in enumerate(VALUES)
    ]
    statements = [
        StatementFactory(value=v, text=f"Stelling {v.name} {k}") for v in values for k in (1, 2)
    ]
    questionnaire_create_version()
    before = snapshot_period(today=today)
    run = run_create(
        name="Doorlopend", kind=RunKind.CONTINUOUS, starts_on=before.start.replace(day=1)
    )
    return Survey(
        run=run,
        statements=statements,
        before=before,
        before_day=before.start + datetime.timedelta(days=40),
        after_day=before.end + datetime.timedelta(days=15),
    )


def improved_service(service, today: datetime.date, *, n: int = 10) -> Survey:
    """Residents disagree in the period before and agree in the month after: a real change."""
    data = survey(today)
    data.answer(service, n, agree=False, day=data.before_day, mark=5)
    data.answer(service, n, agree=True, day=data.after_day, mark=9)
    return data
