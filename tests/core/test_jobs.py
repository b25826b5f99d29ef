"""Background jobs: a real worker runs them, the page shows progress and then the outcome."""

import datetime
import io
import os
import threading

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks import task

from dienstverlening.core.formats import format_duration
from dienstverlening.core.jobs import (
    JobFailed,
    job_find,
    job_run,
    job_start,
    jobs_prune,
    upload_dir,
    upload_read,
)
from dienstverlening.core.models import Job, JobStatus
from dienstverlening.core.progress import (
    JobProgress,
    Stage,
    remaining_seconds,
    terminal_progress,
)
from dienstverlening.core.roles import Role
from tests.conftest import logged_in
from tests.core.factories import UserFactory
from tests.workers import wait_for

MOMENT = datetime.datetime(2026, 11, 18, 10, 0, tzinfo=datetime.UTC)
GATE = threading.Event()


def _count(job, progress) -> dict:
    """Test work: half-way, wait for the test to look; then fail or finish as asked."""
    total = job.params["total"]
    progress(Stage.CHECK, total // 2, total)
    if job.params.get("wait"):
        assert GATE.wait(timeout=60)
    if job.params.get("fail") == "rows":
        raise JobFailed(["Regel 3: de datum ontbreekt.", "Regel 7: team 'X' is onbekend."])
    if job.params.get("fail") == "crash":
        raise RuntimeError("stuk")
    progress(Stage.CHECK, total, total)
    return {"geteld": total}


@task()
def count_task(job_id: str) -> dict:
    return job_run(job_id, _count)


def _start(user, **params):
    upload = SimpleUploadedFile("lijst.csv", b"a;b\n1;2\n")
    return job_start(
        task=count_task,
        kind="tests.count",
        title="Tellen",
        user=user,
        params={"total": 1000, **params},
        upload=upload,
    )


@pytest.fixture
def beheerder(db):
    return UserFactory(username="beheerder-taken", role=Role.ADMINISTRATOR)


@pytest.mark.tasks
def test_worker_runs_the_job_page_shows_progress_then_outcome(task_worker, client, coordinator):
    GATE.clear()
    logged_in(client, coordinator)
    job = _start(coordinator, wait=True)
    assert job.task_id and job.status in (JobStatus.QUEUED, JobStatus.RUNNING)
    stored = upload_dir() / job.upload
    assert stored.read_bytes() == b"a;b\n1;2\n"
    progress_url = f"/taken/{job.pk}/voortgang/"
    try:
        # Half-way: the partial polls itself and shows rows done of total.
        partial = wait_for(
            lambda: (r := client.get(progress_url).content.decode()) and "500 van 1.000" in r and r
        )
    finally:
        GATE.set()
    assert 'hx-trigger="every 1s"' in partial and 'value="500"' in partial
    assert "Regels controleren" in partial
    job = wait_for(lambda: Job.objects.filter(pk=job.pk, status=JobStatus.SUCCEEDED).first())
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Klaar." in page and "geteld" in page and "1000" in page
    assert "hx-trigger" not in client.get(progress_url).content.decode()  # polling stops
    assert (job.done, job.total) == (1000, 1000)
    assert not stored.exists() and job.upload == ""  # the uploaded file is gone


@pytest.mark.tasks
def test_failed_job_lists_its_errors_and_keeps_no_file(task_worker, client, coordinator):
    logged_in(client, coordinator)
    job = _start(coordinator, fail="rows")
    stored = upload_dir() / job.upload
    job = wait_for(lambda: Job.objects.filter(pk=job.pk, status=JobStatus.FAILED).first())
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Niet gelukt." in page and "Er zijn 2 fouten gevonden." in page
    assert "Regel 3: de datum ontbreekt." in page and "Regel 7: team" in page
    assert not stored.exists()


@pytest.mark.tasks
def test_crash_says_so_and_the_task_is_recorded_as_failed(task_worker, client, coordinator):
    from django_tasks import TaskResultStatus, default_task_backend

    logged_in(client, coordinator)
    job = _start(coordinator, fail="crash")
    job = wait_for(lambda: Job.objects.filter(pk=job.pk, status=JobStatus.FAILED).first())
    assert (
        "Er ging iets onverwachts mis (RuntimeError)"
        in client.get(job.get_absolute_url()).content.decode()
    )
    result = wait_for(lambda: (r := default_task_backend.get_result(job.task_id)).is_finished and r)
    assert result.status == TaskResultStatus.FAILED


def test_only_the_starter_and_the_beheerder_see_a_job(
    client, coordinator, employee, beheerder, superuser
):
    job = _start(coordinator)  # the immediate backend of the test settings: already done
    assert job.status == JobStatus.SUCCEEDED
    assert client.get(job.get_absolute_url()).status_code == 302  # to log in
    assert logged_in(client, employee).get(job.get_absolute_url()).status_code == 403
    assert client.get(f"/taken/{job.pk}/voortgang/").status_code == 403
    assert "Tellen" not in client.get("/taken/").content.decode()
    assert logged_in(client, beheerder).get(job.get_absolute_url()).status_code == 200
    assert "Tellen" in client.get("/taken/").content.decode()
    assert logged_in(client, superuser).get(job.get_absolute_url()).status_code == 200
    assert "Tellen" in client.get("/taken/").content.decode()
    mine = logged_in(client, coordinator).get("/taken/").content.decode()
    assert "Tellen" in mine and job.get_absolute_url() in mine


def test_a_job_waiting_long_for_a_worker_says_so(client, coordinator, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    logged_in(client, coordinator)
    with time_machine.travel(MOMENT, tick=False):
        job = _start(coordinator)
        page = client.get(job.get_absolute_url()).content.decode()
    assert "Wacht op een vrije verwerker." in page and "draait niet" not in page
    assert "Vernieuwen" in page  # without JavaScript: reload by hand
    with time_machine.travel(MOMENT + datetime.timedelta(minutes=2), tick=False):
        page = client.get(job.get_absolute_url()).content.decode()
    assert "Misschien draait de taakverwerker niet" in page


def test_a_running_job_without_news_for_long_says_the_worker_may_have_stopped(
    client, coordinator, settings
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    logged_in(client, coordinator)
    with time_machine.travel(MOMENT, tick=False):
        job = _start(coordinator)
        Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=MOMENT)
        JobProgress(job.pk)(Stage.SAVE, 4000, 10_000)
        page = client.get(job.get_absolute_url()).content.decode()
    assert "4.000 van 10.000" in page and "geen voortgang" not in page
    with time_machine.travel(MOMENT + datetime.timedelta(minutes=11), tick=False):
        page = client.get(job.get_absolute_url()).content.decode()
    assert "4.000 van 10.000" in page and "Misschien is de taakverwerker gestopt" in page
    assert "11 min bezig" in page


def test_a_queue_that_cannot_be_reached_fails_the_job_with_a_message(client, coordinator, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/15"}}
    job = _start(coordinator)
    assert job.status == JobStatus.FAILED and not job.upload
    page = logged_in(client, coordinator).get(job.get_absolute_url()).content.decode()
    assert "De taak kon niet worden gestart" in page


def _read(job, progress) -> dict:
    return {"bytes": len(upload_read(job))}


def test_a_file_is_handed_over_once_and_a_second_taker_hears_it_is_gone(coordinator, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    checked = _start(coordinator)  # no worker: it keeps its file
    seen_by_second_click = Job.objects.get(pk=checked.pk)
    first = job_start(
        task=count_task, kind="tests.count", title="1", user=coordinator, upload_from=checked
    )
    second = job_start(
        task=count_task,
        kind="tests.count",
        title="2",
        user=coordinator,
        upload_from=seen_by_second_click,
    )
    assert first.upload == checked.upload and second.upload == ""
    job_run(str(first.pk), _read)
    job_run(str(second.pk), _read)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == JobStatus.SUCCEEDED and first.outcome == {"bytes": 8}
    assert second.status == JobStatus.FAILED
    assert second.errors == [
        "Het bestand van deze taak is er niet meer (al gebruikt of verwijderd). Kies het opnieuw."
    ]


def test_prune_removes_old_jobs_and_forgotten_files(coordinator, settings, tmp_path):
    settings.DV_UPLOAD_DIR = tmp_path / "uploads"
    with time_machine.travel(MOMENT, tick=False):
        old = _start(coordinator)
        kept = job_start(
            task=count_task,
            kind="tests.count",
            title="Wacht nog",
            user=coordinator,
            params={"total": 1},
            upload=SimpleUploadedFile("wacht.csv", b"x"),
        )
        Job.objects.filter(pk=kept.pk).update(status=JobStatus.QUEUED)
        forgotten = upload_dir() / "vergeten.csv"
        forgotten.write_bytes(b"e-mailadres\nanna@example.org\n")
        for path in upload_dir().iterdir():
            stamp = (MOMENT - datetime.timedelta(days=2)).timestamp()
            os.utime(path, (stamp, stamp))
    with time_machine.travel(MOMENT + datetime.timedelta(days=31), tick=False):
        jobs, files = jobs_prune()
    assert (jobs, files) == (1, 1)
    assert not Job.objects.filter(pk=old.pk).exists() and Job.objects.filter(pk=kept.pk).exists()
    assert not forgotten.exists() and (upload_dir() / kept.upload).exists()


def test_estimate_and_durations():
    assert remaining_seconds(done=250, total=1000, elapsed=10) == 30
    assert remaining_seconds(done=0, total=1000, elapsed=10) is None
    assert remaining_seconds(done=10, total=1000, elapsed=0.2) is None  # too early to say
    assert [format_duration(s) for s in (8, 65, 600, 3725)] == [
        "8 s",
        "1 min 5 s",
        "10 min",
        "1 u 2 min",
    ]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_terminal_progress_draws_a_bar_only_on_a_terminal():
    terminal, pipe = _Terminal(), io.StringIO()
    with terminal_progress(terminal) as progress:
        progress(Stage.SAVE, 500, 1000)
        progress(Stage.SAVE, 1000, 1000)
    assert "Regels opslaan" in terminal.getvalue() and "1000/1000" in terminal.getvalue()
    with terminal_progress(pipe) as progress:
        assert progress is None
    assert pipe.getvalue() == ""


RUNS = []


def _remember(job, progress) -> dict:
    RUNS.append(job.pk)
    return {"runs": len(RUNS)}


@task()
def remember_task(job_id: str) -> dict:
    return job_run(job_id, _remember)


def test_a_task_delivered_twice_does_its_work_once(coordinator, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    RUNS.clear()
    job = job_start(task=remember_task, kind="tests.remember", title="Eén keer", user=coordinator)
    # The worker that moves the job from "queued" to "running" works on it; a second delivery
    # of the same task (a retry, a second worker) finds it taken. The UPDATE's row count
    # decides, so this holds between two workers at the same moment too.
    first = job_run(str(job.pk), _remember)
    second = job_run(str(job.pk), _remember)
    assert [job.pk] == RUNS
    assert first == {"status": JobStatus.SUCCEEDED, "errors": 0}
    assert second == {"status": JobStatus.SUCCEEDED, "skipped": True}


def test_the_same_key_starts_one_job_and_stores_one_file(coordinator, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }

    def start(key, content=b"a;b\n1;2\n"):
        return job_start(
            task=count_task,
            kind="tests.count",
            title="Tellen",
            user=coordinator,
            params={"total": 1},
            upload=SimpleUploadedFile("lijst.csv", content),
            key=key,
        )

    first = start("formulier-1")
    again = start("formulier-1", content=b"ander bestand")
    other = start("formulier-2")
    assert again.pk == first.pk and again.reused and not first.reused
    assert other.pk != first.pk and not other.reused
    assert Job.objects.count() == 2
    assert (upload_dir() / first.upload).read_bytes() == b"a;b\n1;2\n"  # not overwritten
    assert job_find(kind="tests.count", user=coordinator, key="formulier-1") == first
    assert job_find(kind="tests.count", user=coordinator, key="formulier-3") is None
