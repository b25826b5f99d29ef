"""Open answers must not point at a person: the month instead of the date, and no channel where
service × channel × month has fewer residents than the minimum group size."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse

from dienstverlening.surveys.services import Answers, response_submit
from tests.conftest import logged_in
from tests.insights.conftest import TODAY_NOON
from tests.organisation.factories import ChannelFactory, MunicipalityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.moment(TODAY_NOON)]
D = datetime.date


@pytest.fixture
def counter_and_phone(run, service):
    """November: 10 residents at the counter, 3 by phone; October: 10 by phone."""
    municipality = MunicipalityFactory()
    counter = ChannelFactory(name="Balie", slug="balie")
    phone = ChannelFactory(name="Telefoon", slug="telefoon")

    def add(channel, n, day, text, mark=9):
        for i in range(n):
            response_submit(
                run=run,
                service=service,
                channel=channel,
                municipality=municipality,
                answers=Answers(statements={}, mark=mark, good=f"{text} {i}."),
                answered_on=day,
                source="open",
            )

    add(counter, 10, D(2026, 11, 18), "Balie november")
    add(phone, 3, D(2026, 11, 18), "Telefoon november")
    add(phone, 10, D(2026, 10, 7), "Telefoon oktober")


def items(html: str) -> dict[str, str]:
    """Answer text → the line under it."""
    found = re.findall(
        r'<blockquote class="dv-quote">(.*?)</blockquote>\s*<p class="dv-muted">(.*?)</p>', html
    )
    return {text: line for text, line in found}


def test_open_answers_show_the_month_and_hide_a_channel_of_a_small_group(
    client, coordinator, counter_and_phone, service
):
    for name in ("insights-open-answers", "insights-compliments"):
        html = (
            logged_in(client, coordinator).get(reverse(name), {"periode": "jaar"}).content.decode()
        )
        shown = items(html)
        assert len(shown) == 23
        assert "18-11-2026" not in html and "07-10-2026" not in html
        assert "Balie" in shown["Balie november 0."]
        assert "november 2026" in shown["Balie november 0."]
        assert "Telefoon" in shown["Telefoon oktober 0."]
        assert "oktober 2026" in shown["Telefoon oktober 0."]
        # Three phone calls in November: the channel would point at three residents.
        assert "Telefoon" not in shown["Telefoon november 0."]
        assert service.name in shown["Telefoon november 0."]


def test_with_a_channel_chosen_answers_of_a_small_group_are_left_out(
    client, coordinator, counter_and_phone
):
    html = (
        logged_in(client, coordinator)
        .get(reverse("insights-open-answers"), {"periode": "jaar", "kanaal": "telefoon"})
        .content.decode()
    )
    shown = items(html)
    assert "Telefoon oktober 0." in shown
    assert not any(text.startswith("Telefoon november") for text in shown)
    assert "kleine groep" in html


def test_open_answer_download_has_the_month_and_no_small_channel(
    client, coordinator, counter_and_phone
):
    response = logged_in(client, coordinator).get(
        reverse("insights-open-answers"),
        {"periode": "jaar", "download": "open-antwoorden", "format": "csv"},
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Maand", "Dienst", "Kanaal", "Vraag", "Antwoord"]
    by_text = {row[4]: row for row in rows[1:]}
    assert by_text["Balie november 0."][0] == "november 2026"
    assert by_text["Balie november 0."][2] == "Balie"
    assert by_text["Telefoon november 0."][2] == ""
    assert not any("2026-11-18" in cell or "18-11-2026" in cell for row in rows for cell in row)

    compliments = logged_in(client, coordinator).get(
        reverse("insights-compliments"),
        {"periode": "jaar", "download": "complimenten", "format": "xlsx"},
    )
    assert compliments.status_code == 200
    assert compliments["Content-Type"].startswith("application/vnd.openxmlformats")


def test_open_answer_download_of_a_small_group_is_empty(client, coordinator, answer, service):
    answer(service, 9, good="Prima geholpen.")
    response = logged_in(client, coordinator).get(
        reverse("insights-open-answers"),
        {"periode": "jaar", "download": "open-antwoorden", "format": "csv"},
    )
    assert "Prima geholpen" not in response.content.decode("utf-8-sig")


def test_open_answer_download_needs_the_same_rights_as_the_page(client, employee, service):
    response = logged_in(client, employee).get(
        reverse("insights-open-answers"),
        {"team": service.team.slug, "download": "open-antwoorden", "format": "csv"},
    )
    assert response.status_code == 403
