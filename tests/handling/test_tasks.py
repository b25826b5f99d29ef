"""Mailbox syncs as a background job from the page, and the command's output by terminal."""

import io

import pytest
from django.core.management import call_command

from dienstverlening.core.models import Job, JobStatus
from tests.conftest import logged_in
from tests.core.factories import UserFactory
from tests.handling.factories import MailboxFactory
from tests.workers import wait_for

pytestmark = pytest.mark.django_db


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def unreachable(team):
    # Nothing listens on port 1: the sync records the failure and goes on.
    return MailboxFactory(team=team, name="burgerzaken@woerden.nl", port=1)


@pytest.mark.tasks
def test_beheerder_syncs_the_mailboxes_now_in_a_real_worker(task_worker, client, unreachable):
    logged_in(client, UserFactory(username="beheerder-sync", role="administrator"))
    started = client.post("/openstaand-werk/mailboxen/bijwerken/")
    pk = started["Location"].strip("/").split("/")[-1]
    job = wait_for(lambda: Job.objects.filter(pk=pk, finished_at__isnull=False).first())
    assert job.status == JobStatus.SUCCEEDED
    assert (job.done, job.total) == (1, 1)
    page = client.get(started["Location"]).content.decode()
    assert "burgerzaken@woerden.nl" in page and "weigert de verbinding" in page
    assert "1 kon niet worden gelezen" in page
    unreachable.refresh_from_db()
    assert unreachable.last_error


def test_only_the_beheerder_starts_a_sync(client, employee, unreachable):
    logged_in(client, employee)
    assert client.post("/openstaand-werk/mailboxen/bijwerken/").status_code == 403
    assert client.get("/openstaand-werk/mailboxen/bijwerken/").status_code == 405
    assert Job.objects.count() == 0


def test_sync_command_output_by_terminal_and_verbosity(unreachable):
    out, err = io.StringIO(), io.StringIO()
    call_command("sync_mailboxes", stdout=out, stderr=err)
    assert "burgerzaken@woerden.nl: MISLUKT" in err.getvalue()
    assert out.getvalue().strip() == "1 mailboxen, 1 mislukt."
    quiet_out, quiet_err = io.StringIO(), io.StringIO()
    unreachable.port = 2
    unreachable.save()
    call_command("sync_mailboxes", verbosity=0, stdout=quiet_out, stderr=quiet_err)
    assert "MISLUKT" in quiet_err.getvalue()  # failures always reach cron's mail
    assert "mislukt." in quiet_out.getvalue()  # and the summary with them
    terminal = _Terminal()
    call_command("sync_mailboxes", stdout=io.StringIO(), stderr=terminal)
    assert "Mailboxen bijwerken" in terminal.getvalue() and "1/1" in terminal.getvalue()
