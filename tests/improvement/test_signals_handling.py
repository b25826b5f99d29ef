"""Signals count in the handling KPIs through the register, like any other kind of work."""

import datetime

import pytest

from dienstverlening.handling.models import HandlingItem, ItemKind
from dienstverlening.improvement.models import SIGNAL_SOURCE
from dienstverlening.improvement.services import signal_answer, signal_pass_on
from dienstverlening.insights.periods import Period
from dienstverlening.insights.scope import Scope
from dienstverlening.insights.work import handling_overview
from tests.clock import working_days_after
from tests.handling.rollups import assert_rollups_match_raw
from tests.improvement.factories import signal_norm, signal_submitted

pytestmark = pytest.mark.django_db


def _period(now) -> Period:
    today = now.date()
    return Period(today - datetime.timedelta(days=60), today, "twee maanden")


def _row(team, now):
    rows = {row.kind: row for row in handling_overview(Scope(team=team), _period(now))}
    return rows.get(ItemKind.SIGNAL)


def test_an_open_signal_is_open_work_of_its_team_with_the_norms_due_date(
    team, service, sender, now
):
    signal_norm(now.date() - datetime.timedelta(days=365))

    signal = signal_submitted(service, sender)

    item = HandlingItem.objects.get(source=SIGNAL_SOURCE, source_id=signal.reference)
    assert (item.kind, item.team, item.service) == (ItemKind.SIGNAL, team, service)
    assert item.due_at.date() == working_days_after(now.date(), 5)
    row = _row(team, now)
    assert (row.label, row.open, row.received, row.closed) == ("signaal", 1, 1, 0)
    assert row.norm_title == "We handelen een signaal binnen 5 werkdagen af."
    assert_rollups_match_raw()


@pytest.mark.parametrize(
    ("days_ago", "on_time"), [(2, 1), (21, 0)], ids=["within-the-norm", "after-the-norm"]
)
def test_an_answered_signal_counts_as_closed_on_time_within_the_norm_and_late_after_it(
    team, service, sender, manager, now, days_ago, on_time
):
    signal_norm(now.date() - datetime.timedelta(days=365))
    signal = signal_submitted(service, sender, at=now - datetime.timedelta(days=days_ago))

    signal_answer(signal=signal, by=manager, answer="Opgepakt en verbeterd.")

    row = _row(team, now)
    assert (row.open, row.closed, row.on_time) == (0, 1, on_time)
    assert_rollups_match_raw()


def test_a_passed_on_signal_moves_to_the_new_teams_open_work(
    team, other_team, service, sender, manager, now
):
    signal = signal_submitted(service, sender)

    signal_pass_on(signal=signal, by=manager, team=other_team, reason="Hoort bij Belastingen.")

    assert _row(team, now) is None
    moved = _row(other_team, now)
    assert (moved.open, moved.received) == (1, 1)
    item = HandlingItem.objects.get(source=SIGNAL_SOURCE)
    # The service belongs to the first team: the register counts it for the new team without it.
    assert (item.team, item.service, item.received_at) == (other_team, None, signal.submitted_at)
    assert_rollups_match_raw()
