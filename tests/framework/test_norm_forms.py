"""Bad input on norms: a Dutch message next to the field, the typed values kept, nothing saved."""

import datetime

import pytest
from django.urls import reverse

from dienstverlening.framework.models import Level, Norm
from tests.conftest import logged_in
from tests.framework.factories import NormFactory

pytestmark = pytest.mark.django_db

VALID = {
    "service": "",
    "subject": "callback",
    "title": "We bellen binnen 1 werkdag terug.",
    "target_value": "1",
    "unit": "working_days",
    "target_share": "90",
    "valid_from": "2026-01-01",
    "valid_until": "",
}


def post_norm(client, user, team=None, **changes):
    url = reverse("norm-create") + (f"?team={team.slug}" if team else "")
    return logged_in(client, user).post(url, {**VALID, **changes})


def test_manager_adds_team_norm(client, manager, team):
    response = post_norm(
        client, manager, team, title="Binnen 4 uur", target_value="4", unit="hours"
    )
    assert response.status_code == 302
    norm = Norm.objects.get()
    assert (norm.level, norm.team, norm.title) == (Level.TEAM, team, "Binnen 4 uur")


def test_manager_adds_service_norm_with_decimal_comma(client, manager, team, service):
    response = post_norm(
        client,
        manager,
        team,
        service=service.pk,
        subject="lead_time",
        target_value="2,5",
        unit="working_days",
        target_share="95,5",
    )
    assert response.status_code == 302
    norm = Norm.objects.get()
    assert (norm.level, norm.service, norm.team) == (Level.SERVICE, service, None)
    assert (str(norm.target_value), str(norm.target_share)) == ("2.50", "95.5")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"target_value": "-1"}, "De norm moet groter zijn dan 0."),
        ({"target_value": "0"}, "De norm moet groter zijn dan 0."),
        ({"target_share": "120"}, "Het aandeel kan niet hoger zijn dan 100 %."),
        ({"valid_until": "2025-12-31"}, "De einddatum ligt vóór de begindatum."),
        ({"valid_from": "31-02-2026"}, "Voer een geldige datum in."),
    ],
)
def test_bad_norm_is_refused_in_dutch_and_keeps_input(client, coordinator, changes, message):
    response = post_norm(client, coordinator, title="Mijn getypte titel", **changes)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Controleer wat u heeft ingevuld" in html
    assert 'value="Mijn getypte titel"' in html
    for value in changes.values():
        assert f'value="{value}"' in html
    assert Norm.objects.count() == 0


def test_overlapping_norm_for_same_scope_and_subject_is_refused(client, coordinator):
    NormFactory(valid_from=datetime.date(2025, 1, 1), title="Bestaande norm")
    response = post_norm(client, coordinator, valid_from="2026-01-01")
    html = response.content.decode()
    assert "Er geldt al een norm voor dit onderwerp in deze periode" in html
    assert "Bestaande norm" in html
    assert Norm.objects.count() == 1


def test_same_subject_for_another_team_does_not_overlap(client, coordinator, team, other_team):
    NormFactory(level=Level.TEAM, team=other_team)
    assert post_norm(client, coordinator, team).status_code == 302
    assert Norm.objects.count() == 2


def test_change_makes_new_version_and_rejects_date_before_start(client, coordinator):
    norm = NormFactory(valid_from=datetime.date(2025, 1, 1))
    url = reverse("norm-change", args=[norm.pk])
    data = {"title": "Sneller", "target_value": "4", "unit": "hours", "target_share": "85"}

    too_early = logged_in(client, coordinator).post(url, {**data, "effective_from": "2024-06-01"})
    assert "De nieuwe versie moet na 01-01-2025 ingaan" in too_early.content.decode()
    assert Norm.objects.count() == 1

    response = client.post(url, {**data, "effective_from": "2026-07-01"})
    assert response.status_code == 302
    norm.refresh_from_db()
    assert norm.valid_until == datetime.date(2026, 6, 30)
    assert Norm.objects.get(previous=norm).title == "Sneller"

    detail = client.get(response.url).content.decode()
    assert "Geschiedenis" in detail and "01-01-2025" in detail and "30-06-2026" in detail
