"""The demo tells the truth on the day it is loaded.

The demo is loaded once per moment: a Wednesday morning in 2029 (another year than the one the
content was written in) and New Year's Eve late in the evening. Each test looks at what a user
of that role would see then.
"""

import csv
import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count, Max, Min
from django.utils import timezone

from dienstverlening.core.localtime import AMSTERDAM
from dienstverlening.core.roles import Role
from dienstverlening.core.workdays import WorkingDayCalendar
from dienstverlening.demo.services import demo_load
from dienstverlening.framework.models import FocusPeriod, Norm
from dienstverlening.handling.models import (
    ClosingDay,
    HandlingItem,
    ImportSource,
    ItemKind,
    ItemStatus,
    Mailbox,
)
from dienstverlening.improvement.models import SIGNAL_SOURCE
from dienstverlening.surveys.models import (
    Invitation,
    InvitationStatus,
    Questionnaire,
    Response,
    RunKind,
    RunStatus,
    SurveyRun,
)
from tests.conftest import logged_in
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db

SCALE = 0.02
MOMENTS = {
    "wednesday-2029": datetime.datetime(2029, 3, 14, 10, 15, tzinfo=AMSTERDAM),
    "new-years-eve": datetime.datetime(2026, 12, 31, 23, 30, tzinfo=AMSTERDAM),
}
# What a plausible backlog looks like: a call-back or e-mail is at most a few weeks old, and
# nothing at all has been open for more than about half a year.
MAX_AGE_SHORT = 20  # working days, call-backs and e-mails
MAX_AGE_ANY = 130  # working days, every kind


@pytest.fixture(scope="module", params=list(MOMENTS), ids=list(MOMENTS))
def moment(request, django_db_setup, django_db_blocker):
    now = MOMENTS[request.param]
    traveller = time_machine.travel(now, tick=False)
    traveller.start()
    with django_db_blocker.unblock():
        demo_load(seed=7, scale=SCALE, now=now)
    yield now
    with django_db_blocker.unblock():
        call_command("flush", "--noinput", verbosity=0)
    traveller.stop()


@pytest.fixture
def default_moment(moment):
    """Each test stands at the moment its demo was loaded (tests/conftest.py's clock)."""
    return moment


def as_role(client, role: str):
    return logged_in(client, UserFactory(username=f"{role}-test", role=role))


def runs() -> dict[str, SurveyRun]:
    found = {}
    for run in SurveyRun.objects.order_by("starts_on"):
        if run.is_baseline:
            found["baseline"] = run
        elif run.kind == RunKind.BIENNIAL:
            found["biennial"] = run
        elif run.kind == RunKind.CONTINUOUS:
            found["year2" if "year1" in found else "year1"] = run
    return found


# --- surveys ----------------------------------------------------------------------------------


def test_the_baseline_is_closed_and_ended_before_the_continuous_survey_started(moment, client):
    today = moment.astimezone(AMSTERDAM).date()
    demo = runs()
    baseline = demo["baseline"]
    assert baseline.kind == RunKind.EXTERNAL
    assert baseline.status == RunStatus.CLOSED
    assert baseline.ends_on < demo["year1"].starts_on < today
    # It came in as the bureau's file, some weeks after its fieldwork ended.
    imported = baseline.imports.get()
    assert imported.status == "imported"
    assert imported.row_count == baseline.responses.count() > 0
    assert baseline.ends_on < timezone.localdate(imported.created_at) < demo["year1"].starts_on
    page = as_role(client, Role.COORDINATOR).get(baseline.get_absolute_url())
    text = page.content.decode()
    assert "gesloten" in text
    assert "Meting openen" not in text and "Meting sluiten" not in text


def test_every_questionnaire_version_is_dated_before_its_first_response(moment, client):
    versions = list(Questionnaire.objects.order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].created_at < versions[1].created_at < moment
    for version in versions:
        made_on = timezone.localdate(version.created_at)
        first_answer = Response.objects.filter(questionnaire=version).aggregate(
            first=Min("answered_on")
        )["first"]
        first_run = version.runs.aggregate(first=Min("starts_on"))["first"]
        assert first_answer is not None and made_on <= first_answer, version
        assert made_on <= first_run, version
    page = as_role(client, Role.COORDINATOR).get("/metingen/vragenlijst/")
    text = page.content.decode()
    for version in versions:
        made_on = timezone.localdate(version.created_at)
        assert f"Versie {version.version} van {made_on:%d-%m-%Y}" in text
    assert f"van {moment:%d-%m-%Y}" not in text


def test_runs_carry_the_year_of_their_dates_and_were_made_before_today(moment):
    today = moment.astimezone(AMSTERDAM).date()
    demo = runs()
    assert set(demo) == {"baseline", "year1", "biennial", "year2"}
    for run in demo.values():
        assert str(run.starts_on.year) in run.name, run.name
        assert run.created_at <= moment, run.name
    # Last year's continuous survey is over; this year's is open and runs up to yesterday.
    assert demo["year1"].status == RunStatus.CLOSED
    assert demo["year1"].ends_on == datetime.date(today.year - 1, 12, 31)
    assert demo["year2"].status == RunStatus.OPEN and demo["year2"].ends_on is None
    last = demo["year2"].responses.aggregate(last=Max("answered_on"))["last"]
    assert today - datetime.timedelta(days=5) <= last < today


def test_residents_answer_on_working_days_only(moment):
    calendar = WorkingDayCalendar()
    days = Response.objects.values_list("answered_on", flat=True).distinct()
    assert days
    assert [day for day in days if not calendar.is_working_day(day)] == []


def test_every_answer_came_through_a_link_or_an_invitation_of_its_run(moment, client):
    today = moment.astimezone(AMSTERDAM).date()
    coordinator = as_role(client, Role.COORDINATOR)
    for key, run in runs().items():
        if key == "baseline":
            continue
        links = set(run.open_links.values_list("service", "channel", "municipality"))
        by_link = set(
            run.responses.filter(source="open_link").values_list(
                "service", "channel", "municipality"
            )
        )
        assert by_link <= links, run.name
        invitations = list(run.invitations.all())
        answered = [i for i in invitations if i.status == InvitationStatus.ANSWERED]
        assert len(answered) == run.responses.filter(source="invitation").count() > 0
        end = min(run.ends_on or today, today)
        for invitation in invitations:
            assert invitation.email == ""
            assert run.starts_on <= invitation.contact_on <= invitation.sent_on <= end
            assert invitation.created_on == invitation.sent_on
            if invitation.status == InvitationStatus.REMINDED:
                assert invitation.reminded_on - invitation.sent_on == datetime.timedelta(days=7)
                assert invitation.reminded_on <= today
        unanswered = {i.status for i in invitations} - {InvitationStatus.ANSWERED}
        expected = InvitationStatus.REMINDED if run.status == "open" else InvitationStatus.CLOSED
        assert unanswered == {expected}, run.name
        page = coordinator.get(run.get_absolute_url()).content.decode()
        total = f"{len(invitations):,}".replace(",", ".")
        assert f"{total} uitnodigingen" in page or f"{len(invitations)} uitnodigingen" in page


# --- framework --------------------------------------------------------------------------------


def test_a_focus_value_is_shown_on_the_day_of_loading(moment, client):
    today = moment.astimezone(AMSTERDAM).date()
    focus = FocusPeriod.objects.get(starts_on__lte=today, ends_on__gte=today)
    assert FocusPeriod.objects.filter(starts_on=focus.ends_on + datetime.timedelta(days=1))
    page = as_role(client, Role.EMPLOYEE).get("/")
    assert f"Dit halfjaar in focus: {focus.value.name}" in page.content.decode()


def test_changed_norms_took_effect_within_the_data(moment):
    today = moment.astimezone(AMSTERDAM).date()
    first_item = HandlingItem.objects.aggregate(first=Min("received_on"))["first"]
    changed = list(Norm.objects.filter(previous__isnull=False).select_related("previous"))
    assert changed
    for norm in changed:
        assert first_item < norm.valid_from <= today, norm.title
        assert norm.previous.valid_from <= first_item, norm.previous.title


# --- handling ---------------------------------------------------------------------------------


def open_items_as_seen(client) -> list[dict[str, str]]:
    """Every open item as the team pages' downloads list it."""
    client = as_role(client, Role.EMPLOYEE)
    rows = []
    team_slugs = set(
        HandlingItem.objects.filter(closed_at__isnull=True).values_list("team__slug", flat=True)
    )
    for slug in sorted(team_slugs):
        response = client.get(f"/openstaand-werk/teams/{slug}/", {"formaat": "csv"})
        text = response.content.decode("utf-8-sig")
        rows += list(csv.DictReader(io.StringIO(text), delimiter=";"))
    return rows


def test_no_open_item_is_older_than_a_plausible_backlog(moment, client):
    rows = open_items_as_seen(client)
    assert rows
    assert len(rows) == HandlingItem.objects.filter(closed_at__isnull=True).count()
    short = {str(ItemKind.CALLBACK.label), str(ItemKind.EMAIL.label)}
    too_old = [
        (row["bron"], row["kenmerk"], row["soort"], row["werkdagen oud"])
        for row in rows
        if int(row["werkdagen oud"]) > (MAX_AGE_SHORT if row["soort"] in short else MAX_AGE_ANY)
    ]
    assert too_old == []


def test_nothing_was_received_after_the_moment_of_loading(moment):
    latest = HandlingItem.objects.aggregate(latest=Max("received_at"))["latest"]
    assert latest <= moment
    assert not HandlingItem.objects.filter(closed_at__gt=moment).exists()


def test_oudewater_receives_nothing_on_its_closing_days(moment):
    closing = ClosingDay.objects.filter(municipality__slug="oudewater")
    assert closing.exists()
    on_closing_days = HandlingItem.objects.filter(
        municipality__slug="oudewater", received_on__in=closing.values("date")
    )
    assert on_closing_days.count() == 0


def test_every_item_names_the_system_it_came_from(moment, client):
    known = set(ImportSource.objects.values_list("name", flat=True))
    known |= {box.source for box in Mailbox.objects.all()}
    known.add(SIGNAL_SOURCE)  # signals passed on inside the application (improvement)
    sources = set(HandlingItem.objects.order_by().values_list("source", flat=True).distinct())
    assert sources <= known
    assert {"kcc", "zaaksysteem", "postregistratie", "meldingen", "webcare"} <= sources
    # The open work lists the source and its own number, to look the item up there.
    shown = {(row["bron"], row["kenmerk"][:2]) for row in open_items_as_seen(client)}
    assert ("zaaksysteem", "Z-") in shown
    assert {source for source, _prefix in shown} <= known


def test_some_applications_wait_for_the_residents_documents(moment):
    today = moment.astimezone(AMSTERDAM).date()
    waiting = list(
        HandlingItem.objects.filter(status=ItemStatus.SUSPENDED).prefetch_related("suspensions")
    )
    assert waiting
    for item in waiting:
        assert item.kind == ItemKind.APPLICATION
        [suspension] = item.suspensions.all()
        assert item.received_on < suspension.starts_on <= today
        assert suspension.ends_on is None


def test_a_kcc_export_is_imported_with_the_saved_column_mapping(moment, tmp_path, capsys):
    source = ImportSource.objects.get(name="kcc")
    assert source.description and source.default_kind == ItemKind.CALLBACK
    mapping = source.mapping
    assert {"source_id", "received_at", "closed_at", "team"} <= set(mapping)
    # A file as the KCC system exports it: its own column names, Dutch dates, ';'.
    received = (moment - datetime.timedelta(hours=3)).astimezone(AMSTERDAM)
    values = {
        "source_id": "TB-TEST-0001",
        "received_at": f"{received:%d-%m-%Y %H:%M}",
        "closed_at": "",
        "municipality": "Oudewater",
        "team": "Burgerzaken",
        "service": "Paspoort aanvragen",
        "channel": "Telefoon",
    }
    header = [mapping[name] for name in values if name in mapping]
    line = [values[name] for name in values if name in mapping]
    export = tmp_path / "kcc-export.csv"
    export.write_text(";".join(header) + "\n" + ";".join(line) + "\n", encoding="cp1252")
    call_command("import_handling", str(export), "--source", "kcc")
    assert "1 nieuw" in capsys.readouterr().out
    item = HandlingItem.objects.get(source="kcc", source_id="TB-TEST-0001")
    assert item.kind == ItemKind.CALLBACK
    assert (item.team.slug, item.municipality.slug) == ("burgerzaken", "oudewater")


def test_team_mailboxes_are_set_up_and_the_page_says_why_they_cannot_be_read(moment, client):
    boxes = list(Mailbox.objects.select_related("team"))
    assert boxes
    # Every team whose e-mail the demo counts has a mailbox, and the items come from it.
    email_teams = set(
        HandlingItem.objects.filter(kind=ItemKind.EMAIL, source__startswith="mailbox-")
        .values_list("team__slug", flat=True)
        .distinct()
    )
    assert email_teams == {box.team.slug for box in boxes}
    for box in boxes:
        assert box.active and box.host.endswith(".invalid")  # a name that never exists
        assert box.last_error and box.last_error_at == moment
    page = as_role(client, Role.ADMINISTRATOR).get("/openstaand-werk/mailboxen/")
    text = page.content.decode()
    assert "info@woerden.nl" in text
    assert text.count("Niet bereikbaar") == len(boxes)
    assert "demo zonder mailserver" in text


# --- loading again ------------------------------------------------------------------------------


def snapshot() -> dict[str, object]:
    return {
        "runs": sorted(SurveyRun.objects.values_list("name", "status", "starts_on")),
        "responses": Response.objects.count(),
        "answers by day": list(
            Response.objects.values("answered_on").annotate(n=Count("pk")).order_by("answered_on")
        ),
        "questionnaires": Questionnaire.objects.count(),
        "items": sorted(HandlingItem.objects.values_list("source", "source_id", "status")),
        "norms": Norm.objects.count(),
        "focus": FocusPeriod.objects.count(),
        "sources": ImportSource.objects.count(),
        "mailboxes": Mailbox.objects.count(),
        "invitations": Invitation.objects.count(),
    }


# Loading again is a full demo load; once, at the moment that also crosses into a new year,
# is enough (the year-later test below loads again at both moments).
@pytest.mark.parametrize("moment", ["new-years-eve"], indirect=True)
def test_loading_again_the_same_day_gives_the_same_demo(moment):
    first = snapshot()
    demo_load(seed=7, scale=SCALE, now=moment)
    assert snapshot() == first


def test_loading_again_a_year_later_duplicates_nothing(moment):
    before = snapshot()
    later = moment + datetime.timedelta(days=365)
    with time_machine.travel(later, tick=False):
        demo_load(seed=7, scale=SCALE, now=later)
    after = snapshot()
    for key in ("questionnaires", "norms", "sources", "mailboxes"):
        assert after[key] == before[key], key
    assert len(after["runs"]) == 4
    assert FocusPeriod.objects.filter(starts_on__gt=later.date()).exists()
    assert not HandlingItem.objects.filter(received_at__lt=later - datetime.timedelta(days=740))
