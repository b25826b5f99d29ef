from django import forms
from django.utils.translation import gettext_lazy as _

from dienstverlening.core.forms import DATE_INPUT_FORMATS, DateInput, StyledFormMixin
from dienstverlening.organisation.models import Channel, Municipality

from .periods import PRESETS
from .rounds import DEFAULT_ROUND, SurveyRound


class ScopeForm(StyledFormMixin, forms.Form):
    """The dashboard's filters. Everything optional. A value that is not valid is shown as an
    error on the page (the API answers 400) and only that filter falls back to its default."""

    gemeente = forms.ModelChoiceField(
        Municipality.objects.all(),
        required=False,
        to_field_name="slug",
        label=_("Gemeente"),
        empty_label=_("Beide gemeenten"),
    )
    # Domain, team and service are chosen by following the links in the tables (drill-down).
    domein = forms.SlugField(required=False, widget=forms.HiddenInput)
    team = forms.SlugField(required=False, widget=forms.HiddenInput)
    dienst = forms.SlugField(required=False, widget=forms.HiddenInput)
    kanaal = forms.ModelChoiceField(
        Channel.objects.all(),
        required=False,
        to_field_name="slug",
        label=_("Kanaal"),
        empty_label=_("Alle kanalen"),
    )
    meting = forms.ChoiceField(
        choices=SurveyRound.choices, required=False, initial=DEFAULT_ROUND, label=_("Meting")
    )
    periode = forms.ChoiceField(
        choices=list(PRESETS.items()), required=False, initial="12m", label=_("Periode")
    )
    van = forms.DateField(
        required=False,
        widget=DateInput(),
        input_formats=DATE_INPUT_FORMATS,
        label=_("Van (eigen periode)"),
    )
    tot = forms.DateField(
        required=False,
        widget=DateInput(),
        input_formats=DATE_INPUT_FORMATS,
        label=_("Tot en met (eigen periode)"),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("van"), cleaned.get("tot")
        if cleaned.get("periode") == "eigen" and start and end and end < start:
            self.add_error("tot", _("De einddatum ligt vóór de begindatum."))
        return cleaned
