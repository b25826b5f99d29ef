"""Actions: an owner team and a date that has not passed yet."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from dienstverlening.improvement.models import ActionStatus
from dienstverlening.improvement.services import action_create, action_set_status


def test_an_action_due_yesterday_is_refused_with_a_dutch_message(team, now):
    yesterday = now.date() - datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as refused:
        action_create(team=team, title="Terugbelnotitie verbeteren", due=yesterday)

    assert "al voorbij" in str(refused.value.message_dict["due"])
    assert not team.improvement_actions.exists()


def test_an_action_done_records_when(team, now):
    action = action_create(team=team, title="Terugbelnotitie verbeteren", due=now.date())

    action_set_status(action=action, status=ActionStatus.DONE)

    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert action.done_at == now
