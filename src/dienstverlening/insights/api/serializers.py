"""The KPI API's answer, described for the OpenAPI schema (codes with their Dutch meaning)."""

from __future__ import annotations

from rest_framework import serializers

from dienstverlening.handling.models import ItemKind

from ..rounds import SurveyRound
from ..work import VERDICTS


def verdict_choices() -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in VERDICTS.items()]


class ChangeSerializer(serializers.Serializer):
    verschil = serializers.FloatField(
        help_text="Procentpunten (bij het rapportcijfer: punten op de schaal van 1 tot 10)."
    )
    pWaarde = serializers.FloatField(allow_null=True)
    echteVerandering = serializers.BooleanField(
        help_text="Groter dan toeval kan verklaren (p < 0,05)."
    )
    tekst = serializers.CharField(
        help_text="In woorden, bijvoorbeeld '+4 procentpunt: echte stijging' of "
        "'-1 procentpunt: binnen de marge'."
    )


REASONS = [
    ("kleine-groep", "minder inwoners dan de minimale groepsgrootte"),
    (
        "terugrekenen",
        "groot genoeg, maar samen met andere cijfers is een kleine groep terug te rekenen",
    ),
    ("stelling-verborgen", "samengevoegd over stellingen, waarvan er een onderdrukt is"),
]


class ShareSerializer(serializers.Serializer):
    onderdrukt = serializers.BooleanField(help_text="Geen cijfers, ook geen aantal: zie reden.")
    reden = serializers.ChoiceField(
        choices=REASONS, required=False, help_text="Alleen bij onderdrukt: waarom."
    )
    redenTekst = serializers.CharField(required=False, help_text="De reden in woorden.")
    aantal = serializers.IntegerField(
        allow_null=True, help_text="Aantal antwoorden met een mening (niet 'weet ik niet')."
    )
    eensPercentage = serializers.FloatField(required=False)
    ondergrens = serializers.FloatField(required=False, help_text="95%-marge (Wilson).")
    bovengrens = serializers.FloatField(required=False)
    gemiddelde = serializers.FloatField(required=False, help_text="Gemiddelde op de schaal 1–5.")
    gecorrigeerdPercentage = serializers.FloatField(required=False, allow_null=True)
    verschilVorigePeriode = ChangeSerializer(required=False, allow_null=True)
    verschilNulmeting = ChangeSerializer(required=False, allow_null=True)


class StatementSerializer(ShareSerializer):
    stelling = serializers.CharField()


class ValueSerializer(ShareSerializer):
    kernwaarde = serializers.CharField()
    stellingen = StatementSerializer(many=True)


class MarkSerializer(serializers.Serializer):
    onderdrukt = serializers.BooleanField()
    reden = serializers.ChoiceField(choices=REASONS, required=False)
    redenTekst = serializers.CharField(required=False)
    aantal = serializers.IntegerField(required=False, allow_null=True)
    gemiddelde = serializers.FloatField(required=False)
    ondergrens = serializers.FloatField(required=False)
    bovengrens = serializers.FloatField(required=False)
    zevenOfHoger = serializers.FloatField(required=False, help_text="Percentage 7 of hoger.")
    verschilVorigePeriode = ChangeSerializer(required=False, allow_null=True)
    verschilNulmeting = ChangeSerializer(required=False, allow_null=True)


class HandlingSerializer(serializers.Serializer):
    soort = serializers.ChoiceField(choices=ItemKind.choices, help_text="Code van de soort.")
    soortNaam = serializers.CharField(help_text="De soort in woorden.")
    open = serializers.IntegerField(help_text="Nu open.")
    teLaat = serializers.IntegerField(help_text="Nu open en over de termijn.")
    afgehandeld = serializers.IntegerField(help_text="Afgehandeld in de periode.")
    opTijdPercentage = serializers.FloatField(allow_null=True)
    doelPercentage = serializers.FloatField(allow_null=True)
    mediaanWerkdagen = serializers.IntegerField(allow_null=True)
    p90Werkdagen = serializers.IntegerField(allow_null=True)
    oordeel = serializers.ChoiceField(
        choices=verdict_choices(), help_text="Code van het oordeel tegen de norm."
    )
    oordeelTekst = serializers.CharField(help_text="Het oordeel in woorden.")


class RoundSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=SurveyRound.choices)
    naam = serializers.CharField()


class PeriodSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text="De periode als parameterwaarde: 2026, 2026-H1, 2026-K3, 2026-11 (bij de "
        "nulmeting: meting)."
    )
    naam = serializers.CharField(help_text="De periode in woorden, bijvoorbeeld 'K3 2026'.")
    van = serializers.DateField()
    tot = serializers.DateField(help_text="Loopt de periode nog, dan het einde van deze maand.")


class KpiSerializer(serializers.Serializer):
    selectie = serializers.CharField(help_text="De gekozen selectie in woorden.")
    meting = RoundSerializer(help_text="De meting waar de cijfers over gaan.")
    periode = PeriodSerializer()
    vergelekenMet = serializers.CharField(
        allow_null=True,
        help_text="Waarmee 'verschilVorigePeriode' vergelijkt: 'vorige periode' of 'vorig "
        "tweejaarlijks onderzoek'; null bij de nulmeting zelf.",
    )
    minimaleGroepsgrootte = serializers.IntegerField()
    aantalInwoners = serializers.IntegerField(
        allow_null=True, help_text="Null als de hele selectie onderdrukt is."
    )
    onderdrukt = serializers.BooleanField(help_text="De hele selectie zonder cijfers.")
    reden = serializers.ChoiceField(choices=REASONS, allow_null=True)
    kernwaarden = ValueSerializer(many=True)
    rapportcijfer = MarkSerializer()
    afhandeling = HandlingSerializer(many=True)
