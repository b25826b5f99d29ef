"""The pages: open work per team, the drill-down, norm compliance, access."""

import datetime

import pytest
from django.utils import timezone

from dienstverlening.framework.models import NormSubject
from dienstverlening.handling.models import ItemKind
from dienstverlening.handling.services import ItemInput, items_upsert
from tests.conftest import logged_in
from tests.framework.factories import NormFactory
from tests.organisation.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(team, other_team):
    woerden = MunicipalityFactory()
    NormFactory(subject=NormSubject.CALLBACK, target_share=90)
    NormFactory(subject=NormSubject.EMAIL, target_value=2, target_share=90, title="Mail in 2")
    now = timezone.now()
    rows = []
    # Burgerzaken: 3 open call-backs (one 30 days old → past due), 1 open e-mail today.
    for n, days in enumerate((0, 30, 60)):
        rows.append(
            ItemInput(
                kind=ItemKind.CALLBACK,
                source="kcc",
                source_id=f"open-{n}",
                municipality_id=woerden.pk,
                team_id=team.pk,
                received_at=now - datetime.timedelta(days=days),
            )
        )
    rows.append(
        ItemInput(
            kind=ItemKind.EMAIL,
            source="mail",
            source_id="m1",
            municipality_id=woerden.pk,
            team_id=team.pk,
            received_at=now,
        )
    )
    # Belastingen: 10 closed call-backs, 8 on time (80 % against 90 %: amber? no, red).
    for n in range(10):
        received = now - datetime.timedelta(days=20)
        rows.append(
            ItemInput(
                kind=ItemKind.CALLBACK,
                source="kcc",
                source_id=f"closed-{n}",
                municipality_id=woerden.pk,
                team_id=other_team.pk,
                received_at=received,
                closed_at=received + datetime.timedelta(hours=1 if n < 8 else 24 * 10),
            )
        )
    items_upsert(items=rows)


def test_anonymous_visitors_are_sent_to_log_in(client, register):
    for path in (
        "/openstaand-werk/",
        "/openstaand-werk/teams/burgerzaken/",
        "/openstaand-werk/normen/",
    ):
        response = client.get(path)
        assert response.status_code == 302 and "/inloggen/" in response["Location"]


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
    assert sum(rows["burgerzaken"].bands) == 4
    assert rows["burgerzaken"].bands[-1] == 2  # 30 and 60 days old: more than 10 working days
    assert "belastingen" not in rows  # nothing open
    assert "Openstaand werk" in response.content.decode()


def test_open_work_csv_download(client, employee, register):
    response = logged_in(client, employee).get("/openstaand-werk/?formaat=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "Burgerzaken" in response.content.decode("utf-8-sig")


def test_drill_down_lists_ids_and_terms_without_personal_data(
    client, employee, register, django_assert_max_num_queries
):
    logged_in(client, employee)
    with django_assert_max_num_queries(8):
        response = client.get("/openstaand-werk/teams/burgerzaken/")
    text = response.content.decode()
    assert "kcc: open-2" in text and "te laat" in text
    response = client.get("/openstaand-werk/teams/burgerzaken/?soort=email")
    assert [i.source_id for i in response.context["page"].object_list] == ["m1"]


def test_compliance_page_says_the_verdict_in_words(client, employee, register):
    response = logged_in(client, employee).get("/openstaand-werk/normen/")
    text = response.content.decode()
    row = next(r for r in response.context["rows"] if r.label == "Belastingen")
    assert (row.total, row.on_time, row.status) == (10, 8, "red")
    assert row.median == 0 and row.p90 >= 7
    assert "Niet gehaald" in text and "80" in text


def test_compliance_period_filter_and_bad_dates(client, employee, register):
    logged_in(client, employee)
    past = client.get("/openstaand-werk/normen/?van=2020-01-01&tot=2020-12-31")
    assert past.context["rows"] == []
    wrong = client.get("/openstaand-werk/normen/?van=2026-12-01&tot=2026-01-01")
    assert "De einddatum ligt vóór de begindatum." in wrong.content.decode()


def test_mailbox_page_is_for_the_beheerder(client, employee, register):
    assert logged_in(client, employee).get("/openstaand-werk/mailboxen/").status_code == 403
