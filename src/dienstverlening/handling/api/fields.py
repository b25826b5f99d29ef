"""Serializer fields that speak Dutch: every message a client can get is a Dutch sentence.

Django REST framework's own messages come through its translation catalogue, which mixes English
words into the Dutch ("Date heeft het verkeerde formaat"). These fields carry their own Dutch
source strings instead, say which date does not exist (31-02-2026) rather than "wrong format",
and refuse moments in the future. The machine-readable ``code`` of each error stays English
(``required``, ``invalid``, ``future``, …); the OpenAPI schema lists them.
"""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from dienstverlening.core.localtime import AMSTERDAM
from dienstverlening.core.tabular import nonexistent_date_message

from ..models import FUTURE_TOLERANCE

BASE_MESSAGES = {
    "required": gettext_lazy("Dit veld is verplicht."),
    "null": gettext_lazy("Dit veld mag niet leeg (null) zijn."),
}
TEXT_MESSAGES = {
    "invalid": gettext_lazy("Geef hier tekst."),
    "blank": gettext_lazy("Dit veld mag niet leeg zijn."),
    "max_length": gettext_lazy("Gebruik hoogstens {max_length} tekens."),
    "min_length": gettext_lazy("Gebruik minstens {min_length} tekens."),
}

# A date as written in a well-formed value: 2026-02-31 (ISO, also before a time) or 31-02-2026.
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?=$|[T ])")
_DUTCH_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})(?=$| )")


def nonexistent_date(value) -> str | None:
    """The Dutch reason when ``value`` is written as a date that does not exist, else None."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if match := _ISO_DATE.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DUTCH_DATE.match(text):
        day, month, year = (int(g) for g in match.groups())
    else:
        return None
    try:
        datetime.date(year, month, day)
    except ValueError:
        return nonexistent_date_message(match.group(0), year=year, month=month, day=day)
    return None


class DutchFieldMixin:
    default_error_messages = BASE_MESSAGES


class TextField(DutchFieldMixin, serializers.CharField):
    default_error_messages = TEXT_MESSAGES


class SlugField(DutchFieldMixin, serializers.SlugField):
    default_error_messages = {
        **TEXT_MESSAGES,
        "invalid": gettext_lazy(
            "Gebruik alleen letters, cijfers, liggende streepjes en koppeltekens, "
            "bijvoorbeeld 'kcc' of 'zaaksysteem'."
        ),
    }


class BooleanField(DutchFieldMixin, serializers.BooleanField):
    default_error_messages = {"invalid": gettext_lazy("Geef true of false.")}


class ChoiceField(DutchFieldMixin, serializers.ChoiceField):
    """A choice; a wrong value is answered with the values that are allowed."""

    def to_internal_value(self, data):
        if data == "" and self.allow_blank:
            return ""
        try:
            return self.choice_strings_to_values[str(data)]
        except (KeyError, TypeError):
            raise serializers.ValidationError(
                _("'%(value)s' is geen geldige keuze. Kies uit: %(choices)s.")
                % {"value": data, "choices": ", ".join(self.choice_strings_to_values)},
                code="invalid_choice",
            ) from None


class ExistingDateMixin:
    """Refuses a day the calendar does not have (31 April) with its own message, before the
    field parses the value."""

    def to_internal_value(self, value):
        reason = nonexistent_date(value)
        if reason:
            raise serializers.ValidationError(reason, code="nonexistent")
        return super().to_internal_value(value)  # type: ignore[misc]


class DateField(DutchFieldMixin, ExistingDateMixin, serializers.DateField):
    """A date as jjjj-mm-dd; not after today (Amsterdam)."""

    default_error_messages = {
        "invalid": gettext_lazy("Schrijf de datum als jjjj-mm-dd, bijvoorbeeld 2026-11-29."),
        "datetime": gettext_lazy("Geef alleen een datum, zonder tijd."),
    }

    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        if day > timezone.localdate():
            raise serializers.ValidationError(
                _("De datum %(date)s ligt in de toekomst.") % {"date": day.strftime("%d-%m-%Y")},
                code="future",
            )
        return day


class DateTimeField(DutchFieldMixin, ExistingDateMixin, serializers.DateTimeField):
    """A moment as ISO 8601 with its offset; not more than a few minutes ahead of our clock."""

    default_error_messages = {
        "invalid": gettext_lazy(
            "Schrijf het moment als jjjj-mm-ddTuu:mm:ss met tijdzone, "
            "bijvoorbeeld 2026-11-29T14:05:00+01:00."
        ),
        "date": gettext_lazy("Geef een datum met tijd, bijvoorbeeld 2026-11-29T14:05:00+01:00."),
        "make_aware": gettext_lazy("Dit moment bestaat niet in de tijdzone {timezone}."),
        "overflow": gettext_lazy("Dit moment valt buiten het bereik dat we kunnen bewaren."),
    }

    def to_internal_value(self, value):
        moment = super().to_internal_value(value)
        if moment > timezone.now() + FUTURE_TOLERANCE:
            shown = moment.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M")
            raise serializers.ValidationError(
                _("Dit moment (%(moment)s) ligt in de toekomst. Geef een moment dat al voorbij is.")
                % {"moment": shown},
                code="future",
            )
        return moment


class DutchSerializer(serializers.Serializer):
    """A serializer whose own messages (not an object, missing, null) are Dutch too."""

    default_error_messages = {
        **BASE_MESSAGES,
        "invalid": gettext_lazy("Geef hier een object met velden (JSON), geen losse waarde."),
    }
