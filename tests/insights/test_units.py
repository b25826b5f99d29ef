"""Figures per team and per service at once (``units``) are exactly what each one's own
dashboard page shows: the same shares, marks, changes and suppression."""

import datetime

import pytest

from dienstverlening.insights.experience import breakdown, experience_overview, teams_per_domain
from dienstverlening.insights.periods import cell
from dienstverlening.insights.scope import Scope
from dienstverlening.insights.units import unit_figures
from dienstverlening.insights.work import handling_overview, handling_per_unit, on_time_weeks
from tests.clock import at
from tests.improvement.alerts_data import callbacks
from tests.insights.conftest import TODAY
from tests.organisation.factories import ServiceFactory, TeamFactory

YEAR = cell(TODAY, "year", key="jaar", today=TODAY)
LAST_YEAR_DAY = TODAY.replace(year=TODAY.year - 1)


def same(a, b) -> bool:
    return (a.suppressed, a.n, a.share, a.vs_previous, a.vs_baseline, a.reason) == (
        b.suppressed,
        b.n,
        b.share,
        b.vs_previous,
        b.vs_baseline,
        b.reason,
    )


@pytest.fixture
def organisation(answer, baseline_run):
    """Two teams in one domain with two and one services; one service below the minimum."""
    first = TeamFactory()
    second = TeamFactory(domain=first.domain)
    services = [
        ServiceFactory(team=first),
        ServiceFactory(team=first),
        ServiceFactory(team=second),
    ]
    answer(services[0], 14, agree=True, day=LAST_YEAR_DAY)
    answer(services[0], 12, agree=False, mark=5)
    answer(services[0], 10, agree=True, day=datetime.date(2024, 4, 1), on_run=baseline_run)
    answer(services[1], 6, agree=True)  # too few: hidden, and a sibling with it
    answer(services[2], 15, agree=True, mark=9)
    answer(services[2], 12, agree=True, day=LAST_YEAR_DAY)
    return [first, second], services


@pytest.mark.parametrize("by", ["team", "service"])
def test_each_unit_has_the_figures_of_its_own_dashboard_page(organisation, statements, by):
    teams, services = organisation
    overview = unit_figures(Scope(), YEAR, by)

    for obj in teams if by == "team" else services:
        scope = Scope(team=obj) if by == "team" else Scope(service=obj)
        page = experience_overview(scope, YEAR)
        unit = overview.units[obj.pk]
        assert unit.shown == (not page.suppressed)
        assert (unit.mark.mean, unit.mark.vs_previous) == (page.mark.mean, page.mark.vs_previous)
        for value in page.values:
            assert same(unit.values[value.value.pk], value.figure)
            for statement, figure in value.statements:
                assert same(unit.statements[statement.pk], figure)


def test_a_small_service_and_the_sibling_that_would_give_it_away_are_hidden(organisation):
    _teams, services = organisation
    units = unit_figures(Scope(), YEAR, "service").units

    assert not units[services[1].pk].shown  # 6 residents
    assert not units[services[0].pk].shown  # the team minus this one would reveal the six
    assert units[services[2].pk].shown


def test_a_real_fall_against_last_year_is_in_the_unit_figures(organisation, statements):
    teams, _services = organisation
    unit = unit_figures(Scope(), YEAR, "team").units[teams[0].pk]

    change = unit.statements[statements[0].pk].vs_previous
    assert change.real and change.direction == "down"


def test_the_scope_limits_the_units(organisation):
    teams, services = organisation

    units = unit_figures(Scope(team=teams[1]), YEAR, "service").units

    assert set(units) == {services[2].pk}


def test_handling_per_unit_matches_the_handling_overview(callback_norm):
    team, other = TeamFactory(), TeamFactory()
    service = ServiceFactory(team=team)
    monday = at(datetime.date(2026, 11, 2), 9)
    callbacks(team, monday, [0] * 8 + [3] * 4, prefix="a", service=service)
    callbacks(team, monday, [0] * 3, prefix="b")  # no service: counts for the team only
    callbacks(other, monday, [0] * 10, prefix="c")

    per_team = handling_per_unit(Scope(), YEAR, "team")
    per_service = handling_per_unit(Scope(), YEAR, "service")

    [row] = handling_overview(Scope(team=team), YEAR)
    [kind] = per_team[team.pk].kinds
    assert (per_team[team.pk].received, kind.closed, kind.on_time) == (
        row.received,
        row.closed,
        row.on_time,
    )
    assert (kind.status, kind.target_share) == (row.status, row.target_share)
    assert per_service[service.pk].received == 12
    assert set(per_service) == {service.pk}


def test_on_time_weeks_counts_whole_weeks_before_this_one(callback_norm, now):
    team = TeamFactory()
    this_monday = now.date() - datetime.timedelta(days=now.weekday())
    callbacks(team, at(this_monday - datetime.timedelta(weeks=2), 9), [0] * 10, prefix="a")
    callbacks(team, at(this_monday, 9), [0] * 10, prefix="b")  # this week: not yet whole

    weeks = on_time_weeks(Scope(), weeks=3, today=now.date())[team.pk]["callback"]

    assert [(w.start, w.closed) for w in weeks] == [
        (this_monday - datetime.timedelta(weeks=3), 0),
        (this_monday - datetime.timedelta(weeks=2), 10),
        (this_monday - datetime.timedelta(weeks=1), 0),
    ]
    assert [w.status for w in weeks] == ["nothing_closed", "green", "nothing_closed"]


def test_the_teams_of_every_domain_at_once_are_what_each_domain_page_shows(answer, statements):
    """The report's per-domain team tables come from one scan: the same rows, figures and
    suppression as each domain's own page, including the sibling that would give a small team
    away."""
    first = TeamFactory()
    giveaway = TeamFactory(domain=first.domain)
    small = TeamFactory(domain=first.domain)
    other = TeamFactory()
    answer(ServiceFactory(team=first), 14, agree=True)
    answer(ServiceFactory(team=giveaway), 12, agree=False, mark=5)
    answer(ServiceFactory(team=small), 6, agree=True)
    answer(ServiceFactory(team=other), 15, agree=True, mark=9)

    batch = teams_per_domain(Scope(), YEAR)

    assert set(batch) == {first.domain_id, other.domain_id}
    for domain in (first.domain, other.domain):
        assert batch[domain.pk] == breakdown(Scope(domain=domain), YEAR, "team")
    shown = {row.label: row.reason is None for row in batch[first.domain_id]}
    assert shown[first.name] and not shown[small.name]
    assert sum(shown.values()) == 1  # the next-smallest sibling is hidden with the small team
    assert [row.figure.share for row in batch[other.domain_id]] == [100.0]
