"""Survey imports and invitation lists run as background jobs; the commands show progress only
on a terminal."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from dienstverlening.core.jobs import upload_dir
from dienstverlening.core.models import Job, JobStatus
from dienstverlening.surveys.models import ImportStatus, Invitation, Response, ResponseImport
from tests.conftest import logged_in
from tests.organisation.factories import ChannelFactory, MunicipalityFactory
from tests.surveys.factories import SurveyRunFactory
from tests.surveys.test_imports import HEADER, line
from tests.surveys.test_invitations import CONTACTS
from tests.workers import DATABASE_TASKS, wait_for

pytestmark = pytest.mark.django_db

MOMENT = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def external(questionnaire, service):
    ChannelFactory(name="Telefoon", slug="telefoon")
    MunicipalityFactory(name="Oudewater", slug="oudewater", cbs_code="GM0589")
    return SurveyRunFactory(name="Nulmeting", kind="external", questionnaire=questionnaire)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _mapping_post(client, run, data: bytes) -> tuple[str, dict]:
    upload = client.post(
        f"/metingen/{run.pk}/importeren/",
        {"file": SimpleUploadedFile("nulmeting.csv", data, content_type="text/csv")},
    )
    mapping_url = upload["Location"]
    form = client.get(mapping_url).context["form"]
    return mapping_url, {name: form[name].value() or "" for name in form.fields}


def _finished(job_url: str) -> Job:
    pk = job_url.strip("/").split("/")[-1]
    return wait_for(lambda: Job.objects.filter(pk=pk, finished_at__isnull=False).first())


@pytest.mark.tasks
def test_import_of_results_runs_in_a_real_worker(task_worker, client, coordinator, external):
    logged_in(client, coordinator)
    rows = [HEADER] + [line(cijfer=str(1 + n % 10)) for n in range(2500)]
    mapping_url, post = _mapping_post(client, external, "\n".join(rows).encode("cp1252"))
    started = client.post(mapping_url, {**post, "action": "import"})
    assert started["Location"].startswith("/taken/")
    job = _finished(started["Location"])
    assert job.status == JobStatus.SUCCEEDED, job.errors
    page = client.get(started["Location"]).content.decode()
    assert "2.500 antwoorden zijn geïmporteerd. Het bestand is verwijderd." in page
    assert Response.objects.count() == 2500
    item = ResponseImport.objects.get()
    assert item.status == ImportStatus.IMPORTED and not item.upload


@pytest.mark.tasks
def test_bad_rows_of_results_are_listed_and_the_file_stays_for_new_columns(
    task_worker, client, coordinator, external
):
    logged_in(client, coordinator)
    rows = [HEADER, line(), line(service="Onbekend")]
    mapping_url, post = _mapping_post(client, external, "\n".join(rows).encode("cp1252"))
    started = client.post(mapping_url, {**post, "action": "import"})
    job = _finished(started["Location"])
    page = client.get(started["Location"]).content.decode()
    assert job.status == JobStatus.FAILED
    assert "Regel 3: dienst &#x27;Onbekend&#x27; is onbekend." in page
    assert "Kolommen aanpassen" in page and mapping_url in page
    assert Response.objects.count() == 0
    assert ResponseImport.objects.get().status == ImportStatus.UPLOADED  # can be tried again


def test_a_second_click_while_importing_opens_the_same_job(client, coordinator, external, settings):
    settings.TASKS = DATABASE_TASKS  # no worker: the first job keeps waiting
    logged_in(client, coordinator)
    mapping_url, post = _mapping_post(client, external, f"{HEADER}\n{line()}".encode("cp1252"))
    first = client.post(mapping_url, {**post, "action": "import"})
    second = client.post(mapping_url, {**post, "action": "import"})
    assert first["Location"] == second["Location"] and Job.objects.count() == 1


@pytest.mark.tasks
def test_invitation_list_runs_in_a_real_worker_and_its_file_is_deleted(
    task_worker, client, coordinator, run
):
    logged_in(client, coordinator)
    started = client.post(
        f"/metingen/{run.pk}/uitnodigen/",
        {"file": SimpleUploadedFile("contacten.csv", CONTACTS.encode("cp1252"))},
    )
    pending = Job.objects.get()
    stored = upload_dir() / pending.upload
    job = _finished(started["Location"])
    assert job.status == JobStatus.SUCCEEDED, job.errors
    assert "2 uitnodigingen klaargezet" in client.get(started["Location"]).content.decode()
    assert Invitation.objects.count() == 2
    assert not stored.exists()  # the list held e-mail addresses


def test_invitation_list_with_bad_rows_sets_nothing_ready(client, coordinator, run):
    logged_in(client, coordinator)
    page = client.post(
        f"/metingen/{run.pk}/uitnodigen/",
        {"file": SimpleUploadedFile("contacten.csv", b"e-mailadres;dienst\nx;y\n")},
        follow=True,
    ).content.decode()
    assert "Niet gelukt." in page and "Het bestand mist een kolom voor" in page
    assert Invitation.objects.count() == 0 and list(upload_dir().glob("*.csv")) == []


def test_employee_cannot_start_an_invitation_job(client, employee, run):
    logged_in(client, employee)
    response = client.post(
        f"/metingen/{run.pk}/uitnodigen/",
        {"file": SimpleUploadedFile("contacten.csv", CONTACTS.encode())},
    )
    assert response.status_code == 403 and Job.objects.count() == 0


def test_send_invitations_is_quiet_without_a_terminal(client, coordinator, run):
    logged_in(client, coordinator)
    client.post(
        f"/metingen/{run.pk}/uitnodigen/",
        {"file": SimpleUploadedFile("contacten.csv", CONTACTS.encode("cp1252"))},
    )
    out, err = io.StringIO(), io.StringIO()
    with time_machine.travel(MOMENT, tick=False):
        call_command("send_invitations", "--batch", "1", stdout=out, stderr=err)
    assert out.getvalue() == "2 uitnodigingen en 0 herinneringen verstuurd.\n"
    assert err.getvalue() == "" and len(mail.outbox) == 2
    quiet = io.StringIO()
    with time_machine.travel(MOMENT + datetime.timedelta(days=8), tick=False):
        call_command("send_invitations", verbosity=0, stdout=quiet, stderr=quiet)
    assert quiet.getvalue() == "" and len(mail.outbox) == 4  # two reminders, no output


def test_send_invitations_draws_a_bar_on_a_terminal(client, coordinator, run):
    logged_in(client, coordinator)
    client.post(
        f"/metingen/{run.pk}/uitnodigen/",
        {"file": SimpleUploadedFile("contacten.csv", CONTACTS.encode("cp1252"))},
    )
    terminal = _Terminal()
    with time_machine.travel(MOMENT, tick=False):
        call_command("send_invitations", "--batch", "1", stdout=io.StringIO(), stderr=terminal)
    assert "E-mails versturen" in terminal.getvalue() and "2/2" in terminal.getvalue()


def test_import_responses_command_bar_only_on_a_terminal(external, tmp_path):
    path = tmp_path / "nulmeting.csv"
    path.write_bytes("\n".join([HEADER, line(), line()]).encode("cp1252"))
    out, err = io.StringIO(), io.StringIO()
    call_command("import_responses", str(path), "--run", "Nulmeting", stdout=out, stderr=err)
    assert err.getvalue() == "" and out.getvalue().startswith("2 antwoorden geïmporteerd in ")
    terminal = _Terminal()
    call_command(
        "import_responses", str(path), "--run", "Nulmeting", stdout=io.StringIO(), stderr=terminal
    )
    assert "Regels controleren" in terminal.getvalue() and "Regels opslaan" in terminal.getvalue()
