"""Upload forms refuse a file over a limit with a Dutch message next to the field, keep the
rest of what was filled in, and store nothing; the same form sent twice is one piece of work."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dienstverlening.core.models import Job
from dienstverlening.core.roles import Role
from dienstverlening.handling.models import HandlingItem
from tests.conftest import logged_in
from tests.core.factories import UserFactory
from tests.handling.factories import ImportSourceFactory
from tests.organisation.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

HANDLING = "Nummer;Team;Gemeente;Aangemaakt;Afgehandeld\r\nW-1;Burgerzaken;Woerden;20-11-2026;\r\n"


@pytest.fixture
def beheerder(db):
    return UserFactory(username="beheerder-uploads", role=Role.ADMINISTRATOR)


@pytest.fixture
def sources(team):
    MunicipalityFactory()
    ImportSourceFactory(name="kcc")
    return ImportSourceFactory(name="zaaksysteem", description="Zaken")


def _selected_source(page) -> str:
    return re.search(r'<option value="(\d+)" selected>', page.content.decode()).group(1)


def test_a_file_over_the_size_limit_is_refused_on_the_form_and_the_source_stays(
    client, beheerder, sources, settings
):
    settings.DV_UPLOAD_MAX_MB = 1
    logged_in(client, beheerder)
    big = HANDLING.encode() + b"X-2;Burgerzaken;Woerden;20-11-2026;\r\n" * 45_000  # 1,6 MB
    page = client.post(
        "/openstaand-werk/importeren/",
        {"source": sources.pk, "file": SimpleUploadedFile("kcc.csv", big), "actie": "importeren"},
    )
    assert page.status_code == 200
    assert (
        "Het bestand is 1,6 MB. Dat is te groot: de grens is 1 MB. Splits het in kleinere "
        "bestanden en importeer die één voor één." in page.content.decode()
    )
    assert _selected_source(page) == str(sources.pk)  # nothing else lost
    assert Job.objects.count() == 0 and HandlingItem.objects.count() == 0
    # The help text says the limits before anyone tries.
    form = client.get("/openstaand-werk/importeren/").content.decode()
    assert "Hoogstens 1 MB, 500.000 regels en 200 kolommen." in form


def test_the_upload_handler_keeps_no_more_than_the_limit(client, beheerder, sources, settings):
    """Beyond the limit the data is counted, not stored: a huge file cannot fill the disk."""
    from dienstverlening.core import uploads

    settings.DV_UPLOAD_MAX_MB = 1
    seen = []
    original = uploads.SpreadsheetField.clean

    def clean(self, data, initial=None):
        seen.append(data)
        return original(self, data, initial)

    logged_in(client, beheerder)
    big = b"a;b\n" + b"1;2\n" * 1_000_000  # 4 MB
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(uploads.SpreadsheetField, "clean", clean)
        client.post(
            "/openstaand-werk/importeren/",
            {"source": sources.pk, "file": SimpleUploadedFile("kcc.csv", big)},
        )
    (upload,) = seen
    assert upload.too_large and upload.size == len(big)
    assert isinstance(upload, uploads.TooLargeUpload)  # the data itself was not kept
