"""The nightly check: rules read the dashboard's figures and raise one alert per team and
cause, only for groups big enough to show and only for real changes; the manager gets mail."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from dienstverlening.improvement.models import Alert, AlertRule
from dienstverlening.improvement.selectors import alert_text
from dienstverlening.improvement.services import alerts_check
from tests.clock import at
from tests.improvement.alerts_data import callbacks
from tests.organisation.factories import ServiceFactory


def rule(**fields) -> AlertRule:
    fields.setdefault("name", "Regel")
    return AlertRule.objects.create(
        created_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC), **fields
    )


def first_day(period, days: int = 14) -> datetime.date:
    return period.start + datetime.timedelta(days=days)


def test_a_value_below_its_threshold_raises_one_alert_and_not_again_the_next_night(
    team, service, answers, quarter, statements, now
):
    this, _before = quarter
    answers(service, 20, agree=12, day=first_day(this))  # 60 % agree
    menselijk = statements[0].value
    rule(kind="below", measure="value", value=menselijk, threshold=Decimal(80))
    # A second rule on the same thing: the same cause, so still one alert.
    rule(name="Strenger", kind="below", measure="value", value=menselijk, threshold=Decimal(90))

    first = alerts_check(today=now.date(), notify=False)
    second = alerts_check(today=now.date(), notify=False)

    [alert] = Alert.objects.all()
    assert (first.created, second.created) == (1, 0)
    assert alert.team == team and alert.resolved_at is None
    assert alert.numbers["level"] == 60 and alert.numbers["n"] == 40  # two statements pooled
    assert alert_text(alert.numbers) == (
        f"‘Menselijk’: 60\u00a0% eens (van 40 antwoorden, {this.name}), lager dan de drempel "
        "van 80\u00a0%."
    )


def test_a_group_below_the_minimum_size_never_raises_an_alert(
    service, answers, quarter, statements, now
):
    this, _before = quarter
    answers(service, 9, agree=False, mark=3, day=first_day(this))
    rule(kind="below", measure="mark", threshold=Decimal(6))
    rule(name="Stelling", kind="below", measure="statement", statement=statements[0], threshold=50)

    assert alerts_check(today=now.date(), notify=False).created == 0
    assert not Alert.objects.exists()


def test_only_a_real_fall_raises_an_alert(team, service, answers, quarter, statements, now):
    this, before = quarter
    other = ServiceFactory(team=team)
    answers(service, 12, agree=10, day=first_day(before))  # 83 % → 75 %: within the margin
    answers(service, 12, agree=9, day=first_day(this))
    answers(other, 20, agree=True, day=first_day(before))  # 100 % → 25 %: a real fall
    answers(other, 20, agree=5, day=first_day(this))
    rule(kind="fall", measure="statement", statement=statements[2], compare_with="previous")

    alerts_check(today=now.date(), notify=False)

    [alert] = Alert.objects.all()
    # The team's figure pools both services: 32 answers, 14 agree (44 %), against 30 of 32.
    assert alert.numbers["level"] == pytest.approx(43.75)
    assert alert.numbers["compared"] == before.name
    assert "echt gedaald, 50 procentpunt lager dan" in alert_text(alert.numbers)


def test_no_alert_for_a_fall_that_chance_explains(team, service, answers, quarter, statements, now):
    this, before = quarter
    answers(service, 12, agree=10, day=first_day(before))
    answers(service, 12, agree=9, day=first_day(this))
    rule(kind="fall", measure="statement", statement=statements[2], compare_with="previous")

    assert alerts_check(today=now.date(), notify=False).created == 0


def test_an_alert_closes_when_its_cause_is_gone_and_can_come_back(
    service, answers, quarter, statements, now
):
    this, _before = quarter
    answers(service, 20, agree=12, day=first_day(this))
    below = rule(kind="below", measure="mark", threshold=Decimal(9))
    alerts_check(today=now.date(), notify=False)

    below.threshold = Decimal(7)  # the mark is 8: no longer below
    below.save()
    gone = alerts_check(today=now.date(), notify=False)
    below.threshold = Decimal(9)
    below.save()
    back = alerts_check(today=now.date(), notify=False)

    assert (gone.resolved, back.created) == (1, 1)
    assert Alert.objects.filter(resolved_at__isnull=True).count() == 1
    assert Alert.objects.count() == 2


def test_a_second_open_alert_for_the_same_cause_is_refused_in_dutch(team, now):
    Alert.objects.create(team=team, cause="below:mark:kwartaal", created_at=now)
    second = Alert(team=team, cause="below:mark:kwartaal", created_at=now)

    with pytest.raises(ValidationError) as refused:
        second.full_clean()

    assert "al een signalering open" in str(refused.value)


def test_on_time_below_the_norm_for_n_weeks_in_a_row(team, other_team, callback_norm, now):
    monday = now.date() - datetime.timedelta(days=now.weekday())
    for weeks_back in (1, 2):
        start = at(monday - datetime.timedelta(weeks=weeks_back), 9)
        # Team: 5 of 10 on time (50 %) both weeks. Other team: 5 of 10, then 10 of 10.
        callbacks(team, start, [0] * 5 + [3] * 5, prefix=f"a{weeks_back}-")
        late = [0] * 5 + [3] * 5 if weeks_back == 2 else [0] * 10
        callbacks(other_team, start, late, prefix=f"b{weeks_back}-")
    rule(kind="on_time", weeks=2)

    alerts_check(today=now.date(), notify=False)

    [alert] = Alert.objects.all()
    assert alert.team == team and alert.cause == "on_time:callback"
    assert [week["share"] for week in alert.numbers["weeks"]] == [50.0, 50.0]
    assert alert_text(alert.numbers).startswith("Terugbelverzoek: 2 weken op rij minder op tijd")


def test_too_few_closed_in_a_week_breaks_the_run(team, callback_norm, now):
    monday = now.date() - datetime.timedelta(days=now.weekday())
    callbacks(team, at(monday - datetime.timedelta(weeks=2), 9), [3] * 10, prefix="a")
    callbacks(team, at(monday - datetime.timedelta(weeks=1), 9), [3] * 9, prefix="b")
    rule(kind="on_time", weeks=2)

    assert alerts_check(today=now.date(), notify=False).created == 0


def test_the_managers_get_one_mail_per_team_at_the_smtp_server(
    team, manager, service, answers, quarter, statements, now, smtp_server
):
    manager.email = "marco@woerden.nl"
    manager.save()
    this, _before = quarter
    answers(service, 20, agree=12, day=first_day(this))
    rule(name="Cijfer onder 9", kind="below", measure="mark", threshold=Decimal(9))
    rule(name="Menselijk", kind="below", measure="value", value=statements[0].value, threshold=80)

    outcome = alerts_check(today=now.date())
    again = alerts_check(today=now.date())

    [mail] = smtp_server.to("marco@woerden.nl")
    assert (outcome.mailed, again.mailed) == (1, 0)
    assert mail.subject == "2 signaleringen voor team Burgerzaken"
    assert "Rapportcijfer 8,0 (van 20 antwoorden" in mail.body
    assert "/verbeteren/signaleringen/team/burgerzaken/" in mail.body
    assert not Alert.objects.filter(mailed_at__isnull=True).exists()


def test_a_mail_that_fails_is_sent_by_the_next_check(
    team, manager, service, answers, quarter, now, settings, smtp_server
):
    manager.email = "marco@woerden.nl"
    manager.save()
    answers(service, 20, agree=12, day=first_day(quarter[0]))
    rule(kind="below", measure="mark", threshold=Decimal(9))
    settings.EMAIL_PORT = 1  # nobody listens there

    failed = alerts_check(today=now.date())
    settings.EMAIL_PORT = smtp_server.port
    retried = alerts_check(today=now.date())

    assert (failed.failed, retried.mailed) == (1, 1)
    assert len(smtp_server.to("marco@woerden.nl")) == 1


def test_the_command_and_the_task_run_the_check(service, answers, quarter, now, settings, capsys):
    from dienstverlening.improvement.tasks import alerts_check_task

    answers(service, 20, agree=12, day=first_day(quarter[0]))
    rule(kind="below", measure="mark", threshold=Decimal(9))
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    call_command("check_alerts")
    result = alerts_check_task.enqueue()

    assert "1 nieuwe signaleringen" in capsys.readouterr().out
    assert result.return_value["created"] == 0  # the alert is open already
