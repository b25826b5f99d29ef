"""Set-up for the outage test, run in a subprocess against its own PostgreSQL cluster:
``python -m tests.surveys.outage_site`` migrates, makes one open survey run with an open link
(the eight statements and one team question) and prints {"path": ..., "run": ...} as JSON.
"""

import json
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dienstverlening.settings")

import django

django.setup()


def prepare() -> dict:
    from django.core.management import call_command
    from django.utils import timezone

    from dienstverlening.surveys import services
    from dienstverlening.surveys.models import OpenLink, RunKind, RunStatus
    from tests.framework.factories import CoreValueFactory, StatementFactory
    from tests.organisation.factories import (
        ChannelFactory,
        MunicipalityFactory,
        ServiceFactory,
    )
    from tests.surveys.conftest import TEXTS
    from tests.surveys.factories import TeamQuestionFactory

    call_command("migrate", verbosity=0, skip_checks=True)
    value = CoreValueFactory()
    for order, text in enumerate(TEXTS, start=1):
        StatementFactory(value=value, text=text, order=order)
    services.questionnaire_create_version()
    service = ServiceFactory(name="Paspoort aanvragen", slug="paspoort")
    TeamQuestionFactory(team=service.team, kind="yes_no", text="Had u een afspraak?")
    run = services.run_create(
        name="Storingsproef", kind=RunKind.CONTINUOUS, starts_on=timezone.localdate()
    )
    services.run_transition(run=run, status=RunStatus.OPEN)
    link = OpenLink.objects.create(
        run=run, service=service, channel=ChannelFactory(), municipality=MunicipalityFactory()
    )
    return {"path": link.get_absolute_url(), "run": run.pk}


if __name__ == "__main__":
    print(json.dumps(prepare()))
