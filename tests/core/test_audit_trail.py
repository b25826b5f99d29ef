"""The audit trail's page (/audittrail/): only the functioneel beheerder reads it; filters on
kind, person, action, period and object narrow it; old → new in Dutch; it changes nothing."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils.text import capfirst

from dienstverlening.core.audit import audit_context
from dienstverlening.core.audit_trail import PAGE_SIZE
from dienstverlening.core.roles import Role
from dienstverlening.framework.models import NormSubject
from tests.conftest import logged_in
from tests.core.factories import UserFactory
from tests.framework.factories import NormFactory, StatementFactory
from tests.handling.factories import MailboxFactory
from tests.organisation.factories import TeamFactory

# The dates below are written around the suite's Wednesday.
pytestmark = [pytest.mark.django_db, pytest.mark.moment("wednesday")]

URL = "/audittrail/"


@pytest.fixture
def trail(coordinator, beheerder, clock):
    """A week of changes: the coördinator's norm on Monday, the beheerder's mailbox on
    Tuesday, a team link without a person on Wednesday (today)."""
    clock.shift(datetime.timedelta(days=-2))  # Monday 30 November 2026
    with audit_context(actor=coordinator):
        norm = NormFactory(title="We bellen binnen 1 werkdag terug.")
        norm.target_share = Decimal("95")
        norm.save()
    clock.shift(datetime.timedelta(days=1))
    with audit_context(actor=beheerder):
        mailbox = MailboxFactory(name="burgerzaken@woerden.nl", active=True)
        mailbox.active = False
        mailbox.save()
    clock.shift(datetime.timedelta(days=1))
    team = mailbox.team
    team.members.add(UserFactory(username="nieuw", first_name="Nina", last_name="Bos"))
    return {"norm": norm, "mailbox": mailbox, "team": team}


def page(client, **filters):
    response = client.get(URL, filters)
    assert response.status_code == 200
    return response


def whats(response) -> list[tuple[str, str]]:
    return [(row.kind, row.action) for row in response.context["rows"]]


@pytest.mark.parametrize(
    "role", [Role.EMPLOYEE, Role.TEAM_MANAGER, Role.COORDINATOR, Role.MANAGEMENT]
)
def test_only_the_beheerder_reads_the_trail(client, role):
    logged_in(client, UserFactory(username=f"iemand-{role}", role=role))
    assert client.get(URL).status_code == 403


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_superuser_reads_it_as_beheerder(client, superuser):
    logged_in(client, superuser)
    assert client.get(URL).status_code == 200


def test_the_beheerder_sees_it_in_the_menu_and_others_do_not(client, beheerder, coordinator):
    logged_in(client, beheerder)
    assert 'href="/audittrail/"' in client.get("/").content.decode()
    logged_in(client, coordinator)
    assert 'href="/audittrail/"' not in client.get("/").content.decode()


def test_the_page_shows_who_changed_what_from_what_to_what_in_dutch(client, beheerder, trail):
    logged_in(client, beheerder)
    html = page(client).content.decode()
    norm_row = next(row for row in page(client).context["rows"] if row.kind == "Norm")
    assert norm_row.action == "gewijzigd"
    assert norm_row.who.startswith("Sam de Vries")
    (change,) = norm_row.changes
    assert (change.label, change.old, change.new) == (
        "Aandeel dat de norm haalt (%)",
        "90,0",
        "95,0",
    )
    assert "30-11-2026" in html
    mailbox_row = next(
        row
        for row in page(client).context["rows"]
        if row.kind == "Teammailbox" and row.action == "gewijzigd"
    )
    assert [(c.label, c.old, c.new) for c in mailbox_row.changes] == [("Actief", "ja", "nee")]
    team_row = page(client).context["rows"][0]
    assert team_row.who == "systeem"
    assert (team_row.changes[0].label, team_row.changes[0].added) == (
        "Medewerkers",
        ("Nina Bos",),
    )
    assert "toegevoegd" in html and "Nina Bos" in html


def test_a_new_record_shows_its_values_and_a_choice_its_label(client, beheerder):
    with audit_context(actor=beheerder):
        NormFactory(subject=NormSubject.EMAIL, title="We beantwoorden e-mail binnen 2 werkdagen.")
    logged_in(client, beheerder)
    (row,) = page(client, soort="framework.norm").context["rows"]
    assert row.action == "aangemaakt"
    changes = {change.label: change.new for change in row.changes}
    assert changes["Onderwerp"] == "e-mail beantwoorden"
    assert changes["Geldig vanaf"] == "01-01-2024"
    assert changes["Norm in woorden"] == "We beantwoorden e-mail binnen 2 werkdagen."


def test_a_secret_shows_as_hidden(client, beheerder):
    from dienstverlening.handling.mailsync import mailbox_set_password

    mailbox = MailboxFactory()
    mailbox_set_password(mailbox=mailbox, password="imap-geheim-123")
    logged_in(client, beheerder)
    row = page(client).context["rows"][0]
    assert [(c.label, c.old, c.new) for c in row.changes] == [
        ("Versleuteld wachtwoord", "", "(verborgen)")
    ]


def test_filter_on_kind(client, beheerder, trail):
    logged_in(client, beheerder)
    assert set(whats(page(client, soort="framework.norm"))) == {
        ("Norm", "aangemaakt"),
        ("Norm", "gewijzigd"),
    }


def test_filter_on_person_and_on_no_person(client, beheerder, coordinator, trail):
    logged_in(client, beheerder)
    kinds = {kind for kind, _ in whats(page(client, persoon=coordinator.username))}
    assert kinds == {"Norm"}
    response = page(client, persoon="systeem")
    assert {kind for kind, _ in whats(response)} >= {"Team"}
    assert all(row.who == "systeem" for row in response.context["rows"])
    # Only people who changed something are offered.
    offered = dict(response.context["form"].fields["persoon"].choices)
    assert coordinator.username in offered and "nieuw" not in offered


def test_filter_on_period(client, beheerder, trail):
    logged_in(client, beheerder)
    tuesday = page(client, van="2026-12-01", tot="2026-12-01")
    # The mailbox, and the team the mailbox factory made for it.
    assert {kind for kind, _ in whats(tuesday)} == {"Teammailbox", "Team"}
    assert all(row.when.date() == datetime.date(2026, 12, 1) for row in tuesday.context["rows"])
    # Today: the team's new member (and the accounts the test made).
    assert set(whats(page(client, van="2026-12-02"))) == {
        ("Team", "gewijzigd"),
        ("Gebruiker", "aangemaakt"),
    }
    since_tuesday = page(client, van="01-12-2026")  # Dutch dates work too
    assert ("Norm", "gewijzigd") not in whats(since_tuesday)


def test_a_period_that_ends_before_it_starts_is_refused_in_dutch(client, beheerder, trail):
    logged_in(client, beheerder)
    response = page(client, van="2026-12-02", tot="2026-11-30")
    assert response.context["rows"] == []
    assert "De einddatum ligt vóór de begindatum." in response.content.decode()


def test_filter_on_object_by_name_or_number(client, beheerder, trail):
    logged_in(client, beheerder)
    assert {kind for kind, _ in whats(page(client, object="binnen 1 werkdag"))} == {"Norm"}
    by_number = page(client, object=str(trail["mailbox"].pk), soort="handling.mailbox")
    assert len(by_number.context["rows"]) == 2


def test_filter_on_action(client, beheerder, trail):
    logged_in(client, beheerder)
    actions = {action for _, action in whats(page(client, actie="0"))}
    assert actions == {"aangemaakt"}


def test_nothing_found_says_what_to_do(client, beheerder, trail):
    logged_in(client, beheerder)
    html = page(client, object="bestaat-niet").content.decode()
    assert "Geen wijzigingen die bij deze filters passen." in html


def test_pages_of_fifty_keep_the_filters(client, beheerder):
    with audit_context(actor=beheerder):
        for n in range(PAGE_SIZE + 5):
            StatementFactory(text=f"Stelling {n}")
    TeamFactory()
    logged_in(client, beheerder)
    first = page(client, soort="framework.statement")
    assert len(first.context["rows"]) == PAGE_SIZE
    html = first.content.decode()
    assert "Pagina 1 van 2" in html
    assert "soort=framework.statement&amp;pagina=2" in html
    second = page(client, soort="framework.statement", pagina=2)
    assert len(second.context["rows"]) == 5
    assert {row.kind for row in second.context["rows"]} == {"Stelling"}


def test_the_page_changes_nothing(client, beheerder, trail):
    logged_in(client, beheerder)
    before = LogEntry.objects.count()
    assert client.post(URL, {"object": "x"}).status_code == 405
    assert (
        '<form method="post"'
        not in page(client).content.decode().split("<main")[1].split("</main>")[0]
    )
    assert LogEntry.objects.count() == before


def test_the_trail_downloads_as_excel_and_the_download_is_logged(
    client, beheerder, coordinator, trail, events, caplog
):
    from io import BytesIO

    from openpyxl import load_workbook

    logged_in(client, beheerder)
    response = client.get(
        URL, {"soort": "framework.norm", "persoon": coordinator.username, "download": "xlsx"}
    )
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Moment", "Door", "Via")
    changed = [row for row in rows if row[6] == "gewijzigd"]
    assert changed[0][7:10] == ("Aandeel dat de norm haalt (%)", "90,0", "95,0")
    (line,) = events("export")
    assert (line.what, line.soort) == ("audittrail", "framework.norm")
    # The person filtered on by account number, never by user name.
    assert line.persoon_id == str(coordinator.pk)
    assert coordinator.username not in caplog.text


def test_the_changed_fields_read_in_the_models_order_on_every_database(client, beheerder):
    """The trail lists a record's changes as its form does, whatever order the database keeps
    the stored changes in (PostgreSQL's jsonb sorts keys by length)."""
    with audit_context(actor=beheerder):
        norm = NormFactory(title="We bellen binnen 1 werkdag terug.")
    entry = LogEntry.objects.get_for_object(norm).get()
    entry.changes = dict(reversed(list(entry.changes.items())))
    entry.pk = None  # the trail is append-only: write the record again with the keys reversed
    entry._state.adding = True
    entry.save()
    model_order = [f.verbose_name for f in type(norm)._meta.get_fields() if f.name in entry.changes]

    logged_in(client, beheerder)
    rows = page(client, soort="framework.norm").context["rows"]

    assert len(rows) == 2
    for row in rows:
        labels = [change.label for change in row.changes]
        assert labels == [capfirst(label) for label in model_order]
