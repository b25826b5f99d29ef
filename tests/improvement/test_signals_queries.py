"""The signal lists cost a fixed number of queries, however many signals there are."""

import pytest
from django.urls import reverse

from dienstverlening.improvement.services import signal_pass_on, signal_take
from tests.conftest import logged_in
from tests.improvement.factories import signal_submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(service, sender, manager, other_team):
    signals = [signal_submitted(service, sender) for _ in range(12)]
    signal_take(signal=signals[0], by=manager)
    signal_pass_on(signal=signals[1], by=manager, team=other_team, reason="Niet van ons.")
    return signals


def test_my_signals_page(client, sender, many, django_assert_max_num_queries):
    # Session, user, the teams whose signals one handles (as a member or manager) with their
    # counts, the signals, session save.
    logged_in(client, sender)
    with django_assert_max_num_queries(7):
        page = client.get(reverse("improvement-signals"))
    assert page.content.decode().count("SIG-") >= 12


def test_the_teams_list(client, manager, team, many, django_assert_max_num_queries):
    logged_in(client, manager)
    with django_assert_max_num_queries(9):
        page = client.get(reverse("improvement-team-signals", args=[team.slug]))
    assert page.content.decode().count("SIG-") >= 11


def test_one_signal_with_its_history(client, manager, many, django_assert_max_num_queries):
    logged_in(client, manager)
    with django_assert_max_num_queries(10):
        page = client.get(many[0].get_absolute_url())
    assert "in behandeling genomen" in page.content.decode()


def test_the_new_signal_page_with_a_search(client, sender, many, django_assert_max_num_queries):
    logged_in(client, sender)
    with django_assert_max_num_queries(9):
        page = client.get(reverse("improvement-signal-new"), {"q": "paspoort"})
    assert "Paspoort aanvragen" in page.content.decode()
