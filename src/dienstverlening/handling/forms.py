"""Filters and the import upload form."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from dienstverlening.core.forms import DATE_INPUT_FORMATS, DateInput, StyledFormMixin, slug_filter
from dienstverlening.core.uploads import OnceFormMixin, SpreadsheetField, spreadsheet_help
from dienstverlening.organisation.models import Municipality, Team

from .models import ImportSource, ItemKind


def _kind_filter() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Soort"), choices=[("", _("Alle soorten")), *ItemKind.choices], required=False
    )


class OpenWorkFilterForm(StyledFormMixin, forms.Form):
    gemeente = slug_filter(
        Municipality.objects.all(), label=_("Gemeente"), empty_label=_("Beide gemeenten")
    )
    soort = _kind_filter()


class OpenItemsFilterForm(StyledFormMixin, forms.Form):
    soort = _kind_filter()


class ComplianceFilterForm(StyledFormMixin, forms.Form):
    van = forms.DateField(
        label=_("Van"), widget=DateInput, input_formats=DATE_INPUT_FORMATS, required=False
    )
    tot = forms.DateField(
        label=_("Tot en met"), widget=DateInput, input_formats=DATE_INPUT_FORMATS, required=False
    )
    indeling = forms.ChoiceField(
        label=_("Per"),
        choices=[("team", _("team")), ("service", _("dienst")), ("channel", _("kanaal"))],
        required=False,
    )
    soort = _kind_filter()
    team = slug_filter(Team.objects.all(), label=_("Team"), empty_label=_("Alle teams"))

    def clean(self):
        data = super().clean()
        start, end = data.get("van"), data.get("tot")
        if start and end and end < start:
            self.add_error("tot", _("De einddatum ligt vóór de begindatum."))
        return data

    def period(self, today: datetime.date) -> tuple[datetime.date, datetime.date]:
        """Default: the last 13 full weeks up to today."""
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("tot") or today
        start = data.get("van") or end - datetime.timedelta(weeks=13)
        return start, end


class ImportUploadForm(StyledFormMixin, OnceFormMixin, forms.Form):
    source = forms.ModelChoiceField(
        label=_("Bron"),
        queryset=ImportSource.objects.all(),
        help_text=_(
            "Het systeem waar het bestand vandaan komt. De kolommen zijn per bron bewaard."
        ),
    )
    file = SpreadsheetField(
        label=_("Bestand"),
        help_text=_(
            "CSV (met ; of ,) of Excel (.xlsx). Datums als dd-mm-jjjj of dd-mm-jjjj uu:mm."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"{self.fields['file'].help_text} {spreadsheet_help()}"

    def once_key(self, action: str) -> str:
        """The same page, file, source and button twice: one job."""
        data = self.cleaned_data
        return super().once_key(data["file"].digest, str(data["source"].pk), action)
