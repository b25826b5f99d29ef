"""Retention periods, the `purge` command, its rules for files, jobs and log-in attempts, and the
append-only deletion log the functioneel beheerder reads in /beheer/."""

import datetime
import os

import pytest
from axes.models import AccessAttempt, AccessLog
from django.apps import apps
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dienstverlening.core import retention
from dienstverlening.core.jobs import jobs_prune, upload_dir
from dienstverlening.core.localtime import AMSTERDAM
from dienstverlening.core.models import AppendOnlyError, DeletionLog, Job, JobStatus
from dienstverlening.core.retention import (
    Purge,
    RetentionPeriod,
    Rule,
    period_parse,
    purge_run,
    rows_older_rule,
    rules,
)
from tests.conftest import logged_in

NOW = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=AMSTERDAM)

pytestmark = [pytest.mark.django_db, pytest.mark.moment(NOW)]


# --- periods ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "period", "label"),
    [
        ("1", RetentionPeriod(1), "1 dag"),
        ("14d", RetentionPeriod(14), "14 dagen"),
        ("30 dagen", RetentionPeriod(30), "30 dagen"),
        ("2y", RetentionPeriod(2, years=True), "2 jaar"),
        ("5j", RetentionPeriod(5, years=True), "5 jaar"),
        ("7 Jaar", RetentionPeriod(7, years=True), "7 jaar"),
    ],
)
def test_a_period_is_read_in_days_or_years(text, period, label):
    assert period_parse(text, name="DV_RETENTION_X") == period
    assert period.label() == label


@pytest.mark.parametrize("text", ["", "0", "0d", "-3", "1.5y", "5 eeuwen", "jaar", "14 weken"])
def test_a_period_that_cannot_be_read_is_refused_in_dutch(text):
    with pytest.raises(ImproperlyConfigured) as caught:
        period_parse(text, name="DV_RETENTION_OPEN_ANSWERS")
    assert str(caught.value) == (
        f"DV_RETENTION_OPEN_ANSWERS is '{text}': dat is geen bewaartermijn. Geef een aantal "
        "dagen (bijvoorbeeld 14 of 14d) of jaren (bijvoorbeeld 5j of 5y), minstens 1."
    )


def test_the_cutoff_counts_calendar_years_and_wall_clock_days():
    assert RetentionPeriod(5, years=True).cutoff(NOW) == datetime.datetime(
        2021, 12, 2, 10, 0, tzinfo=AMSTERDAM
    )
    leap_day = datetime.datetime(2028, 2, 29, 10, 0, tzinfo=AMSTERDAM)
    assert RetentionPeriod(1, years=True).cutoff(leap_day).date() == datetime.date(2027, 2, 28)
    # Fourteen days back over the change to summer time: the same time on the clock.
    spring = datetime.datetime(2026, 4, 1, 10, 0, tzinfo=AMSTERDAM)
    cutoff = RetentionPeriod(14).cutoff(spring)
    assert (cutoff.date(), cutoff.hour) == (datetime.date(2026, 3, 18), 10)


def test_periods_come_from_the_settings_with_their_defaults(settings):
    audit = {"audit_trail": "7y"} if apps.is_installed("auditlog") else {}
    assert {rule.code: rule.period().code for rule in rules()} == audit | {
        "import_files": "1d",
        "export_files": "1d",
        "jobs": "30d",
        "login_attempts": "30d",
        "invitation_addresses": "14d",
        "invitation_hashes": "1y",
        "open_answers": "5y",
        "handling_items": "2y",
        "signals": "2y",
    }
    settings.DV_RETENTION = {**settings.DV_RETENTION, "open_answers": "7j"}
    assert retention.rule_get("open_answers").period() == RetentionPeriod(7, years=True)


def test_check_reports_a_period_it_cannot_read_and_a_setting_without_a_rule(settings):
    settings.DV_RETENTION = {**settings.DV_RETENTION, "open_answers": "vijf jaar", "opne": "5y"}
    found = {message.id: message.msg for message in run_checks()}
    assert found["core.E003"].startswith("DV_RETENTION_OPEN_ANSWERS is 'vijf jaar'")
    assert found["core.W003"] == (
        "DV_RETENTION_OPNE: er is geen bewaarregel 'opne'; deze instelling doet niets."
    )


def test_the_audit_trail_rule_is_ready_for_django_auditlog():
    rule = retention.rule_get("audit_trail")
    assert rule is not None and rule.period().code == "7y"
    assert rule.applies() and apps.is_installed("auditlog")


def test_audit_entries_older_than_seven_years_are_deleted():
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    kind = ContentType.objects.get_for_model(DeletionLog)
    for years in (8, 7):
        LogEntry.objects.create(
            content_type=kind,
            object_pk="1",
            object_repr="x",
            action=0,
            timestamp=NOW.replace(year=NOW.year - years),
        )
    purge_run(codes=["audit_trail"])
    assert LogEntry.objects.count() == 1  # exactly seven years old: still inside its period


# --- the command ------------------------------------------------------------------------------


def _old_file(name: str, *, age: datetime.timedelta):
    upload_dir().mkdir(parents=True, exist_ok=True)
    path = upload_dir() / name
    path.write_text("e-mailadres\nanna@example.org\n")
    stamp = (NOW - age).timestamp()
    os.utime(path, (stamp, stamp))
    return path


def _finished_job(user, *, finished: datetime.datetime) -> Job:
    return Job.objects.create(
        kind="handling.import",
        title="Import kcc",
        started_by=user,
        status=JobStatus.FAILED,
        finished_at=finished,
        errors=["Regel 3: 'anna@example' is geen e-mailadres"],
    )


def test_purge_prints_one_dutch_line_per_rule(capsys, beheerder):
    old = _old_file("vergeten.csv", age=datetime.timedelta(days=1, minutes=1))
    fresh = _old_file("net-binnen.csv", age=datetime.timedelta(hours=23))
    _finished_job(beheerder, finished=NOW - datetime.timedelta(days=30, seconds=1))
    kept = _finished_job(beheerder, finished=NOW - datetime.timedelta(days=30))

    call_command("purge")

    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(rules())
    assert lines[0] == (
        "Geüploade bestanden die niemand importeerde, 1 dag na het uploaden "
        "(vóór 01-12-2026 10:00): 1 verwijderd."
    )
    assert lines[1] == (
        "Afgeronde taken met hun foutregels, 30 dagen na afloop (vóór 02-11-2026 10:00): "
        "1 verwijderd."
    )
    assert (
        "E-mailadressen van uitnodigingen, 14 dagen na het aanmaken of versturen "
        "(vóór 18-11-2026 10:00): 0 gewist."
    ) in lines
    assert not old.exists() and fresh.exists()
    assert list(Job.objects.all()) == [kept]


def test_a_dry_run_only_counts_and_says_so(capsys, beheerder):
    old = _old_file("vergeten.csv", age=datetime.timedelta(days=2))
    job = _finished_job(beheerder, finished=NOW - datetime.timedelta(days=40))

    call_command("purge", "--dry-run")

    out = capsys.readouterr().out
    assert "1 dag na het uploaden (vóór 01-12-2026 10:00): 1 zou worden verwijderd." in out
    assert "30 dagen na afloop (vóór 02-11-2026 10:00): 1 zou worden verwijderd." in out
    assert out.splitlines()[-1] == "Proefdraaien: er is niets verwijderd of gewist."
    assert old.exists() and Job.objects.filter(pk=job.pk).exists()
    assert DeletionLog.objects.filter(dry_run=True).count() == len(rules())
    assert not DeletionLog.objects.filter(dry_run=False).exists()


def test_quiet_under_a_scheduler(capsys):
    call_command("purge", verbosity=0)
    assert capsys.readouterr() == ("", "")
    assert DeletionLog.objects.count() == len(rules())


def test_every_run_of_every_rule_is_logged_with_its_period_and_cutoff(beheerder):
    _finished_job(beheerder, finished=NOW - datetime.timedelta(days=31))
    purge_run()
    log = {row.rule: row for row in DeletionLog.objects.all()}
    assert set(log) == {rule.code for rule in rules()}
    jobs = log["jobs"]
    assert (jobs.action, jobs.period, jobs.count, jobs.dry_run, jobs.error) == (
        "delete",
        "30d",
        1,
        False,
        "",
    )
    assert jobs.cutoff == NOW - datetime.timedelta(days=30)
    assert jobs.ran_at == NOW
    assert jobs.details == {"core.Job": 1}
    assert log["invitation_addresses"].action == "wipe"


def test_a_failing_rule_is_logged_the_others_still_run_and_the_command_fails(
    monkeypatch, capsys, beheerder
):
    def broken(purge: Purge) -> None:
        raise RuntimeError("schijf vol")

    monkeypatch.setitem(
        retention._RULES,
        "broken",
        Rule(
            code="broken", label="Kapotte regel", counted_from="na niets", default="1d", run=broken
        ),
    )
    _finished_job(beheerder, finished=NOW - datetime.timedelta(days=31))

    with pytest.raises(CommandError) as failed:
        call_command("purge", verbosity=0)
    assert str(failed.value) == "1 regel is mislukt; de andere zijn uitgevoerd."

    err = capsys.readouterr().err
    assert (
        "Kapotte regel, 1 dag na niets (vóór 01-12-2026 10:00): mislukt (RuntimeError: schijf vol)."
        in err
    )
    assert DeletionLog.objects.get(rule="broken").error == "RuntimeError: schijf vol"
    assert DeletionLog.objects.get(rule="jobs").count == 1
    assert not Job.objects.exists()


def test_rules_delete_in_batches_and_a_rule_for_a_library_is_one_line(monkeypatch):
    """``rows_older_rule``: the way the audit trail is declared, here on the log-in attempts;
    one DELETE per batch of primary keys, never one per row."""
    for minutes in range(5):
        AccessLog.objects.create(username=f"u{minutes}", ip_address="10.0.0.1", user_agent="x")
        AccessLog.objects.filter(username=f"u{minutes}").update(
            attempt_time=NOW - datetime.timedelta(days=30, minutes=minutes)
        )
    rule = rows_older_rule(
        code="attempts",
        label="Pogingen",
        counted_from="na de poging",
        default="30d",
        model_labels=["axes.AccessLog"],
        field="attempt_time",
    )
    purge = Purge(now=NOW, cutoff=NOW - datetime.timedelta(days=30), dry_run=False)
    monkeypatch.setattr(retention, "BATCH", 2)
    with CaptureQueriesContext(connection) as queries:
        rule.run(purge)
    deletes = [q["sql"] for q in queries if q["sql"].startswith("DELETE")]
    assert len(deletes) == 2  # four rows in batches of two
    assert purge.count == 4  # the one exactly 30 days old stays
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["u0"]


def test_log_in_attempts_go_after_thirty_days():
    for days, name in ((31, "oud"), (29, "recent")):
        attempt = AccessAttempt.objects.create(
            username=name, ip_address="10.0.0.1", user_agent="x", failures_since_start=1
        )
        AccessAttempt.objects.filter(pk=attempt.pk).update(
            attempt_time=NOW - datetime.timedelta(days=days)
        )
    purge_run(codes=["login_attempts"])
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["recent"]


def test_prune_jobs_keeps_doing_its_part_with_the_same_periods(settings, beheerder):
    settings.DV_RETENTION = {**settings.DV_RETENTION, "jobs": "7d"}
    _finished_job(beheerder, finished=NOW - datetime.timedelta(days=8))
    old = _old_file("vergeten.csv", age=datetime.timedelta(days=2))
    assert jobs_prune() == (1, 1)
    assert not old.exists()
    assert not DeletionLog.objects.exists()  # only the purge keeps a log


# --- the deletion log -------------------------------------------------------------------------


def test_the_deletion_log_is_append_only():
    purge_run(codes=["jobs"])
    row = DeletionLog.objects.get()
    row.count = 99
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        DeletionLog.objects.update(count=0)
    with pytest.raises(AppendOnlyError):
        DeletionLog.objects.all().delete()
    assert DeletionLog.objects.get().count == 0


def test_the_beheerder_reads_the_deletion_log_in_the_admin_and_cannot_change_it(client, beheerder):
    purge_run(codes=["open_answers"])
    row = DeletionLog.objects.get()
    admin = logged_in(client, beheerder)
    listing = admin.get(reverse("admin:core_deletionlog_changelist"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Open antwoorden" in html and "5 jaar" in html
    detail = admin.get(reverse("admin:core_deletionlog_change", args=[row.pk]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert admin.get(reverse("admin:core_deletionlog_add")).status_code == 403
    assert admin.post(reverse("admin:core_deletionlog_delete", args=[row.pk])).status_code == 403
    assert (
        admin.post(
            reverse("admin:core_deletionlog_change", args=[row.pk]), {"count": "0"}
        ).status_code
        == 403
    )
    assert DeletionLog.objects.get().count == 0


def test_an_employee_does_not_see_the_deletion_log(client, employee):
    response = logged_in(client, employee).get(reverse("admin:core_deletionlog_changelist"))
    assert response.status_code == 302  # to the admin's log-in


def test_a_rule_that_fails_half_way_reports_what_it_finished(monkeypatch, capsys, beheerder):
    def half(purge: Purge) -> None:
        purge.delete(Job.objects.all())
        raise RuntimeError("verbinding verbroken")

    monkeypatch.setitem(
        retention._RULES,
        "half",
        Rule(code="half", label="Halve regel", counted_from="na niets", default="1d", run=half),
    )
    _finished_job(beheerder, finished=NOW)

    with pytest.raises(CommandError):
        call_command("purge", verbosity=0)

    assert "Halve regel, 1 dag na niets (vóór 01-12-2026 10:00): mislukt na 1 (RuntimeError: " in (
        capsys.readouterr().err
    )
    row = DeletionLog.objects.get(rule="half")
    assert (row.count, row.details) == (1, {"core.Job": 1})
    assert not Job.objects.exists()  # the finished batch stays done
