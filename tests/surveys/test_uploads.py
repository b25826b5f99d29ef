"""The survey upload forms (results, invitation lists) refuse a file over a limit with a Dutch
message next to the field, and store nothing."""

import io
import re
import zipfile
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dienstverlening.core.models import Job
from dienstverlening.surveys.models import Invitation, ResponseImport
from tests.conftest import logged_in
from tests.surveys.factories import SurveyRunFactory

pytestmark = pytest.mark.django_db


def errors_shown(page) -> list[str]:
    """The messages next to the file field, as the page shows them."""
    html = page.content.decode()
    shown = re.search(r'<ul class="dv-errorlist[^"]*" id="id_file_error">(.*?)</ul>', html, re.S)
    return [unescape(error) for error in re.findall(r"<li>(.*?)</li>", shown.group(1))]


@pytest.mark.parametrize("kind", ["importeren", "uitnodigen"])
def test_survey_upload_forms_refuse_too_many_columns_rows_or_an_expanding_xlsx(
    client, coordinator, questionnaire, settings, kind
):
    run = SurveyRunFactory(questionnaire=questionnaire)
    logged_in(client, coordinator)
    settings.DV_UPLOAD_MAX_ROWS = 3
    settings.DV_UPLOAD_MAX_EXPANDED_MB = 1

    def post(name, data):
        return client.post(f"/metingen/{run.pk}/{kind}/", {"file": SimpleUploadedFile(name, data)})

    wide = (";".join(f"k{n}" for n in range(100_000)) + "\n").encode()
    assert errors_shown(post("breed.csv", wide)) == [
        "Het bestand heeft meer dan 200 kolommen. Dat zijn er te veel: verwijder de kolommen "
        "die niet nodig zijn en probeer het opnieuw."
    ]
    long = b"e-mailadres;datum\n" + b"a@example.org;20-11-2026\n" * 4
    assert errors_shown(post("lang.csv", long)) == [
        "Het bestand heeft meer dan 3 regels. Dat is te veel voor één import: splits het in "
        "bestanden van hoogstens 3 regels."
    ]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("xl/worksheets/sheet1.xml", b" " * 3 * 1024 * 1024)
    assert errors_shown(post("bom.xlsx", out.getvalue())) == [
        "Dit Excel-bestand wordt uitgepakt 3,0 MB. Dat is te groot: de grens is 1 MB. Sla het "
        "op als CSV, of splits het in kleinere bestanden."
    ]
    assert errors_shown(post("kapot.xlsx", b"PK\x03\x04 geen zip")) == [
        "Dit bestand kunnen we niet lezen. Kies een CSV- of Excel-bestand."
    ]
    assert ResponseImport.objects.count() == 0 and Job.objects.count() == 0
    assert Invitation.objects.count() == 0
