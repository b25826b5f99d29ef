from django import forms
from django.utils.translation import gettext_lazy as _

from dienstverlening.core.forms import DATE_INPUT_FORMATS, DateInput, StyledFormMixin
from dienstverlening.organisation.models import Team

from .models import FocusPeriod, Level, Norm, NormSubject, NormUnit, Statement, WorkAgreement


class ScopeFormMixin:
    """For a team: the choice 'the whole team' or one of its services decides the level. The
    form takes ``team`` (None: the whole organisation) and sets the instance's level on clean."""

    def __init__(self, *args, team: Team | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.setup_scope(team)

    def clean(self) -> dict:
        cleaned_data = super().clean()
        self.apply_scope(cleaned_data)
        return cleaned_data

    def setup_scope(self, team: Team | None) -> None:
        self.team = team
        if team is None:
            del self.fields["service"]
            return
        field = self.fields["service"]
        field.queryset = team.services.order_by("name")
        field.required = False
        field.empty_label = _("Het hele team")
        field.label = _("Geldt voor")
        field.help_text = _("Kies een dienst als de afspraak alleen voor die dienst geldt.")

    def apply_scope(self, cleaned_data: dict) -> None:
        if self.team is None:
            self.instance.level = Level.ORGANISATION
            self.instance.team = None
            self.instance.service = None
        elif cleaned_data.get("service"):
            self.instance.level = Level.SERVICE
            self.instance.team = None
        else:
            self.instance.level = Level.TEAM
            self.instance.team = self.team


class NormForm(ScopeFormMixin, StyledFormMixin, forms.ModelForm):
    valid_from = forms.DateField(
        label=_("Geldig vanaf"), widget=DateInput(), input_formats=DATE_INPUT_FORMATS
    )
    valid_until = forms.DateField(
        label=_("Geldig tot en met"),
        required=False,
        widget=DateInput(),
        input_formats=DATE_INPUT_FORMATS,
        help_text=_("Leeg laten als er geen einddatum is."),
    )

    class Meta:
        model = Norm
        fields = [
            "service",
            "subject",
            "title",
            "target_value",
            "unit",
            "target_share",
            "valid_from",
            "valid_until",
        ]
        localized_fields = ["target_value", "target_share"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [("", _("Kies een onderwerp")), *NormSubject.choices]
        self.fields["unit"].choices = [("", _("Kies een eenheid")), *NormUnit.choices]


class NormChangeForm(StyledFormMixin, forms.Form):
    """A new version of a norm. The old version stays in the history."""

    effective_from = forms.DateField(
        label=_("Nieuwe versie geldt vanaf"),
        widget=DateInput(),
        input_formats=DATE_INPUT_FORMATS,
        help_text=_(
            "De oude versie loopt tot de dag ervoor. Zo blijft zichtbaar wat wanneer gold."
        ),
    )
    title = forms.CharField(label=_("Norm in woorden"), max_length=200)
    target_value = forms.DecimalField(
        label=_("Norm"),
        max_digits=8,
        decimal_places=2,
        localize=True,
        help_text=_("Het getal van de norm, bijvoorbeeld 1 (werkdag) of 30 (seconden)."),
    )
    unit = forms.ChoiceField(label=_("Eenheid"), choices=NormUnit.choices)
    target_share = forms.DecimalField(
        label=_("Aandeel dat de norm haalt (%)"),
        max_digits=5,
        decimal_places=1,
        localize=True,
        help_text=_("Welk deel van de gevallen binnen de norm moet blijven, bijvoorbeeld 90."),
    )


class WorkAgreementForm(ScopeFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = WorkAgreement
        fields = ["service", "text", "value", "order"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["order"].help_text = _("Lagere nummers staan bovenaan.")


class StatementForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Statement
        fields = ["text", "explanation"]
        widgets = {"explanation": forms.Textarea(attrs={"rows": 3})}


class FocusPeriodForm(StyledFormMixin, forms.ModelForm):
    starts_on = forms.DateField(
        label=_("Van"), widget=DateInput(), input_formats=DATE_INPUT_FORMATS
    )
    ends_on = forms.DateField(
        label=_("Tot en met"), widget=DateInput(), input_formats=DATE_INPUT_FORMATS
    )

    class Meta:
        model = FocusPeriod
        fields = ["value", "starts_on", "ends_on", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
