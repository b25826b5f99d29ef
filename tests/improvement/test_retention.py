"""The purge's signal rule: an answered signal goes two years after its answer, with its history;
open signals stay; the handling figures of signals do not change."""

import datetime

import pytest

from dienstverlening.core.retention import purge_run
from dienstverlening.improvement.models import Signal, SignalEvent
from dienstverlening.improvement.services import signal_answer, signal_take
from dienstverlening.insights.periods import Period
from dienstverlening.insights.scope import Scope
from dienstverlening.insights.work import handling_overview
from tests.improvement.factories import signal_submitted

pytestmark = pytest.mark.django_db

EVERYTHING = Period(datetime.date(2000, 1, 1), datetime.date(2100, 1, 1), "eigen")


def test_an_answered_signal_goes_two_years_after_the_answer_with_its_history(
    team, service, sender, manager, now, clock
):
    answered_at = now - datetime.timedelta(days=800)
    old = signal_submitted(service, sender, at=answered_at - datetime.timedelta(days=3))
    signal_take(signal=old, by=manager, at=answered_at - datetime.timedelta(days=2))
    signal_answer(signal=old, by=manager, answer="Opgepakt.", at=answered_at)
    still_open = signal_submitted(service, sender, at=now - datetime.timedelta(days=900))
    boundary = signal_submitted(service, sender, at=now - datetime.timedelta(days=740))
    signal_answer(
        signal=boundary, by=manager, answer="Uitgelegd.", at=now.replace(year=now.year - 2)
    )
    figures = handling_overview(Scope(team=team), EVERYTHING)

    [result] = purge_run(codes=["signals"])

    assert set(Signal.objects.values_list("pk", flat=True)) == {still_open.pk, boundary.pk}
    assert not SignalEvent.objects.filter(signal_id=old.pk).exists()
    assert result.details == {"improvement.Signal": 1, "improvement.SignalEvent": 3}
    assert handling_overview(Scope(team=team), EVERYTHING) == figures

    clock.shift(datetime.timedelta(seconds=1))
    purge_run(codes=["signals"])
    assert list(Signal.objects.all()) == [still_open]
    assert handling_overview(Scope(team=team), EVERYTHING) == figures
