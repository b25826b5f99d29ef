"""The public form during a database outage, in Chromium on a 375 px phone: axe-core and a
screenshot of the page that keeps the answers, and of the page that says to come back later.

The live server's own database connection fails every query while ``down`` holds the request's
method: Django's ``connection.execute_wrapper``, installed for that request by a
``request_started`` receiver in the server's thread.
"""

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import OperationalError, connection

from dienstverlening.surveys.models import OpenLink, Response, RunStatus
from tests.browser.conftest import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def outage(settings):
    """``outage.add("POST")``: from now on the database is gone for POST requests."""
    settings.SURVEYS_MIN_FILL_SECONDS = 0
    cache.clear()
    down: set[str] = set()

    def refuse(execute, sql, params, many, context):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    def started(sender, environ, **kwargs):
        if environ.get("REQUEST_METHOD") in down:
            connection.execute_wrappers.append(refuse)

    def finished(sender, **kwargs):
        if refuse in connection.execute_wrappers:
            connection.execute_wrappers.remove(refuse)

    request_started.connect(started, dispatch_uid="test-outage-start")
    request_finished.connect(finished, dispatch_uid="test-outage-end")
    yield down
    request_started.disconnect(dispatch_uid="test-outage-start")
    request_finished.disconnect(dispatch_uid="test-outage-end")


def test_outage_pages_keep_the_answers_and_pass_axe_on_a_phone(
    demo, live_server, mobile_page, outage
):
    page = mobile_page
    link = (
        OpenLink.objects.filter(run__status=RunStatus.OPEN, service__slug="paspoort-aanvragen")
        .select_related("run")
        .first()
    )
    before = Response.objects.count()
    url = live_server.url + link.get_absolute_url()
    page.goto(url)
    groups = page.evaluate(
        "[...new Set([...document.querySelectorAll('main input[type=radio]')].map(e => e.name))]"
    )
    for name in groups:
        value = "2" if name.startswith("s") else "6" if name == "mark" else None
        page.locator(
            f"main input[name={name}]" + (f"[value='{value}']" if value else "")
        ).first.check()
    page.fill("#id_better", "Eerder terugbellen, graag.")
    outage.add("POST")
    page.click("main button[type=submit]")
    page.wait_for_selector("#foutmeldingen")
    assert "Door een storing zijn uw antwoorden nog niet opgeslagen" in page.inner_text(
        "#foutmeldingen"
    )
    assert page.input_value("#id_better") == "Eerder terugbellen, graag."
    assert page.locator("main input[type=radio]:checked").count() == len(groups)
    assert page.is_checked("#id_mark_5")  # 6
    violations = check_page(page, "meting-storing-375px")
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 375:
        violations.append(f"storing: {width}px breed op een telefoon van 375px")
    # The database is back: the resident clicks Versturen again on that page. Saved once.
    outage.clear()
    page.click("main button[type=submit]")
    page.wait_for_url(lambda u: "/m/bedankt/" in u)
    assert Response.objects.count() == before + 1
    # Opening the form while the database is down.
    outage.add("GET")
    response = page.goto(url)
    assert response.status == 503
    assert "Het formulier is even niet beschikbaar" in page.inner_text("h1")
    violations += check_page(page, "meting-niet-beschikbaar-375px")
    assert violations == []
