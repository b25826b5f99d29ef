"""The dashboard in Chromium: axe on every page, charts drawn under the strict CSP."""

import datetime

import pytest

from dienstverlening.framework.models import Statement
from dienstverlening.organisation.models import Channel, Municipality, Service
from dienstverlening.surveys.models import RunKind
from dienstverlening.surveys.services import (
    Answers,
    questionnaire_create_version,
    questionnaire_current,
    response_submit,
    run_create,
)
from tests.browser.conftest import check_page, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def answers(demo, now):
    questionnaire = questionnaire_current() or questionnaire_create_version()
    run = run_create(
        name="Browsertest",
        kind=RunKind.CONTINUOUS,
        starts_on=datetime.date(2025, 1, 1),
        questionnaire=questionnaire,
    )
    statements = list(Statement.objects.values_list("pk", flat=True))
    channel, municipality = Channel.objects.first(), Municipality.objects.first()
    today = now.date()
    for service in Service.objects.filter(team__slug="burgerzaken")[:3]:
        for i in range(14):
            response_submit(
                run=run,
                service=service,
                channel=channel,
                municipality=municipality,
                answers=Answers(
                    statements={pk: 1 + (i + pk) % 5 for pk in statements},
                    mark=4 + i % 7,
                    good="Vriendelijk en snel geholpen." if i % 3 else "",
                ),
                answered_on=today - datetime.timedelta(days=20 * i),
                source="open",
            )


def test_dashboard_pages_pass_axe_and_draw_charts(answers, live_server, page):
    errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and errors.append(page.url + " " + message.text),
    )
    login(page, live_server, "coordinator")
    violations = []
    pages = {
        "dashboard": "/dashboard/",
        "dashboard-team": "/dashboard/?team=burgerzaken&periode=12m",
        "dashboard-klein": "/dashboard/?dienst="
        + Service.objects.exclude(team__slug="burgerzaken").first().slug,
        "trends": "/dashboard/trends/?team=burgerzaken",
        "open-antwoorden": "/dashboard/open-antwoorden/?team=burgerzaken",
        "complimenten": "/dashboard/complimenten/",
    }
    for name, path in pages.items():
        page.goto(live_server.url + path)
        if name in {"dashboard", "trends"}:
            page.wait_for_selector(".dv-chart--ready svg", timeout=10_000)
        violations += check_page(page, f"dashboard-{name}")
    assert violations == []
    csp_errors = [e[:120] for e in errors if "Content Security Policy" in e or "Refused" in e]
    assert not csp_errors, (len(csp_errors), errors[:3])
