import datetime
from decimal import Decimal

import pytest

from dienstverlening.framework import selectors, services
from dienstverlening.framework.models import Level, NormSubject, NormUnit
from tests.framework.factories import FocusPeriodFactory, NormFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 2)


def test_most_specific_norm_applies(team, service, other_team):
    org = NormFactory(
        subject=NormSubject.LEAD_TIME, title="Organisatie", target_value=8, unit=NormUnit.WEEKS
    )
    team_norm = NormFactory(
        level=Level.TEAM,
        team=team,
        subject=NormSubject.LEAD_TIME,
        title="Team",
        target_value=10,
        unit=NormUnit.WORKING_DAYS,
    )
    service_norm = NormFactory(
        level=Level.SERVICE,
        service=service,
        subject=NormSubject.LEAD_TIME,
        title="Dienst",
        target_value=5,
    )

    assert selectors.norm_applicable(subject="lead_time", day=DAY, service=service) == service_norm
    assert selectors.norm_applicable(subject="lead_time", day=DAY, team=team) == team_norm
    assert selectors.norm_applicable(subject="lead_time", day=DAY, team=other_team) == org


def test_no_norm_before_it_starts(team):
    NormFactory(valid_from=datetime.date(2025, 1, 1))
    assert selectors.norm_applicable(subject="callback", day=datetime.date(2024, 12, 31)) is None


def test_changed_norm_keeps_history():
    old = NormFactory(target_value=Decimal("2"), title="Binnen 2 werkdagen")
    new = services.norm_change(
        norm=old,
        effective_from=datetime.date(2026, 1, 1),
        target_value=Decimal("1"),
        title="Binnen 1 werkdag",
    )
    old.refresh_from_db()
    assert old.valid_until == datetime.date(2025, 12, 31)
    assert new.previous == old
    assert selectors.norm_applicable(subject="callback", day=datetime.date(2025, 6, 1)) == old
    assert selectors.norm_applicable(subject="callback", day=datetime.date(2026, 6, 1)) == new
    assert [n.title for n in selectors.norm_history(new)] == [
        "Binnen 2 werkdagen",
        "Binnen 1 werkdag",
    ]


def test_team_framework_hides_organisation_norm_the_team_replaced(team):
    NormFactory(subject=NormSubject.CALLBACK, title="Org terugbellen")
    NormFactory(subject=NormSubject.EMAIL, title="Org e-mail", unit=NormUnit.WORKING_DAYS)
    NormFactory(
        level=Level.TEAM,
        team=team,
        subject=NormSubject.CALLBACK,
        title="Team terugbellen",
        target_value=Decimal("4"),
        unit=NormUnit.HOURS,
    )
    result = selectors.team_framework(team=team, day=DAY)
    assert [n.title for n in result.norms_team] == ["Team terugbellen"]
    assert [n.title for n in result.norms_organisation] == ["Org e-mail"]


def test_norms_for_service_picks_one_per_subject(service):
    NormFactory(subject=NormSubject.CALLBACK, title="Org")
    NormFactory(level=Level.SERVICE, service=service, subject=NormSubject.CALLBACK, title="Dienst")
    assert [n.title for n in selectors.norms_for_service(service=service, day=DAY)] == ["Dienst"]


def test_current_focus():
    period = FocusPeriodFactory()
    assert selectors.focus_current(day=datetime.date(2026, 11, 29)) == period
    assert selectors.focus_current(day=datetime.date(2026, 6, 30)) is None


@pytest.mark.parametrize(
    ("value", "unit", "label"),
    [
        ("1", "working_days", "1 werkdag"),
        ("2", "working_days", "2 werkdagen"),
        ("1.5", "hours", "1,5 uur"),
        ("30", "seconds", "30 seconden"),
        ("1", "weeks", "1 week"),
    ],
)
def test_target_label_reads_as_people_say_it(value, unit, label):
    assert NormFactory.build(target_value=Decimal(value), unit=unit).target_label == label


def test_many_questions_get_the_answers_of_one_question_each_in_one_query(
    team, service, other_team, django_assert_num_queries
):
    NormFactory(subject=NormSubject.CALLBACK, title="Org", valid_from=datetime.date(2024, 1, 1))
    old = NormFactory(
        level=Level.TEAM,
        team=team,
        subject=NormSubject.CALLBACK,
        title="Team tot juni 2025",
        valid_from=datetime.date(2024, 1, 1),
    )
    services.norm_change(
        norm=old, effective_from=datetime.date(2025, 6, 1), title="Team vanaf juni 2025"
    )
    NormFactory(level=Level.SERVICE, service=service, subject=NormSubject.LEAD_TIME, title="Dienst")
    keys = [
        selectors.NormKey(subject, day, owner.pk, service_id)
        for subject in (NormSubject.CALLBACK, NormSubject.LEAD_TIME)
        for day in (datetime.date(2023, 6, 1), datetime.date(2025, 3, 1), DAY)
        for owner in (team, other_team)
        for service_id in (None, service.pk)
    ]
    with django_assert_num_queries(1):
        answers = selectors.norms_applicable(keys)
    for key in keys:
        one = selectors.norm_applicable(
            subject=key.subject,
            day=key.day,
            team=team if key.team_id == team.pk else other_team,
            service=service if key.service_id else None,
        )
        assert answers[key] == one, key
    assert answers[selectors.NormKey(NormSubject.CALLBACK, DAY, team.pk)].title == (
        "Team vanaf juni 2025"
    )
    assert answers[selectors.NormKey(NormSubject.CALLBACK, DAY, other_team.pk)].title == "Org"
    assert answers[selectors.NormKey(NormSubject.LEAD_TIME, DAY, team.pk, service.pk)].title == (
        "Dienst"
    )
    assert answers[selectors.NormKey(NormSubject.LEAD_TIME, DAY, team.pk)] is None


def test_a_service_norm_counts_only_for_its_own_service(team, service):
    own = NormFactory(level=Level.SERVICE, service=service, subject=NormSubject.CALLBACK)
    book = selectors.norm_book()
    assert book.applicable(subject=NormSubject.CALLBACK, day=DAY, team_id=team.pk) is None
    assert (
        book.first_applicable(
            subjects=[NormSubject.EMAIL, NormSubject.CALLBACK],
            day=DAY,
            team_id=team.pk,
            service_id=service.pk,
        )
        == own
    )
