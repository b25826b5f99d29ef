"""The dashboard in Chromium: axe on every page, charts drawn under the strict CSP."""

import datetime

import pytest
from django.db.models import Min

from dienstverlening.organisation.models import Channel, Service
from dienstverlening.surveys.models import Response
from tests.browser.answers import burgerzaken_answers
from tests.browser.conftest import check_page, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def answers(demo, now):
    # Every five days for each of three services: 12 or more residents per month for the
    # team (a month below 10 would be hidden from the trend, counted in residents).
    burgerzaken_answers(
        starts_on=datetime.date(2025, 1, 1),
        per_service=56,
        answered_on=lambda i: now.date() - datetime.timedelta(days=5 * i),
        good=lambda i: "Vriendelijk en snel geholpen." if i % 3 else "",
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
        "dashboard-team": "/dashboard/?team=burgerzaken&periode=2026-H2",
        "dashboard-team-oudewater": "/dashboard/?team=burgerzaken&gemeente=oudewater",
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


@pytest.fixture
def mid_november():
    """The moment is an input: mid-November 2026, so November is the month still running."""
    from zoneinfo import ZoneInfo

    import time_machine

    moment = datetime.datetime(2026, 11, 18, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    with time_machine.travel(moment, tick=False):
        yield


def test_trend_charts_name_their_series_read_dutch_months_and_show_margin_and_running_month(
    mid_november, answers, live_server, page, mobile_page
):
    login(page, live_server, "coordinator")
    # The organisation: in this small demo the team holds nearly all of its domain, so its
    # months are hidden (the domain's month minus the team's would be the other teams' few).
    page.goto(live_server.url + "/dashboard/trends/")
    page.wait_for_selector("#trend-kernwaarden-titel ~ .dv-chart.dv-chart--ready svg")
    chart = page.locator(".dv-chart").first
    legend = chart.locator(".role-legend-label text").all_text_contents()
    assert legend == ["Menselijk", "Makkelijk", "Betrouwbaar", "Betrokken"]
    months = chart.locator(".role-axis-label text").all_text_contents()
    assert "nov 2026" in months and not any("-" in label for label in months)
    assert chart.locator(".mark-area path").count() >= 1  # the 95 % margin as a band
    assert "loopt nog" in chart.locator(".mark-text text").all_text_contents()
    assert page.locator("th", has_text="nov 2026 (loopt nog)").count() == 3
    violations = check_page(page, "dashboard-trends-legenda")

    login(mobile_page, live_server, "coordinator")
    mobile_page.goto(live_server.url + "/dashboard/trends/?team=burgerzaken")
    mobile_page.wait_for_selector(".dv-chart--ready svg")
    violations += check_page(mobile_page, "dashboard-trends-375")
    assert violations == []


def test_survey_rounds_and_open_answers_pass_axe(mid_november, answers, live_server, page):
    """The demo has a baseline two years back and a biennial survey in between."""
    login(page, live_server, "coordinator")
    violations = []
    for name, path in {
        "nulmeting": "/dashboard/?meting=nulmeting",
        "tweejaarlijks": "/dashboard/?meting=tweejaarlijks&periode=vorig-jaar",
        "oude-periode": "/dashboard/?periode=12m",
        "open-antwoorden-maand": "/dashboard/open-antwoorden/?team=burgerzaken&periode=jaar",
        "open-antwoorden-kanaal": "/dashboard/open-antwoorden/?kanaal="
        + Channel.objects.first().slug,
    }.items():
        page.goto(live_server.url + path)
        violations += check_page(page, f"dashboard-{name}")
        if name == "nulmeting":
            lead = page.inner_text(".dv-lead")
            baseline = Response.objects.filter(run__is_baseline=True)
            first = baseline.aggregate(first=Min("answered_on"))["first"]
            start = first.replace(day=1).strftime("%d-%m-%Y")
            assert lead.startswith(f"Nulmeting, {start} t/m ") and " 0 inwoners" not in lead
        if name == "open-antwoorden-maand":
            lines = page.locator(".dv-results .dv-muted").all_inner_texts()
            assert lines and all(" 2026 · " in line for line in lines)
    assert violations == []
