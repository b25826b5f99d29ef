"""Alert rules: set by the coördinator, with clear Dutch errors for impossible thresholds."""

import pytest
from django.urls import reverse

from dienstverlening.improvement.models import AlertRule
from tests.conftest import logged_in

NEW = reverse("improvement-alert-rule-new")


def post(client, user, **data):
    return logged_in(client, user).post(NEW, {"name": "Regel", "period": "kwartaal", **data})


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"kind": "below", "measure": "statement", "threshold": "150"},
            "threshold",
            "Een percentage ligt tussen 0 en 100 %: 150 kan niet.",
        ),
        (
            {"kind": "below", "measure": "mark", "threshold": "11"},
            "threshold",
            "Een rapportcijfer ligt tussen 1 en 10: 11 kan niet.",
        ),
        (
            {"kind": "below", "measure": "mark", "threshold": "0,5"},
            "threshold",
            "Een rapportcijfer ligt tussen 1 en 10: 0,5 kan niet.",
        ),
        ({"kind": "on_time", "weeks": "0"}, "weeks", "Kies 1 tot en met 26 weken."),
        ({"kind": "on_time"}, "weeks", "Kies 1 tot en met 26 weken."),
        ({"kind": "fall", "measure": "value"}, "value", "Kies de kernwaarde."),
        ({"kind": "fall", "measure": "mark"}, "compare_with", "Kies waarmee we vergelijken."),
        ({"kind": "below", "threshold": "50"}, "measure", "Kies wat we meten"),
    ],
    ids=[
        "share-150",
        "mark-11",
        "mark-0,5",
        "weeks-0",
        "weeks-missing",
        "no-value",
        "no-compare",
        "no-measure",
    ],
)
def test_an_impossible_rule_is_refused_with_a_dutch_message_and_the_input_kept(
    client, coordinator, statements, data, field, message
):
    if data.get("measure") == "statement":
        data["statement"] = statements[0].pk
    response = post(client, coordinator, **data)

    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    assert 'value="Regel"' in response.content.decode()
    assert not AlertRule.objects.exists()


def test_a_team_and_a_domain_together_is_refused(client, coordinator, team):
    response = post(
        client, coordinator, kind="on_time", weeks="2", team=team.pk, domain=team.domain.pk
    )

    assert "Kies een domein of een team, niet allebei." in response.context["form"].errors["team"]


def test_the_coordinator_sets_a_rule_and_finds_it_in_the_list(client, coordinator, statements):
    response = post(
        client,
        coordinator,
        name="Menselijk onder 80 %",
        kind="below",
        measure="value",
        value=statements[0].value.pk,
        threshold="80",
        active="on",
    )

    assert response.status_code == 302
    rule = AlertRule.objects.get()
    assert (rule.created_by, rule.threshold, rule.statement) == (coordinator, 80, None)
    page = client.get(reverse("improvement-alert-rules")).content.decode()
    assert "Menselijk onder 80 %" in page and "hele organisatie" in page


def test_fields_that_do_not_belong_to_the_kind_are_dropped(client, coordinator, statements):
    post(
        client,
        coordinator,
        kind="on_time",
        weeks="3",
        measure="mark",
        threshold="5",
        compare_with="baseline",
    )

    rule = AlertRule.objects.get()
    assert (rule.measure, rule.threshold, rule.compare_with, rule.weeks) == ("", None, "", 3)


@pytest.mark.parametrize("who", ["manager", "employee", "directie", "superuser"])
def test_only_the_coordinator_reaches_the_rules(client, request, coordinator, who):
    rule = AlertRule.objects.create(
        name="R", kind="on_time", weeks=2, created_at="2026-01-01T00:00Z"
    )
    logged_in(client, request.getfixturevalue(who))

    for url in (
        reverse("improvement-alert-rules"),
        NEW,
        reverse("improvement-alert-rule", args=[rule.pk]),
    ):
        assert client.get(url).status_code == 403
    assert client.post(NEW, {"name": "X", "kind": "on_time", "weeks": 1}).status_code == 403
    assert AlertRule.objects.count() == 1


def test_the_rules_list_takes_a_fixed_number_of_queries(
    client, coordinator, statements, django_assert_max_num_queries
):
    for i in range(5):
        AlertRule.objects.create(
            name=f"R{i}",
            kind="below",
            measure="statement",
            statement=statements[i],
            threshold=50,
            created_at="2026-01-01T00:00Z",
        )
    logged_in(client, coordinator)

    with django_assert_max_num_queries(6):
        response = client.get(reverse("improvement-alert-rules"))

    assert response.content.decode().count("lager dan een drempel") == 5
