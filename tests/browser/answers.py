"""Survey answers for the browser tests of the Burgerzaken pages (the demo at a small scale
has too few for charts and rankings)."""

import datetime
from collections.abc import Callable

from dienstverlening.framework.models import Statement
from dienstverlening.organisation.models import Channel, Municipality, Service
from dienstverlening.surveys.models import RunKind
from dienstverlening.surveys.services import (
    Answers,
    questionnaire_create_version,
    questionnaire_current,
    response_submit,
    run_create,
)


def burgerzaken_answers(
    *,
    starts_on: datetime.date,
    per_service: int,
    answered_on: Callable[[int], datetime.date],
    vary_by_service: bool = False,
    good: Callable[[int], str] = lambda i: "",
) -> None:
    """``per_service`` answers on a new continuous run for each of the first three Burgerzaken
    services. The i-th answer agrees more or less as i (plus the service's number, with
    ``vary_by_service``) goes round, gives a mark from 4 to 10 the same way, says ``good(i)``
    and is dated ``answered_on(i)``."""
    run = run_create(
        name="Browsertest",
        kind=RunKind.CONTINUOUS,
        starts_on=starts_on,
        questionnaire=questionnaire_current() or questionnaire_create_version(),
    )
    statements = list(Statement.objects.values_list("pk", flat=True))
    channel, municipality = Channel.objects.first(), Municipality.objects.first()
    for k, service in enumerate(Service.objects.filter(team__slug="burgerzaken")[:3]):
        for i in range(per_service):
            turn = i + k if vary_by_service else i
            response_submit(
                run=run,
                service=service,
                channel=channel,
                municipality=municipality,
                answers=Answers(
                    statements={pk: 1 + (turn + pk) % 5 for pk in statements},
                    mark=4 + turn % 7,
                    good=good(i),
                ),
                answered_on=answered_on(i),
                source="open",
            )
