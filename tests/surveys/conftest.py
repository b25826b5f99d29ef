import re

import pytest
from django.core.cache import cache, caches

from dienstverlening.surveys.services import questionnaire_create_version
from tests.framework.factories import CoreValueFactory, StatementFactory
from tests.organisation.factories import ChannelFactory, MunicipalityFactory
from tests.surveys.factories import OpenLinkFactory, SurveyRunFactory

TEXTS = [
    "Ik werd vriendelijk en met respect behandeld.",
    "Er werd echt naar mij geluisterd.",
    "Ik kon mijn vraag of aanvraag makkelijk regelen.",
    "De informatie was duidelijk en begrijpelijk.",
    "De gemeente deed wat zij had beloofd.",
    "Ik wist waar ik aan toe was en wanneer ik iets zou horen.",
    "De medewerker dacht met mij mee.",
    "Ik voelde me serieus genomen.",
]


@pytest.fixture(autouse=True)
def _survey_settings(request, settings):
    """Tests are fast: no minimum fill-in time unless a test sets one; a fresh rate limit.

    The shared cache (rate limit) lives in the database, so only tests with database access
    clear it; the per-process cache is always cleared.
    """
    settings.SURVEYS_MIN_FILL_SECONDS = 0
    uses_db = request.node.get_closest_marker("django_db") or "db" in request.fixturenames
    _clear_caches(uses_db)
    yield
    _clear_caches(uses_db)


def _clear_caches(uses_db: bool) -> None:
    cache.clear()
    if uses_db:
        caches["shared"].clear()


@pytest.fixture
def statements(db):
    value = CoreValueFactory()
    return [StatementFactory(value=value, text=text, order=n) for n, text in enumerate(TEXTS, 1)]


@pytest.fixture
def questionnaire(statements):
    return questionnaire_create_version()


@pytest.fixture
def run(questionnaire, service):
    return SurveyRunFactory(name="Doorlopende meting", questionnaire=questionnaire)


@pytest.fixture
def link(run, service):
    return OpenLinkFactory(
        run=run, service=service, channel=ChannelFactory(), municipality=MunicipalityFactory()
    )


def statement_names(form_page) -> list[str]:
    """The statement fields of the page, in order, read from the HTML as a browser would."""
    return list(dict.fromkeys(re.findall(r'name="(s\d+)"', form_page.content.decode())))


def answers_post(form_page, **overrides) -> dict:
    """The POST a resident makes: every statement 'eens', mark 8, the token of the page."""
    html = form_page.content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    data = {"token": token, "mark": "8", "good": "", "better": "", "website": ""}
    definition = re.search(r'name="definition" value="([^"]+)"', html)
    if definition:  # the signed description of the form, sent along as every hidden field
        data["definition"] = definition.group(1)
    for name in statement_names(form_page):
        data[name] = "4"
    data.update(overrides)
    return data
