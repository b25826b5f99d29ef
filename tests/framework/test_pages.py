import datetime

import pytest
from django.urls import reverse

from dienstverlening.framework.models import Level
from tests.clock import by_moment
from tests.conftest import logged_in
from tests.framework.factories import (
    CoreValueFactory,
    FocusPeriodFactory,
    NormFactory,
    StatementFactory,
    WorkAgreementFactory,
)
from tests.organisation.factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework_data(team):
    value = CoreValueFactory()
    StatementFactory(value=value, text="Ik werd vriendelijk en met respect behandeld.")
    FocusPeriodFactory(
        value=value, starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2099, 12, 31)
    )
    NormFactory(title="We bellen binnen 1 werkdag terug.")
    WorkAgreementFactory(text="We noemen altijd onze naam.")
    return value


def test_public_framework_page(client, framework_data):
    html = client.get(reverse("framework")).content.decode()
    assert "Dit halfjaar in focus: Menselijk" in html
    assert "Ik werd vriendelijk en met respect behandeld." in html
    assert "We bellen binnen 1 werkdag terug." in html
    assert "90\u00a0%" in html
    assert "We noemen altijd onze naam." in html


def test_poster_is_printable_page(client, framework_data):
    html = client.get(reverse("framework-poster")).content.decode()
    assert "poster.css" in html and "Menselijk" in html and 'class="dv-nav"' not in html


def test_team_page_shows_norms_agreements_services_and_contact(client, team, framework_data):
    ServiceFactory(team=team, name="Rijbewijs verlengen")
    NormFactory(level=Level.TEAM, team=team, title="Balie binnen 5 minuten", subject="counter_wait")
    WorkAgreementFactory(level=Level.TEAM, team=team, text="We helpen zonder afspraak.")
    html = client.get(team.get_absolute_url()).content.decode()
    for text in [
        "Balie binnen 5 minuten",
        "We bellen binnen 1 werkdag terug.",
        "We helpen zonder afspraak.",
        "Rijbewijs verlengen",
        "burgerzaken@woerden.nl",
    ]:
        assert text in html


def test_team_page_query_count_does_not_grow_with_services(
    client, team, framework_data, django_assert_max_num_queries
):
    for _ in range(15):
        ServiceFactory(team=team)
    with django_assert_max_num_queries(12):
        client.get(team.get_absolute_url())


def test_empty_framework_explains_what_to_do(client):
    html = client.get(reverse("framework")).content.decode()
    assert "Er zijn nog geen kernwaarden ingevoerd" in html


def test_focus_periods_may_not_overlap(client, coordinator, framework_data):
    response = logged_in(client, coordinator).post(
        reverse("focus-create"),
        {"value": framework_data.pk, "starts_on": "2026-01-01", "ends_on": "2026-06-30"},
    )
    assert "In deze periode is al een andere kernwaarde in focus." in response.content.decode()


def test_home_highlights_focus_and_own_team(client, manager, team, framework_data):
    html = logged_in(client, manager).get(reverse("home")).content.decode()
    assert "Dit halfjaar in focus: Menselijk" in html
    assert "Uw team: Burgerzaken" in html


@pytest.mark.every_moment
def test_framework_page_shows_the_focus_of_this_half_year(client, now):
    FocusPeriodFactory(
        value=CoreValueFactory(),
        starts_on=datetime.date(2026, 7, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    FocusPeriodFactory(
        value=CoreValueFactory(name="Makkelijk", slug="makkelijk"),
        starts_on=datetime.date(2027, 1, 1),
        ends_on=datetime.date(2027, 6, 30),
    )
    html = client.get(reverse("framework")).content.decode()
    focus = by_moment(
        now,
        {
            "wednesday": "Menselijk",
            "saturday": "Menselijk",
            "good-friday": "Makkelijk",
            "new-years-eve-2330": "Menselijk",  # the last half hour of its half year
        },
    )
    assert f"Dit halfjaar in focus: {focus}" in html
