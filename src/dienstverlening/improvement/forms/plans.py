"""Forms of the team plans and the implementation plan."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dienstverlening.core.formats import format_percent
from dienstverlening.core.forms import (
    DATE_INPUT_FORMATS,
    CheckboxList,
    DateInput,
    RadioList,
    StyledFormMixin,
)
from dienstverlening.framework.models import Norm, WorkAgreement

from ..models import Action, Advice, CostColour, ImplementationAction
from ..models.plans import COST_MEANING, FIRST_YEAR, LAST_YEAR
from ..selectors.plans import PlanOptions


def _focus_field() -> forms.CharField:
    """What the team watches most this year: in a new plan and when the plan is changed."""
    return forms.CharField(
        label=_("Focus van het team"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Waar let het team dit jaar vooral op? Bijvoorbeeld: 'We bellen inwoners die lang "
            "wachten zelf op.' Schrijf kort en in gewone taal."
        ),
    )


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class TeamPlanCreateForm(StyledFormMixin, forms.Form):
    team = TeamChoiceField(
        queryset=None,
        label=_("Team"),
        empty_label=_("Kies een team"),
        error_messages={"required": _("Kies het team van dit teamplan.")},
    )
    year = forms.IntegerField(
        label=_("Jaar"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "required": _("Vul het jaar van het teamplan in."),
            "invalid": _("Vul een jaar in, bijvoorbeeld 2027."),
            "min_value": _("Kies een jaar vanaf %(limit_value)s."),
            "max_value": _("Kies een jaar tot en met %(limit_value)s."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    focus = _focus_field()

    def __init__(self, *args, teams, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class NormChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return _("%(norm)s (%(scope)s; %(share)s binnen %(target)s)") % {
            "norm": obj.title,
            "scope": obj.scope_label,
            "share": format_percent(obj.target_share),
            "target": obj.target_label,
        }


class AgreementChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return _("%(agreement)s (%(scope)s)") % {"agreement": obj.text, "scope": obj.scope_label}


class ActionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        source = obj.track.title if obj.track_id else _("eigen actie")
        return _("%(action)s (klaar op %(due)s; %(status)s; %(source)s)") % {
            "action": obj.title,
            "due": obj.due.strftime("%d-%m-%Y"),
            "status": obj.get_status_display(),
            "source": source,
        }


class TeamPlanForm(StyledFormMixin, forms.Form):
    """What the team commits to this year: choices from the framework, focus, actions."""

    focus = _focus_field()
    norms = NormChoiceField(
        queryset=None,
        required=False,
        widget=CheckboxList,
        label=_("Normen waar het team zich aan houdt"),
        help_text=_(
            "Uit het dienstverleningskader: de normen van de hele organisatie, van het team en "
            "van zijn diensten. Vink aan waar het team dit jaar op stuurt."
        ),
    )
    agreements = AgreementChoiceField(
        queryset=None,
        required=False,
        widget=CheckboxList,
        label=_("Werkafspraken"),
        help_text=_("Uit het dienstverleningskader. Vink aan wat het team dit jaar afspreekt."),
    )
    actions = ActionChoiceField(
        queryset=None,
        required=False,
        widget=CheckboxList,
        label=_("Acties"),
        help_text=_(
            "Acties van het team, uit verbetertrajecten of eigen acties. Een nieuwe eigen actie "
            "voegt u toe met 'Eigen actie toevoegen' op de pagina van het teamplan."
        ),
    )

    def __init__(self, *args, options: PlanOptions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The choices keep the framework's order; the queryset checks what comes back.
        for name, model, items in (
            ("norms", Norm, options.norms),
            ("agreements", WorkAgreement, options.agreements),
            ("actions", Action, options.actions),
        ):
            field = self.fields[name]
            field.queryset = model.objects.filter(pk__in=[item.pk for item in items])
            field.choices = [(item.pk, field.label_from_instance(item)) for item in items]
        if not options.actions:
            self.fields["actions"].help_text = _(
                "Het team heeft nog geen acties. Voeg een eigen actie toe op de pagina van het "
                "teamplan, of start een verbetertraject."
            )


class TeamPlanActionForm(StyledFormMixin, forms.Form):
    """A new action of the team's own, for its plan."""

    title = forms.CharField(
        label=_("Wat gaat het team doen?"),
        max_length=200,
        error_messages={"required": _("Schrijf op wat het team gaat doen.")},
        help_text=_("Kort en concreet, bijvoorbeeld: 'Terugbelnotities op één plek zetten.'"),
    )
    owner = TeamChoiceField(
        queryset=None,
        label=_("Wie voert het uit?"),
        empty_label=_("Kies een team"),
        error_messages={"required": _("Kies het team dat de actie uitvoert.")},
    )
    due = forms.DateField(
        label=_("Klaar op"),
        widget=DateInput(),
        input_formats=DATE_INPUT_FORMATS,
        error_messages={
            "required": _("Vul in wanneer de actie klaar moet zijn."),
            "invalid": _("Vul een datum in, bijvoorbeeld 31-03-2027."),
        },
        help_text=_("Vandaag of later."),
    )

    def __init__(self, *args, teams, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = teams


class ImplementationActionForm(StyledFormMixin, forms.ModelForm):
    advices = forms.ModelMultipleChoiceField(
        queryset=Advice.objects.order_by("number"),
        widget=CheckboxList,
        label=_("Draagt bij aan advies"),
        error_messages={"required": _("Kies minstens één advies waar deze actie aan bijdraagt.")},
    )

    class Meta:
        model = ImplementationAction
        fields = ["text", "colour", "responsible", "advices", "status", "owner", "notes"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 6}),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "colour": RadioList,
            "status": RadioList,
        }
        error_messages = {
            "text": {"required": _("Schrijf de tekst van de actie op.")},
            "responsible": {"required": _("Schrijf op welke teams of functies aan zet zijn.")},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["colour"].choices = [
            *[(colour.value, f"{colour.label}: {COST_MEANING[colour]}") for colour in CostColour],
            ("", COST_MEANING[""]),
        ]
