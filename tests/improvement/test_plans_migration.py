"""The migration puts the advice's implementation plan in place: every action of section C."""

import pytest
from django.db.migrations.operations import RunPython

from dienstverlening.improvement.models import Advice, ImplementationAction
from tests.improvement.plans_factories import plans_migration

pytestmark = pytest.mark.django_db

G, Y, OR = "green", "yellow", "orange"

# Section C of "Dienstverlening in ons DNA", in its order: the colour of the cross and the
# advices each action serves (the last action has no cross in the advice).
SECTION_C = [
    ("Zet dienstverleningskader en de werkafspraken op heldere plek op PIM", G, {1}),
    ("Vat dienstverlening, kernwaarden en werkafspraken samen op poster", G, {1}),
    ("Besteed regelmatig aandacht aan dienstverlening in interne communicatie", OR, {1, 2}),
    ("Besteed in terugkoppeling, op personeelsbijeenkomsten", G, {1, 2}),
    ("Maak algemene set met normen en basisafspraken", G, {4, 9, 10}),
    ("Maak aanvullend in ieder team specifieke werkafspraken", G, {1, 2, 3}),
    ("Maak afspraken over dienstverlening onderdeel van alle teamplannen", G, {1, 2, 3}),
    ("Verzorgen van rapportage van lopende nulmeting", G, {10}),
    ("Delen van uitkomsten lopende nulmeting", G, {1, 6}),
    ("Bespreek de uitkomsten in alle teams", Y, {1, 2, 6, 9}),
    ("Vertaal het dienstverleningskader en de kernwaarden", Y, {8}),
    ("Neem deze competenties mee in de omschrijving van de functieprofielen", Y, {8}),
    ("Weeg dienstverlening mee in de sollicitatieprocedures", Y, {8}),
    (
        "Maak dienstverlening en de kernwaarden onderdeel van de personele gesprekscyclus",
        Y,
        {1, 2, 8},
    ),
    ("Neem dienstverlening en de kernwaarden mee in de vacatureteksten", G, {8}),
    ("Besteed op de nieuwe werkenbij website aandacht", Y, {8}),
    ("Laat alle nieuwe medewerkers in werkperiode een dagdeel meedraaien", OR, {1, 2, 5, 7}),
    ("Neem dienstverlening op in het onboardingprogramma", Y, {1, 8}),
    ("Pak de terugkoppeling uit wijken en kernen weer op", OR, {1, 7}),
    ("Werk het dashboard met gegevens over beide gemeenten verder uit", Y, {7}),
    ("Stimuleer dat medewerkers erop uit gaan", G, {7}),
    ("Laat team- en personeelsuitjes altijd plaatsvinden", G, {7}),
    ("Verken met partners", OR, {7}),
    ("Biedt een basisaanbod voor dienstverlening aan", OR, {1, 8}),
    ("Continueer het aanbod in de Groene Hart Academie", G, {1, 8}),
    ("Stimuleer individuele medewerkers", Y, {8}),
    ("Neem feedbacktrainingen op", OR, {2, 6, 8}),
    ("Maak, op basis van de herijkte structuur", Y, {5}),
    ("Versterk het smoelenboek op PIM", Y, {5}),
    ("Ga werken met inwonerreizen (klantreizen)", OR, {4, 9}),
    ("Herhaal het tevredenheidsonderzoek iedere twee jaar", OR, {9, 10}),
    ("Ontwikkel een centrale systematiek voor evaluaties", OR, {9, 10}),
    ("Ontwikkel een set met KPI’s", OR, {9, 10}),
    ("Maak een dashboard in Power BI", Y, {1, 9, 10}),
    ("Neem rapportage over voortgang van dienstverlening op", "", {10}),
]


def _load_with_the_migration():
    """Run the migration's own loader on empty tables (the suite's database is migrated once;
    moving it back and forth per test costs seconds)."""
    from django.apps import apps

    _key, migration = plans_migration()
    loaders = [
        operation.code for operation in migration.operations if isinstance(operation, RunPython)
    ]
    assert [code.__name__ for code in loaders] == ["load_implementation_plan"]
    ImplementationAction.objects.all().delete()
    Advice.objects.all().delete()
    loaders[0](apps, None)


def test_the_migration_loads_every_action_of_section_c_with_colour_and_advices():
    _load_with_the_migration()

    assert list(Advice.objects.values_list("number", flat=True)) == list(range(1, 11))
    assert Advice.objects.get(number=9).title == "Creëer een cyclus van monitoren en verbeteren."
    loaded = list(ImplementationAction.objects.order_by("position").prefetch_related("advices"))
    assert len(loaded) == len(SECTION_C) == 35
    for action, (start, colour, advices) in zip(loaded, SECTION_C, strict=True):
        assert action.text.startswith(start)
        assert action.colour == colour, start
        assert {advice.number for advice in action.advices.all()} == advices, start
        assert action.responsible, start
        assert action.status == "open"
    # Whom the advice names stays as written, roles included.
    assert loaded[16].responsible == "KCC, teammanagers"
    assert "Dienstverlening (nu niet belegd)" in loaded[29].responsible
    # The short title is the first sentence; bullet lists keep their lines.
    assert loaded[29].title == (
        "Ga werken met inwonerreizen (klantreizen) zodat je structureel naar je diensten kunt "
        "kijken vanuit de ogen van de gebruiker."
    )
    assert "\n- Met een toolbox voor de organisatie\n" in loaded[29].text


def test_loading_again_adds_nothing_and_keeps_the_coordinators_changes():
    _load_with_the_migration()
    ImplementationAction.objects.filter(position=1).update(status="done", owner="Team Online")

    _key, migration = plans_migration()
    module = __import__(migration.__module__, fromlist=["load_implementation_plan"])
    from django.apps import apps

    module.load_implementation_plan(apps, None)

    assert ImplementationAction.objects.count() == 35
    assert Advice.objects.count() == 10
    first = ImplementationAction.objects.get(position=1)
    assert (first.status, first.owner) == ("done", "Team Online")
