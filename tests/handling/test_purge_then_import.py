"""A purged item counts in the roll-ups; delivered again, it must not count twice.

The register keeps a closed item two years (``handling.retention``), then deletes the row and
keeps its counts. A source that delivers the same old rows again (an old export imported once
more, a client that sends its history again) would otherwise add them as new items: the
dashboard would count them twice. After a purge, new items closed before its cutoff are skipped
by both imports and refused by the API, with the reason in Dutch; items still in the register
are updated as always.
"""

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.test.utils import override_settings

from dienstverlening.core.models import Job, JobStatus
from dienstverlening.framework.models import NormSubject
from dienstverlening.handling.importing import handling_import
from dienstverlening.handling.models import DailyFlow, HandlingItem, MonthlyFlow
from dienstverlening.handling.services import import_outcome
from dienstverlening.handling.tasks import IMPORT
from tests.conftest import logged_in
from tests.core.factories import api_client
from tests.framework.factories import NormFactory
from tests.handling.factories import moment, task_payload
from tests.organisation.factories import MunicipalityFactory

NOW = moment("2026-12-02 10:00")
pytestmark = [pytest.mark.django_db, pytest.mark.moment(NOW)]
HEADER = "Nummer;Team;Gemeente;Aangemaakt;Afgehandeld\r\n"
# Closed in 2023: past the default two years at the purge. The last one is recent.
LINES = [
    "OUD-1;Burgerzaken;Woerden;01-03-2023 09:00;02-03-2023 10:00\r\n",
    "OUD-2;Burgerzaken;Woerden;06-03-2023 09:00;06-03-2023 15:00\r\n",
    "OUD-3;Burgerzaken;Woerden;07-03-2023 09:00;10-03-2023 09:00\r\n",
    "NIEUW-1;Burgerzaken;Woerden;30-11-2026 09:00;01-12-2026 09:00\r\n",
]
SET_BASED = {"set-based": 1, "row by row": 10**9}


def counts() -> tuple:
    """What the dashboard reads of closed work: received and closed, per day and per month."""
    totals = ("received", "closed", "closed_on_time")
    return tuple(
        model.objects.aggregate(**{name: Sum(name) for name in totals})
        for model in (DailyFlow, MonthlyFlow)
    )


def import_file(source, lines: list[str], threshold: int):
    data = (HEADER + "".join(lines)).encode()
    with override_settings(DV_HANDLING_SET_IMPORT_ROWS=threshold):
        return handling_import(source=source, data=data, filename="kcc.csv")


@pytest.mark.parametrize("threshold", SET_BASED.values(), ids=SET_BASED.keys())
def test_old_rows_delivered_again_after_a_purge_do_not_count_twice(clock, source, threshold):
    assert import_file(source, LINES, threshold).created == 4
    call_command("purge", verbosity=0)
    assert list(HandlingItem.objects.values_list("source_id", flat=True)) == ["NIEUW-1"]
    before = counts()
    assert before[0]["received"] == 4  # the purged items still count

    result = import_file(source, LINES, threshold)

    assert (result.created, result.updated, result.skipped) == (0, 1, 3)
    assert counts() == before
    assert HandlingItem.objects.count() == 1
    assert import_outcome(result)["skipped_reason"] == (
        "Afgehandeld vóór 02-12-2024: zo oude items zijn na de bewaartermijn uit het register "
        "verwijderd en tellen al mee in de cijfers. Ze worden niet opnieuw opgenomen."
    )


@pytest.mark.parametrize("threshold", SET_BASED.values(), ids=SET_BASED.keys())
def test_an_old_item_still_in_the_register_is_closed_as_delivered(clock, source, threshold):
    """Open items are never purged: closing one with an old date is an update, not skipped."""
    import_file(source, ["OPEN-1;Burgerzaken;Woerden;01-03-2023 09:00;\r\n"], threshold)
    call_command("purge", verbosity=0)

    result = import_file(
        source, ["OPEN-1;Burgerzaken;Woerden;01-03-2023 09:00;03-03-2023 09:00\r\n"], threshold
    )

    assert (result.created, result.updated, result.skipped) == (0, 1, 0)
    assert HandlingItem.objects.get().closed_at == moment("2023-03-03 09:00")
    assert counts()[0]["closed"] == 1


def test_without_a_purge_history_is_imported_as_it_comes(clock, source):
    """Before the first purge nothing was removed, so old items are taken (a first import of
    a source's history); the purge removes their rows later and keeps their counts."""
    result = import_file(source, LINES, 1)
    assert (result.created, result.skipped) == (4, 0)
    call_command("purge", "--dry-run", verbosity=0)  # a dry run removes nothing
    assert import_file(source, LINES, 1).skipped == 0


def test_the_api_refuses_a_purged_item_with_the_reason(clock, team, service):
    MunicipalityFactory()
    NormFactory(subject=NormSubject.CALLBACK)
    api = api_client("koppeling-bewaartermijn")
    old = task_payload(
        nummer="T-OUD",
        toegewezenOp="2023-03-01T09:00:00+01:00",
        afgehandeldOp="2023-03-02T09:00:00+01:00",
        status="verwerkt",
    )
    assert api.post("/api/v1/interne-taken/", old, "json").status_code == 201
    call_command("purge", verbosity=0)
    before = counts()

    response = api.post("/api/v1/interne-taken/", old, "json")

    assert response.status_code == 400, response.content
    reasons = {p["name"]: p["reason"] for p in response.json()["invalidParams"]}
    assert reasons["afgehandeldOp"].startswith("Afgehandeld vóór 02-12-2024: zo oude items")
    assert counts() == before
    assert not HandlingItem.objects.exists()


def test_the_import_page_says_how_many_rows_were_skipped_and_why(client, source, beheerder):
    import_file(source, LINES, 1)
    call_command("purge", verbosity=0)
    result = import_file(source, LINES, 1)
    job = Job.objects.create(
        kind=IMPORT, title="Import kcc.csv", started_by=beheerder, status=JobStatus.SUCCEEDED,
        started_at=NOW, finished_at=NOW, outcome=import_outcome(result),
    )  # fmt: skip

    page = logged_in(client, beheerder).get(job.get_absolute_url()).content.decode()

    assert 'class="dv-job__skipped">3<' in page
    assert "Afgehandeld vóór 02-12-2024: zo oude items zijn na de bewaartermijn" in page
