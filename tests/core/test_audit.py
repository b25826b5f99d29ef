"""The audit trail (core.audit): every audited change leaves a record with the old and the new
value and who made it; links of teams are recorded from either side; secrets never enter it;
records cannot be changed; each record is also a log line without values."""

from __future__ import annotations

import datetime
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from dienstverlening.core.audit import (
    AUDITED,
    AuditRecordImmutable,
    audit_context,
    audit_disabled,
)
from dienstverlening.core.jobs import job_run
from dienstverlening.core.models import ApiClient, Job
from dienstverlening.core.roles import Role
from dienstverlening.core.services import api_client_create, api_client_token_renew
from dienstverlening.framework.models import Norm, Statement
from dienstverlening.handling.mailsync import mailbox_set_password
from dienstverlening.improvement.models import AlertRule, RuleKind
from dienstverlening.reports.models import ReportStatus
from dienstverlening.surveys.models import ImportMapping, Questionnaire, RunStatus
from tests.conftest import logged_in
from tests.core.factories import UserFactory
from tests.framework.factories import (
    FocusPeriodFactory,
    NormFactory,
    StatementFactory,
    WorkAgreementFactory,
)
from tests.handling.factories import ImportSourceFactory, MailboxFactory
from tests.organisation.factories import TeamFactory
from tests.reports.factories import ReportFactory
from tests.surveys.factories import SurveyRunFactory, TeamQuestionFactory

pytestmark = pytest.mark.django_db


def records(obj) -> list[LogEntry]:
    """The audit records of ``obj``, oldest first."""
    return list(LogEntry.objects.get_for_object(obj).order_by("timestamp", "pk"))


def the_trail() -> str:
    """Everything the audit trail holds, as one text: to search for what must not be there."""
    return json.dumps(
        list(
            LogEntry.objects.values(
                "object_repr", "changes", "changes_text", "serialized_data", "additional_data"
            )
        ),
        default=str,
    )


def questionnaire() -> Questionnaire:
    return Questionnaire.objects.create(
        version=1,
        intro="Wat vond u van ons contact?",
        mark_question="Welk cijfer geeft u?",
        open_good_question="Wat ging goed?",
        open_better_question="Wat kan beter?",
    )


def alert_rule() -> AlertRule:
    return AlertRule.objects.create(
        name="Rapportcijfer onder de 7",
        kind=RuleKind.BELOW,
        measure="mark",
        threshold=Decimal("7.0"),
        created_at=timezone.now(),
    )


def approve(report):
    report.status = ReportStatus.APPROVED
    report.approved_at = timezone.now()
    report.save()


@dataclass(frozen=True)
class Case:
    """One audited model: how to make one, how to change it, and the field that then changes
    with its old and new value as the trail keeps them."""

    model: str
    make: Callable
    change: Callable
    field: str
    old: str
    new: str


CASES = [
    Case(
        "framework.Norm",
        NormFactory,
        lambda norm: setattr(norm, "target_share", Decimal("95")),
        "target_share",
        "90.0",
        "95.0",
    ),
    Case(
        "framework.WorkAgreement",
        lambda: WorkAgreementFactory(text="We noemen onze naam."),
        lambda agreement: setattr(agreement, "text", "We noemen altijd onze naam."),
        "text",
        "We noemen onze naam.",
        "We noemen altijd onze naam.",
    ),
    Case(
        "framework.Statement",
        lambda: StatementFactory(text="Er werd naar mij geluisterd."),
        lambda statement: setattr(statement, "text", "Er werd echt naar mij geluisterd."),
        "text",
        "Er werd naar mij geluisterd.",
        "Er werd echt naar mij geluisterd.",
    ),
    Case(
        "framework.FocusPeriod",
        lambda: FocusPeriodFactory(
            starts_on=datetime.date(2027, 1, 1), ends_on=datetime.date(2027, 6, 30)
        ),
        lambda period: setattr(period, "ends_on", datetime.date(2027, 7, 31)),
        "ends_on",
        "2027-06-30",
        "2027-07-31",
    ),
    Case(
        "surveys.Questionnaire",
        questionnaire,
        lambda item: setattr(item, "mark_question", "Welk rapportcijfer geeft u ons?"),
        "mark_question",
        "Welk cijfer geeft u?",
        "Welk rapportcijfer geeft u ons?",
    ),
    Case(
        "surveys.TeamQuestion",
        lambda: TeamQuestionFactory(team=TeamFactory(), text="Kwam u op tijd aan de beurt?"),
        lambda question: setattr(question, "required", True),
        "required",
        "False",
        "True",
    ),
    Case(
        "surveys.SurveyRun",
        lambda: SurveyRunFactory(questionnaire=questionnaire(), status=RunStatus.OPEN),
        lambda run: setattr(run, "status", RunStatus.CLOSED),
        "status",
        "open",
        "closed",
    ),
    Case(
        "handling.ImportSource",
        ImportSourceFactory,
        lambda source: setattr(source, "description", "Terugbelverzoeken (nieuw systeem)"),
        "description",
        "Terugbelverzoeken uit het KCC-systeem",
        "Terugbelverzoeken (nieuw systeem)",
    ),
    Case(
        "surveys.ImportMapping",
        lambda: ImportMapping.objects.create(name="bureau", mapping={"datum": "Datum"}),
        lambda mapping: setattr(mapping, "mapping", {"datum": "Datum ingevuld"}),
        "mapping",
        '{"datum": "Datum"}',
        '{"datum": "Datum ingevuld"}',
    ),
    Case(
        "handling.Mailbox",
        lambda: MailboxFactory(host="imap.woerden.nl"),
        lambda mailbox: setattr(mailbox, "host", "mail.woerden.nl"),
        "host",
        "imap.woerden.nl",
        "mail.woerden.nl",
    ),
    Case(
        "core.User",
        lambda: UserFactory(username="jan", role=Role.EMPLOYEE),
        lambda user: setattr(user, "role", Role.TEAM_MANAGER),
        "role",
        "employee",
        "team_manager",
    ),
    Case(
        "organisation.Team",
        lambda: TeamFactory(phone="14 0348"),
        lambda team: setattr(team, "phone", "0348 428 911"),
        "phone",
        "14 0348",
        "0348 428 911",
    ),
    Case(
        "improvement.AlertRule",
        alert_rule,
        lambda rule: setattr(rule, "threshold", Decimal("6.5")),
        "threshold",
        "7.0",
        "6.5",
    ),
    Case("reports.Report", ReportFactory, approve, "status", "draft", "approved"),
    Case(
        "core.ApiClient",
        lambda: api_client_create(name="KCC", scopes=["handling"], sources=["kcc"])[0],
        lambda client: setattr(client, "is_active", False),
        "is_active",
        "True",
        "False",
    ),
]


def test_every_audited_model_has_a_case_here():
    assert sorted(case.model for case in CASES) == sorted(item.model for item in AUDITED)


@pytest.mark.parametrize("case", CASES, ids=[case.model for case in CASES])
def test_a_change_leaves_a_record_with_old_and_new_value_and_who(case, coordinator):
    obj = case.make()
    with audit_context(actor=coordinator):
        case.change(obj)
        obj.save()
    created, changed = records(obj)
    assert created.action == LogEntry.Action.CREATE
    assert changed.action == LogEntry.Action.UPDATE
    assert changed.changes[case.field] == [case.old, case.new]
    assert changed.actor == coordinator
    assert changed.timestamp == timezone.now()


def test_a_new_object_is_recorded_with_its_own_fields_only():
    report = ReportFactory()
    (created,) = records(report)
    assert {"kind", "period_code", "status", "title", "version"} <= set(created.changes)
    # Not its number (the record names it), its large frozen content, or links to it.
    assert not {"id", "content", "files"} & set(created.changes)


def test_a_deletion_keeps_what_was_deleted(coordinator):
    agreement = WorkAgreementFactory(text="We bellen terug als we het beloven.")
    pk = agreement.pk
    with audit_context(actor=coordinator):
        agreement.delete()
    deleted = LogEntry.objects.get(action=LogEntry.Action.DELETE, object_pk=str(pk))
    assert deleted.changes["text"] == ["We bellen terug als we het beloven.", "None"]
    assert deleted.actor == coordinator


def test_a_foreign_key_is_kept_as_the_name_it_had(coordinator):
    team = TeamFactory(name="Burgerzaken")
    other = TeamFactory(name="Belastingen")
    source = ImportSourceFactory(default_team=team)
    source.default_team = other
    source.save()
    assert records(source)[-1].changes["default_team"] == ["Burgerzaken", "Belastingen"]


# --- from the web, from a task, from a command ------------------------------------------------


def test_a_change_on_a_page_names_the_person_and_their_address(client, coordinator):
    statement = StatementFactory(text="Ik werd vriendelijk behandeld.")
    logged_in(client, coordinator)
    response = client.post(
        reverse("statement-update", args=[statement.pk]),
        {"text": "Ik werd vriendelijk en met respect behandeld.", "explanation": ""},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 302
    changed = records(statement)[-1]
    assert changed.changes["text"] == [
        "Ik werd vriendelijk behandeld.",
        "Ik werd vriendelijk en met respect behandeld.",
    ]
    assert changed.actor == coordinator
    assert changed.remote_addr == "198.51.100.7"
    # The record keeps the request id of the log lines.
    assert changed.cid == response["X-Request-ID"]


def test_behind_the_proxy_the_address_is_the_client_and_a_forged_hop_is_ignored(
    client, settings, coordinator
):
    settings.DV_TRUSTED_PROXIES = ["10.0.0.0/24"]
    statement = StatementFactory()
    logged_in(client, coordinator)
    client.post(
        reverse("statement-update", args=[statement.pk]),
        {"text": "Nieuwe tekst", "explanation": ""},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.40",
    )
    assert records(statement)[-1].remote_addr == "203.0.113.40"


def test_a_role_given_in_the_admin_is_recorded_with_the_beheerder(client, beheerder):
    colleague = UserFactory(username="piet", role=Role.EMPLOYEE)
    logged_in(client, beheerder)
    url = reverse("admin:core_user_change", args=[colleague.pk])
    data = {
        "username": "piet",
        "first_name": colleague.first_name,
        "last_name": colleague.last_name,
        "email": "",
        "role": Role.COORDINATOR,
        "is_active": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    changed = records(colleague)[-1]
    assert changed.changes["role"] == ["employee", "coordinator"]
    assert changed.actor == beheerder


def test_work_in_a_task_is_recorded_as_made_by_who_started_it(coordinator):
    norm = NormFactory(title="We bellen binnen 1 werkdag terug.")
    job = Job.objects.create(
        kind="framework.test", title="Normen bijwerken", started_by=coordinator
    )

    def work(job, progress):
        norm.title = "We bellen binnen een werkdag terug."
        norm.save()
        return {}

    job_run(str(job.pk), work)
    changed = records(norm)[-1]
    assert changed.actor == coordinator
    assert changed.additional_data == {
        "via": "task",
        "name": "framework.test",
        "job": str(job.pk),
    }


def test_a_command_is_recorded_by_its_name(monkeypatch, capsys):
    from dienstverlening import cli

    monkeypatch.setattr(
        sys, "argv", ["dienstverlening", "api_client_create", "Power BI", "--scope", "kpis"]
    )
    # A command closes the database connections when it ends; the test still needs its own.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    cli.main()
    client = ApiClient.objects.get(name="Power BI")
    created = records(client)[0]
    assert created.actor is None
    assert created.additional_data == {"via": "command", "name": "api_client_create"}
    assert capsys.readouterr().out.startswith("dv_")


def test_a_task_inside_a_request_gives_the_request_its_person_back(coordinator, employee):
    norm = NormFactory()
    statement = StatementFactory()
    with audit_context(actor=employee):
        with audit_context(actor=coordinator, via="task", name="x"):
            norm.title = "Anders"
            norm.save()
        statement.text = "Ook anders"
        statement.save()
    assert records(norm)[-1].actor == coordinator
    assert records(statement)[-1].actor == employee
    assert records(statement)[-1].additional_data is None


def test_nothing_is_recorded_while_auditing_is_off():
    with audit_disabled():
        team = TeamFactory()
        team.members.add(UserFactory())
    assert records(team) == []


# --- links between teams and people -----------------------------------------------------------


def test_a_manager_added_to_a_team_is_recorded_on_the_team(beheerder):
    team = TeamFactory(name="Burgerzaken")
    anna = UserFactory(username="anna", first_name="Anna", last_name="Smit")
    with audit_context(actor=beheerder):
        team.managers.add(anna)
    added = records(team)[-1]
    assert added.changes == {
        "managers": {"type": "m2m", "operation": "add", "objects": ["Anna Smit"]}
    }
    assert added.actor == beheerder


def test_a_team_chosen_on_my_team_is_recorded_on_each_team_from_the_persons_side(client, employee):
    kcc, burgerzaken = TeamFactory(name="KCC"), TeamFactory(name="Burgerzaken")
    kcc.members.add(employee)
    logged_in(client, employee)
    response = client.post(reverse("improvement-my-team"), {"teams": [burgerzaken.pk]})
    assert response.status_code == 302
    left, joined = records(kcc)[-1], records(burgerzaken)[-1]
    assert left.changes["members"]["operation"] == "delete"
    assert left.changes["members"]["objects"] == [str(employee)]
    assert joined.changes["members"] == {
        "type": "m2m",
        "operation": "add",
        "objects": [str(employee)],
    }
    assert left.actor == joined.actor == employee


def test_removing_someone_who_was_no_member_records_nothing(employee):
    team = TeamFactory()
    team.members.remove(employee)
    employee.member_teams.remove(team)
    assert records(team) == [records(team)[0]]  # only its creation


def test_clearing_records_exactly_the_people_who_went(employee, coordinator):
    team = TeamFactory()
    other = TeamFactory()
    team.members.add(employee, coordinator)
    other.members.add(UserFactory(username="blijft"))
    team.members.clear()
    cleared = records(team)[-1]
    assert cleared.changes["members"]["operation"] == "delete"
    assert sorted(cleared.changes["members"]["objects"]) == sorted(
        [str(employee), str(coordinator)]
    )
    # A person's own teams cleared from their side: each team records it.
    other.members.add(employee)
    employee.member_teams.clear()
    assert records(other)[-1].changes["members"]["objects"] == [str(employee)]


def test_a_runs_scope_and_loose_permissions_are_recorded(employee, superuser, service):
    run = SurveyRunFactory(questionnaire=questionnaire())
    with audit_context(actor=superuser):
        run.services.add(service)
        employee.user_permissions.add(Permission.objects.get(codename="view_norm"))
    assert records(run)[-1].changes["services"]["objects"] == [service.name]
    assert records(employee)[-1].changes["user_permissions"]["operation"] == "add"


# --- secrets ----------------------------------------------------------------------------------


def test_an_api_token_and_its_hash_never_enter_the_trail(beheerder):
    client, token = api_client_create(name="KCC", scopes=["handling"], sources=["kcc"])
    renewed = api_client_token_renew(client=client, by=beheerder)
    client.refresh_from_db()
    trail = the_trail()
    for secret in (token, renewed, client.token_hash):
        assert secret not in trail
    changed = records(client)[-1]
    assert changed.changes["token_hash"] == ["***", "***"]
    assert "last_used_at" not in trail


def test_a_mailbox_password_never_enters_the_trail():
    mailbox = MailboxFactory()
    mailbox_set_password(mailbox=mailbox, password="imap-geheim-123")
    mailbox.refresh_from_db()
    trail = the_trail()
    assert "imap-geheim-123" not in trail
    assert mailbox.password_encrypted not in trail
    assert records(mailbox)[-1].changes == {"password_encrypted": ["", "***"]}


def test_a_password_never_enters_the_trail(beheerder):
    user = UserFactory(username="kees")
    with audit_context(actor=beheerder):
        user.set_password("een-heel-ander-wachtwoord")
        user.role = Role.COORDINATOR
        user.save()
    trail = the_trail()
    assert user.password not in trail
    assert "een-heel-ander-wachtwoord" not in trail
    assert set(records(user)[-1].changes) == {"role"}


# --- append-only ------------------------------------------------------------------------------


def test_a_record_cannot_be_changed():
    norm = NormFactory()
    record = records(norm)[0]
    record.object_repr = "iets anders"
    with pytest.raises(AuditRecordImmutable):
        record.save()
    assert records(norm)[0].object_repr == norm.title


def test_the_admin_offers_no_add_change_or_delete_of_records(client, superuser):
    norm = NormFactory()
    record = records(norm)[0]
    logged_in(client, superuser)
    assert client.get(reverse("admin:auditlog_logentry_changelist")).status_code == 200
    assert client.get(reverse("admin:auditlog_logentry_add")).status_code == 403
    change = reverse("admin:auditlog_logentry_change", args=[record.pk])
    assert client.get(change).status_code == 200  # read only
    assert client.post(change, {"object_repr": "iets anders"}).status_code == 403
    delete = reverse("admin:auditlog_logentry_delete", args=[record.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    changelist = client.post(
        reverse("admin:auditlog_logentry_changelist"),
        {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"},
    )
    assert changelist.status_code in (200, 302)
    assert LogEntry.objects.filter(pk=record.pk).get().object_repr == norm.title


def test_the_beheerder_cannot_reach_the_records_in_the_admin(client, beheerder):
    logged_in(client, beheerder)
    assert client.get(reverse("admin:auditlog_logentry_changelist")).status_code == 403


# --- a log line per record --------------------------------------------------------------------


def test_each_record_is_a_log_line_with_ids_and_field_names_but_no_values(
    caplog, audit_lines, coordinator, django_capture_on_commit_callbacks
):
    norm = NormFactory(title="We bellen binnen 1 werkdag terug.")
    with django_capture_on_commit_callbacks(execute=True), audit_context(actor=coordinator):
        norm.title = "Geheime nieuwe titel"
        norm.save()
    (line,) = audit_lines()
    assert line.actor_id == coordinator.pk
    assert line.model == "framework.norm"
    assert line.object_id == str(norm.pk)
    assert line.action == "update"
    assert line.changed_fields == ["title"]
    assert "Geheime nieuwe titel" not in caplog.text
    assert f"update framework.norm {norm.pk} by user {coordinator.pk}: title" in caplog.text


def test_a_record_that_was_rolled_back_is_not_logged(
    audit_lines, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                NormFactory()
                raise RuntimeError("terug")
        except RuntimeError:
            pass
    assert callbacks == []
    assert audit_lines() == []
    assert not Norm.objects.exists()


def test_timestamps_are_indexed_for_the_purge():
    field = LogEntry._meta.get_field("timestamp")
    assert field.db_index
    assert ContentType.objects.get_for_model(Statement)  # the trail refers to content types


# --- single sign-on ---------------------------------------------------------------------------


def test_a_role_and_team_from_the_identity_provider_are_recorded_as_made_by_the_sign_in(
    client, oidc_provider, team
):
    from tests.oidc import sign_in

    oidc_provider.person(
        "anna",
        preferred_username="anna.bakker@woerden.nl",
        given_name="Anna",
        family_name="Bakker",
        groups=["DV-TM-Burgerzaken"],
    )
    sign_in(client, oidc_provider, "anna")
    anna = team.managers.get()
    role = next(r for r in records(anna) if "role" in (r.changes or {}))
    assert role.changes["role"][1] == Role.TEAM_MANAGER
    managed = records(team)[-1]
    assert managed.changes["managers"]["objects"] == ["Anna Bakker"]
    for record in (role, managed):
        assert record.additional_data == {"via": "sign-in", "name": "oidc"}
        assert record.actor is None
        assert record.remote_addr == "127.0.0.1"


def test_a_change_by_a_system_with_an_api_token_names_the_api_client(rf):
    from dienstverlening.core.api_clients import ApiClientUser

    client = api_client_create(name="Zaaksysteem", scopes=["kpis"])[0]
    request = rf.post("/api/v1/", REMOTE_ADDR="192.0.2.10")
    request.user = ApiClientUser(client)
    source = ImportSourceFactory()
    with audit_context(request=request):
        source.description = "Door het zaaksysteem"
        source.save()
    changed = records(source)[-1]
    assert changed.actor is None
    assert changed.additional_data == {"via": "api", "name": "Zaaksysteem"}
    assert changed.remote_addr == "192.0.2.10"
