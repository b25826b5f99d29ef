"""API shapes after Dutch standards: Open Klant InterneTaak and ZGW Zaak (docs/handling.md)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dienstverlening.core.localtime import AMSTERDAM
from dienstverlening.organisation.models import Channel, Municipality, Service, Team

from ..models import HandlingItem, ItemKind, ItemStatus, Outcome
from .fields import (
    BooleanField,
    ChoiceField,
    DateField,
    DateTimeField,
    DutchFieldMixin,
    DutchSerializer,
    SlugField,
    TextField,
)

TASK_KINDS = [ItemKind.CALLBACK, ItemKind.EMAIL, ItemKind.LETTER]
CASE_KINDS = [ItemKind.APPLICATION, ItemKind.COMPLAINT, ItemKind.OBJECTION, ItemKind.REPORT]
RESULTS = {
    "toegekend": Outcome.GRANTED,
    "geweigerd": Outcome.REFUSED,
    "niet_van_toepassing": Outcome.NOT_APPLICABLE,
}
RESULT_NAMES = {value: key for key, value in RESULTS.items()}


def _kind_field(kinds: list[ItemKind], *, default: ItemKind) -> ChoiceField:
    """The ``soort`` of a resource: one of the kinds it may carry, by its code."""
    return ChoiceField(
        choices=[(k.value, k.label) for k in kinds],
        default=default,
        help_text=_("Code van de soort (de betekenis staat hieronder)."),
    )


@extend_schema_field(OpenApiTypes.STR)
class SlugRef(DutchFieldMixin, serializers.Field):
    """A team, service, channel or municipality by short name (a municipality also by CBS code)."""

    def __init__(self, model, **kwargs) -> None:
        self.model = model
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not data.strip() or len(data) > 160 or "\x00" in data:
            # A NUL character cannot even be looked up in PostgreSQL (as DRF's CharField, refused).
            raise serializers.ValidationError(_("Geef de korte naam als tekst."), code="invalid")
        text = data.strip()
        queryset = self.model.objects.filter(slug=text)
        if self.model is Municipality:
            queryset = Municipality.objects.filter(slug=text) | Municipality.objects.filter(
                cbs_code__iexact=text
            )
        found = queryset.first()
        if found is None:
            raise serializers.ValidationError(
                _("'%(value)s' is onbekend.") % {"value": text}, code="unknown"
            )
        return found

    def to_representation(self, value):
        return value.slug if value else None


class ItemSerializer(DutchSerializer):
    uuid = serializers.UUIDField(read_only=True)
    bron = SlugField(
        max_length=60, help_text=_("Het bronsysteem, bijvoorbeeld 'kcc' of 'zaaksysteem'.")
    )
    gemeente = SlugRef(Municipality, help_text=_("Korte naam of CBS-code, bijvoorbeeld GM0632."))
    team = SlugRef(Team, required=False, help_text=_("Mag leeg als de dienst is ingevuld."))
    dienst = SlugRef(Service, required=False, allow_null=True)
    kanaal = SlugRef(Channel, required=False, allow_null=True)
    opTijd = BooleanField(
        read_only=True,
        allow_null=True,
        help_text=_("Op tijd afgehandeld volgens de norm; leeg zolang open of zonder norm."),
    )

    def validate(self, attrs):
        if not attrs.get("team") and not attrs.get("dienst"):
            instance = getattr(self, "instance", None)
            if instance is None:
                raise serializers.ValidationError(
                    {"team": _("Vul het team of de dienst in.")}, code="required"
                )
        return attrs


class InterneTaakSerializer(ItemSerializer):
    """Een terugbelverzoek, e-mail of brief, in de vorm van een Open Klant InterneTaak."""

    nummer = TextField(max_length=100, help_text=_("Kenmerk in het bronsysteem."))
    soort = _kind_field(TASK_KINDS, default=ItemKind.CALLBACK)
    status = ChoiceField(
        choices=[("te_verwerken", _("nog te doen")), ("verwerkt", _("afgehandeld"))],
        default="te_verwerken",
    )
    toegewezenOp = DateTimeField(
        help_text=_(
            "Wanneer de taak bij het team binnenkwam; de termijn telt vanaf hier. "
            "Niet later dan nu (een paar minuten speling)."
        )
    )
    afgehandeldOp = DateTimeField(
        required=False,
        allow_null=True,
        help_text=_("Wanneer de taak is afgehandeld. Niet later dan nu."),
    )
    uiterlijkAfgehandeldOp = serializers.DateTimeField(
        read_only=True, help_text=_("Berekend: uiterlijk klaar volgens de norm.")
    )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if attrs.get("status") == "te_verwerken" and attrs.get("afgehandeldOp"):
            raise serializers.ValidationError(
                {"status": _("Een taak met afgehandeldOp heeft status 'verwerkt'.")}, code="status"
            )
        received, closed = attrs.get("toegewezenOp"), attrs.get("afgehandeldOp")
        if received and closed and closed < received:
            raise serializers.ValidationError(
                {"afgehandeldOp": _("De afhandeling ligt vóór de ontvangst.")}, code="order"
            )
        return attrs

    def to_item(self, attrs) -> dict:
        closed = attrs.get("afgehandeldOp")
        if attrs.get("status") == "verwerkt" and closed is None:
            closed = timezone.now()
        return {
            "source_id": attrs["nummer"],
            "kind": attrs.get("soort", ItemKind.CALLBACK),
            "received_at": attrs["toegewezenOp"],
            "closed_at": closed,
            "outcome": Outcome.UNKNOWN,
        }

    @staticmethod
    def from_item(item: HandlingItem) -> dict:
        return {
            "uuid": item.uuid,
            "bron": item.source,
            "nummer": item.source_id,
            "soort": item.kind,
            "gemeente": item.municipality,
            "team": item.team,
            "dienst": item.service,
            "kanaal": item.channel,
            "status": "verwerkt" if item.closed_at else "te_verwerken",
            "toegewezenOp": item.received_at,
            "afgehandeldOp": item.closed_at,
            "uiterlijkAfgehandeldOp": item.due_at,
            "opTijd": item.on_time,
        }


class OpschortingSerializer(DutchSerializer):
    """De klok stilzetten (wachten op de inwoner) of weer laten lopen."""

    indicatie = BooleanField(help_text=_("true: de klok stopt vandaag; false: hij loopt weer."))
    reden = TextField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text=_("Wordt niet bewaard (kan persoonsgegevens bevatten)."),
    )


def _closing_moment(day: datetime.date) -> datetime.datetime:
    """A case closed on ``day`` counts as closed at 12:00 that day, or now if that is earlier."""
    return min(datetime.datetime.combine(day, datetime.time(12, 0), AMSTERDAM), timezone.now())


class ZaakSerializer(ItemSerializer):
    """Een aanvraag, klacht, bezwaar of melding, in de vorm van een ZGW Zaak."""

    identificatie = TextField(max_length=100, help_text=_("Kenmerk in het zaaksysteem."))
    soort = _kind_field(CASE_KINDS, default=ItemKind.APPLICATION)
    startdatum = DateField(
        help_text=_("De dag van ontvangst; de termijn telt vanaf hier. Niet na vandaag.")
    )
    einddatum = DateField(
        required=False, allow_null=True, help_text=_("De dag van afhandeling. Niet na vandaag.")
    )
    einddatumGepland = serializers.DateField(
        read_only=True, help_text=_("Berekend: uiterlijk klaar volgens de norm.")
    )
    uiterlijkeEinddatumAfdoening = serializers.DateField(
        read_only=True, help_text=_("Berekend: uiterste datum, met opschortingen meegerekend.")
    )
    resultaat = ChoiceField(
        choices=[(key, Outcome(value).label) for key, value in RESULTS.items()],
        required=False,
        allow_blank=True,
        allow_null=True,
    )
    opschorting = OpschortingSerializer(required=False)
    status = serializers.ChoiceField(
        choices=ItemStatus.choices,
        read_only=True,
        help_text=_("Code van de status (de betekenis staat hieronder)."),
    )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        start, end = attrs.get("startdatum"), attrs.get("einddatum")
        if start and end and end < start:
            raise serializers.ValidationError(
                {"einddatum": _("De einddatum ligt vóór de startdatum.")}, code="order"
            )
        return attrs

    def to_item(self, attrs) -> dict:
        start = datetime.datetime.combine(attrs["startdatum"], datetime.time(0, 0), AMSTERDAM)
        end = attrs.get("einddatum")
        return {
            "source_id": attrs["identificatie"],
            "kind": attrs.get("soort", ItemKind.APPLICATION),
            "received_at": start,
            "closed_at": _closing_moment(end) if end else None,
            "outcome": RESULTS.get(attrs.get("resultaat") or "", Outcome.UNKNOWN),
        }

    @staticmethod
    def from_item(item: HandlingItem) -> dict:
        due = timezone.localtime(item.due_at, AMSTERDAM).date() if item.due_at else None
        return {
            "uuid": item.uuid,
            "bron": item.source,
            "identificatie": item.source_id,
            "soort": item.kind,
            "gemeente": item.municipality,
            "team": item.team,
            "dienst": item.service,
            "kanaal": item.channel,
            "startdatum": item.received_on,
            "einddatum": item.closed_on,
            "einddatumGepland": due,
            "uiterlijkeEinddatumAfdoening": due,
            "resultaat": RESULT_NAMES.get(item.outcome),
            "opschorting": {"indicatie": item.status == ItemStatus.SUSPENDED, "reden": ""},
            "status": item.status,
            "opTijd": item.on_time,
        }
