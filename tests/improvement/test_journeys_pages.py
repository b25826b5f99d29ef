"""The journey map on screen and on paper, and the method page the coördinator keeps."""

import subprocess

from django.urls import reverse

from dienstverlening.improvement.models import JourneyMethod, MethodStep
from tests import system
from tests.conftest import logged_in
from tests.improvement.journeys_data import track_with_journey
from tests.improvement.method import method_fill


def test_the_journey_page_shows_the_map_per_phase_and_the_feeling_curve_with_its_table(
    client, manager, team, now
):
    track = track_with_journey(team, now)
    logged_in(client, manager)

    page = client.get(reverse("improvement-journey", args=[track.pk])).content.decode()

    assert "Fase 1: Oriënteren" in page and "Fase 2: Aanvragen" in page
    assert page.index("Zoekt op de website") < page.index("Wacht aan de balie")
    assert "1 – heel negatief" in page and "Geen idee hoe lang het duurt" in page
    assert 'data-label="Pijnpunten"' in page
    # The chart's spec and its data table: readable without the chart.
    assert 'id="gevoel-spec"' in page
    assert "Gegevens bij: Gevoelslijn" in page
    assert "Het dieptepunt is stap 2, ‘Wacht aan de balie’, met 1." in page


def test_an_employee_reads_the_journey_of_a_finished_track_without_forms(
    client, employee, team, now
):
    track = track_with_journey(team, now)
    track.status = "closed"
    track.save()
    logged_in(client, employee)

    page = client.get(reverse("improvement-journey", args=[track.pk])).content.decode()

    assert "Wacht aan de balie" in page
    assert "Stap toevoegen" not in page and "wijzigen" not in page


def test_the_journey_pdf_is_a3_landscape_with_the_map_in_text(client, manager, team, now, tmp_path):
    track = track_with_journey(team, now)
    logged_in(client, manager)

    response = client.get(reverse("improvement-journey-pdf", args=[track.pk]))

    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "reis.pdf"
    pdf.write_bytes(response.content)
    info = subprocess.run(
        [system.program("pdfinfo", package="poppler-utils"), str(pdf)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    # A3 is 420 × 297 mm: 1190.55 × 841.89 points, wider than high.
    assert "1190.55 x 841.89 pts (A3)" in info
    text = subprocess.run(
        [system.program("pdftotext", package="poppler-utils"), "-layout", str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    for words in ["Inwonersreis: Paspoort sneller klaar", "Fase 2: Aanvragen",
                  "Wacht aan de balie", "Geen idee hoe lang het duurt", "Gevoelslijn"]:  # fmt: skip
        assert words in text, words


def test_everyone_reads_the_method_as_the_migration_filled_it(client, employee):
    method_fill()  # a transactional test before this one may have emptied the table
    logged_in(client, employee)

    page = client.get(reverse("improvement-method")).content.decode()

    assert "Een inwonersreis laat zien hoe een inwoner onze dienst beleeft" in page
    assert "Kies een begeleider van buiten het team" in page
    assert "Gereedschapskist voor begeleiders" in page
    assert "Methode wijzigen" not in page


def test_the_coordinator_changes_the_method_and_adds_a_step(client, coordinator):
    logged_in(client, coordinator)

    empty = client.post(reverse("improvement-method-edit"), {"intro": "", "toolbox": "Post-its"})
    assert empty.status_code == 400
    assert "Beschrijf de methode in een paar alinea" in empty.content.decode()
    assert "Post-its" in empty.content.decode()

    client.post(reverse("improvement-method-edit"), {"intro": "Nieuw.", "toolbox": "Post-its"})
    client.post(
        reverse("improvement-method-step-create"),
        {"title": "Vier het resultaat", "description": "Trakteer.", "active": "on"},
    )

    method = JourneyMethod.objects.get()
    assert (method.intro, method.updated_by) == ("Nieuw.", coordinator)
    assert MethodStep.objects.order_by("order").last().title == "Vier het resultaat"
