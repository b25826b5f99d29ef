"""Names typed in a file: one way to compare them with the organisation's, for every import."""

import pytest

from dienstverlening.organisation.selectors import (
    OrganisationLookup,
    name_key,
    names_resolve,
)
from tests.organisation.factories import (
    ChannelFactory,
    MunicipalityFactory,
    ServiceFactory,
    TeamFactory,
)


@pytest.mark.parametrize(
    "typed",
    [
        "Burgerzaken KCC",
        "Burgerzaken  KCC",
        "burgerzaken-kcc",
        "burgerzaken_kcc",
        "BurgerzakenKCC",
        "Bürgerzaken KCC.",
        "Burgerzaken\u00a0KCC",
    ],
)
def test_case_accents_spaces_hyphens_and_punctuation_do_not_count(typed):
    assert name_key(typed) == name_key("Burgerzaken KCC") == "burgerzakenkcc"


def test_letters_and_digits_do_count():
    assert name_key("Team 1") != name_key("Team 2")
    assert name_key("Burgerzaken") != name_key("Burgerzaak")


@pytest.mark.django_db
def test_many_names_are_resolved_with_one_query(django_assert_num_queries):
    team = TeamFactory(name="Burgerzaken KCC", slug="kcc")
    other = TeamFactory(name="Belastingen", slug="belastingen")
    with django_assert_num_queries(1):
        found = names_resolve(
            kind="team", names=["burgerzaken-kcc", "KCC", "belastingen", "Onbekend", ""]
        )
    assert found == {"burgerzaken-kcc": team, "KCC": team, "belastingen": other}


@pytest.mark.django_db
def test_a_municipality_is_found_by_its_cbs_code_and_a_service_by_its_slug():
    woerden = MunicipalityFactory(name="Woerden", slug="woerden", cbs_code="GM0632")
    service = ServiceFactory(name="Paspoort aanvragen", slug="paspoort")
    lookup = OrganisationLookup()
    assert lookup.find("municipality", "gm0632") == woerden
    assert lookup.find("service", "Paspoort") == service
    assert lookup.find("service", "rijbewijs") is None


@pytest.mark.django_db
def test_a_name_goes_before_another_ones_slug():
    by_slug = ChannelFactory(name="Telefonisch", slug="balie")
    by_name = ChannelFactory(name="Balie", slug="loket")
    assert OrganisationLookup().find("channel", "balie") == by_name != by_slug


@pytest.mark.django_db
def test_the_lookup_reads_each_kind_once_for_a_whole_file(django_assert_num_queries):
    ServiceFactory(name="Paspoort aanvragen", slug="paspoort")
    lookup = OrganisationLookup()
    with django_assert_num_queries(1):
        for _row in range(100):
            lookup.find("service", "paspoort")
