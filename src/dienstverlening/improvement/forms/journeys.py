"""Forms of the resident journey and the coördinator's method."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from dienstverlening.core.forms import (
    DATE_INPUT_FORMATS,
    CheckboxList,
    DateInput,
    RadioList,
    StyledFormMixin,
)
from dienstverlening.organisation.models import Channel

from ..models import Feeling, JourneyPhase, MethodStep, ParticipantKind


class JourneyForm(StyledFormMixin, forms.Form):
    resident = forms.CharField(
        label=_("Wiens reis"),
        max_length=200,
        help_text=_(
            "Beschrijf de inwoner zonder naam, bijvoorbeeld: ‘inwoner van 70 die voor "
            "het eerst een paspoort aanvraagt’."
        ),
        error_messages={"required": _("Beschrijf wiens reis dit is.")},
    )
    goal = forms.CharField(
        label=_("Wat wil de inwoner bereiken"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    session_on = forms.DateField(
        label=_("Datum van de sessie"),
        required=False,
        widget=DateInput(),
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": _("Vul een datum in als dd-mm-jjjj.")},
    )


class PhaseForm(StyledFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Naam van de fase"),
        max_length=120,
        help_text=_("Bijvoorbeeld: oriënteren, aanvragen, wachten, ontvangen."),
        error_messages={"required": _("Geef de fase een naam.")},
    )


class StepForm(StyledFormMixin, forms.Form):
    phase = forms.ModelChoiceField(
        JourneyPhase.objects.none(),
        label=_("Fase"),
        required=False,  # the service says why a step needs one
        empty_label=_("Kies een fase"),
    )
    title = forms.CharField(
        label=_("Stap"),
        max_length=200,
        help_text=_("Wat de inwoner doet, in een paar woorden: ‘zoekt op de website’."),
        error_messages={"required": _("Geef de stap een korte naam.")},
    )
    channel = forms.ModelChoiceField(
        Channel.objects.order_by("order", "name"),
        label=_("Kanaal"),
        required=False,
        empty_label=_("Geen kanaal of onbekend"),
    )
    does = forms.CharField(
        label=_("Wat doet de inwoner"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    thinks = forms.CharField(
        label=_("Wat denkt de inwoner"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("In de woorden van de inwoner: ‘Heb ik alles bij me?’"),
    )
    feeling = forms.TypedChoiceField(
        label=_("Hoe voelt de inwoner zich"),
        choices=[(value, f"{value} – {label}") for value, label in Feeling.choices],
        coerce=int,
        initial=Feeling.NEUTRAL,
        widget=RadioList,
        help_text=_("Van 1 (heel negatief) tot 5 (heel positief)."),
        error_messages={"required": _("Kies hoe de inwoner zich voelt, van 1 tot 5.")},
    )
    pain_points = forms.CharField(
        label=_("Pijnpunten"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    opportunities = forms.CharField(
        label=_("Kansen"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, journey=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if journey is not None:
            self.fields["phase"].queryset = journey.phases.all()


class ParticipantForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Rol in de sessie"),
        choices=[("", _("Kies een rol")), *ParticipantKind.choices],
        error_messages={"required": _("Kies de rol van de deelnemer.")},
    )
    description = forms.CharField(
        label=_("Omschrijving"),
        max_length=200,
        required=False,
        help_text=_("Zonder naam: ‘inwoner, vroeg in maart een paspoort aan’."),
    )
    user = forms.ModelChoiceField(
        get_user_model().objects.none(),
        label=_("Collega"),
        required=False,
        empty_label=_("Geen collega (een inwoner of partner)"),
        help_text=_("Voor een begeleider of medewerker. Een begeleider komt van buiten het team."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name")
        )


class ChecklistForm(StyledFormMixin, forms.Form):
    done = forms.ModelMultipleChoiceField(
        MethodStep.objects.filter(active=True),
        label=_("Gedane stappen van de methode"),
        required=False,
        widget=CheckboxList,
    )


class MethodForm(StyledFormMixin, forms.Form):
    intro = forms.CharField(
        label=_("De methode in het kort"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Een lege regel begint een nieuwe alinea."),
        error_messages={"required": _("Beschrijf de methode in een paar alinea's.")},
    )
    toolbox = forms.CharField(
        label=_("Gereedschapskist voor begeleiders"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Tips, werkvormen en materiaal. Een lege regel begint een nieuwe alinea."),
        error_messages={"required": _("Vul de gereedschapskist voor begeleiders.")},
    )


class MethodStepForm(StyledFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Stap"), max_length=200, error_messages={"required": _("Geef de stap een naam.")}
    )
    description = forms.CharField(
        label=_("Wat doet u in deze stap"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Beschrijf wat men in deze stap doet.")},
    )
    order = forms.IntegerField(label=_("Volgorde"), min_value=0, required=False)
    active = forms.BooleanField(
        label=_("In gebruik"), required=False, initial=True,
        help_text=_("Een stap die niet meer in gebruik is, staat niet meer op de checklist."),
    )  # fmt: skip
