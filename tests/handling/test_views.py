"""The pages: open work per team, the drill-down, norm compliance, access."""

import datetime

import pytest

from dienstverlening.framework.models import NormSubject
from dienstverlening.handling.models import ItemKind
from dienstverlening.handling.services import items_upsert
from tests.clock import AMSTERDAM, at, by_moment, working_days_after, working_days_ago
from tests.conftest import logged_in
from tests.framework.factories import NormFactory
from tests.handling.factories import item_input
from tests.organisation.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(team, other_team, now):
    """Open and closed work placed in working days before ``now``, whatever day that is."""
    woerden = MunicipalityFactory()
    NormFactory(subject=NormSubject.CALLBACK, target_share=90)
    NormFactory(subject=NormSubject.EMAIL, target_value=2, target_share=90, title="Mail in 2")
    today = now.date()

    def row(team, source_id, received_at, **extra):
        return item_input(
            team=team, municipality=woerden, source_id=source_id, received_at=received_at, **extra
        )

    # Burgerzaken: 3 open call-backs, received now and 12 and 30 working days ago (those two
    # past due), and 1 open e-mail received now.
    opened = (now, at(working_days_ago(today, 12), 9), at(working_days_ago(today, 30), 9))
    rows = [row(team, f"open-{n}", received) for n, received in enumerate(opened)]
    rows.append(row(team, "m1", now, kind=ItemKind.EMAIL, source="mail"))
    # Belastingen: 10 call-backs received 15 working days ago; 8 answered within the hour,
    # 2 after 8 working days: 80 % on time against 90 % (red), median 0, p90 8 working days.
    received = at(working_days_ago(today, 15), 9)
    late = at(working_days_after(received.date(), 8), 16)
    rows += [
        row(other_team, f"closed-{n}", received, closed_at=received + datetime.timedelta(hours=1))
        for n in range(8)
    ]
    rows += [row(other_team, f"closed-{n}", received, closed_at=late) for n in range(8, 10)]
    items_upsert(items=rows)


def test_anonymous_visitors_are_sent_to_log_in(client, register):
    for path in (
        "/openstaand-werk/",
        "/openstaand-werk/teams/burgerzaken/",
        "/openstaand-werk/normen/",
    ):
        response = client.get(path)
        assert response.status_code == 302 and "/inloggen/" in response["Location"]


@pytest.mark.every_moment
def test_open_work_overview_answers_which_work_is_open_where_and_how_long(
    client, employee, register, django_assert_max_num_queries
):
    logged_in(client, employee)
    with django_assert_max_num_queries(8):
        response = client.get("/openstaand-werk/")
    assert response.status_code == 200
    rows = {row.team.slug: row for row in response.context["rows"]}
    assert rows["burgerzaken"].total == 4
    assert rows["burgerzaken"].past_due == 2
    assert rows["burgerzaken"].bands == [2, 0, 0, 2]  # now, now | 12 and 30 working days old
    assert "belastingen" not in rows  # nothing open
    assert "Openstaand werk" in response.content.decode()


def test_open_work_csv_download(client, employee, register):
    response = logged_in(client, employee).get("/openstaand-werk/?formaat=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "Burgerzaken" in response.content.decode("utf-8-sig")


@pytest.mark.every_moment
def test_drill_down_lists_ids_and_terms_without_personal_data(
    client, employee, register, now, django_assert_max_num_queries
):
    logged_in(client, employee)
    with django_assert_max_num_queries(8):
        response = client.get("/openstaand-werk/teams/burgerzaken/")
    text = response.content.decode()
    assert "kcc: open-2" in text and "te laat" in text
    shown = [
        (i.source_id, i.age, i.past_due, i.due_at.astimezone(AMSTERDAM).strftime("%d-%m %H:%M"))
        for i in response.context["page"].object_list
    ]
    # A call-back received now is due at the end of the next working day.
    due_now = by_moment(
        now,
        {
            "wednesday": "03-12 23:59",  # Thursday
            "saturday": "07-12 23:59",  # Monday
            "good-friday": "30-03 23:59",  # Tuesday: Easter Monday is off
            "new-years-eve-2330": "04-01 23:59",  # Monday: New Year's Day, then the weekend
        },
    )
    assert [row[:3] for row in shown] == [
        ("open-2", 30, True),
        ("open-1", 12, True),
        ("open-0", 0, False),
        ("m1", 0, False),
    ]
    assert shown[2][3] == due_now
    response = client.get("/openstaand-werk/teams/burgerzaken/?soort=email")
    assert [i.source_id for i in response.context["page"].object_list] == ["m1"]


@pytest.mark.every_moment
def test_compliance_page_says_the_verdict_in_words(client, employee, register):
    response = logged_in(client, employee).get("/openstaand-werk/normen/")
    text = response.content.decode()
    [row] = [r for r in response.context["rows"] if r.label == "Belastingen"]
    assert (row.total, row.on_time, row.status, row.median, row.p90) == (10, 8, "red", 0, 8)
    assert 'utrecht-status-badge--danger">Niet gehaald</span>' in text
    assert "80\u00a0% van 10" in text


def test_compliance_period_filter_and_bad_dates(client, employee, register):
    logged_in(client, employee)
    past = client.get("/openstaand-werk/normen/?van=2020-01-01&tot=2020-12-31")
    assert past.context["rows"] == []
    wrong = client.get("/openstaand-werk/normen/?van=2026-12-01&tot=2026-01-01")
    assert "De einddatum ligt vóór de begindatum." in wrong.content.decode()


def test_mailbox_page_is_for_the_beheerder(client, employee, register):
    assert logged_in(client, employee).get("/openstaand-werk/mailboxen/").status_code == 403
