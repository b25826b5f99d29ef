import datetime

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from dienstverlening.core.localtime import AMSTERDAM
from dienstverlening.core.models import User
from dienstverlening.framework.models import Level, Norm, Statement
from dienstverlening.framework.selectors import norm_applicable
from dienstverlening.organisation.models import Domain, Service, Team

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_moment():
    with time_machine.travel(datetime.datetime(2026, 6, 17, 9, 0, tzinfo=AMSTERDAM), tick=False):
        yield


def counts() -> dict[str, int]:
    return {
        "domains": Domain.objects.count(),
        "teams": Team.objects.count(),
        "services": Service.objects.count(),
        "norms": Norm.objects.count(),
        "users": User.objects.count(),
    }


def test_demo_builds_the_organisation_and_twice_changes_nothing(capsys):
    call_command("demo", "--force", "--seed", "3", "--scale", "0.01")
    first = counts()
    call_command("demo", "--force", "--seed", "3", "--scale", "0.01")
    assert counts() == first
    assert first["domains"] >= 8 and first["teams"] >= 25 and first["services"] >= 80
    assert {level for level in Norm.objects.values_list("level", flat=True)} == set(Level.values)
    assert Statement.objects.count() == 8
    output = capsys.readouterr().out
    for username in ["medewerker", "teammanager", "coordinator", "directie", "beheerder"]:
        assert username in output


def test_demo_logins_work_with_password_demo():
    call_command("demo", "--force", "--scale", "0.01")
    for username in ["medewerker", "teammanager", "coordinator", "directie", "beheerder"]:
        request = RequestFactory().post("/inloggen/")
        user = authenticate(request, username=username, password="demo")
        assert user is not None, username
    manager = User.objects.get(username="teammanager")
    assert manager.managed_teams.filter(slug="burgerzaken").exists()


def test_demo_has_a_changed_norm_with_history():
    call_command("demo", "--force", "--scale", "0.01")
    newer = Norm.objects.filter(previous__isnull=False).select_related("previous").first()
    older = newer.previous
    assert older.valid_until < newer.valid_from
    day_before = older.valid_until
    scope = {"team": older.team, "service": older.service}
    assert norm_applicable(subject=older.subject, day=day_before, **scope) == older
    assert norm_applicable(subject=older.subject, day=newer.valid_from, **scope) == newer


def test_passport_service_is_found_in_demo():
    from dienstverlening.organisation.selectors import directory_search

    call_command("demo", "--force", "--scale", "0.01")
    for query in ["paspoort", "paspoorten", "reisdocument", "pasport"]:
        top = [hit.service.name for hit in directory_search(query)[:3] if hit.service]
        assert any("Paspoort" in name for name in top), (query, top)


def test_demo_refuses_without_debug_and_loads_nothing(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match=r"DEBUG staat uit.*--force"):
        call_command("demo", "--scale", "0.01")
    assert not User.objects.filter(username="medewerker").exists()


def test_demo_runs_without_force_when_debug_is_on(settings):
    settings.DEBUG = True
    call_command("demo", "--scale", "0.01")
    assert User.objects.filter(username="medewerker").exists()


def test_a_failed_demo_load_leaves_nothing_behind(monkeypatch):
    from dienstverlening.demo import services

    def broken(**kwargs):
        Team.objects.update(description="half geladen")
        raise RuntimeError("generator stuk")

    monkeypatch.setattr(services, "GENERATORS", [broken])
    with pytest.raises(RuntimeError, match="generator stuk"):
        services.demo_load(scale=0.01)
    assert counts() == {"domains": 0, "teams": 0, "services": 0, "norms": 0, "users": 0}
