"""Forms of the improvement tracks: opening, actions, evaluating and closing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dienstverlening.core.forms import DATE_INPUT_FORMATS, CheckboxList, DateInput, StyledFormMixin
from dienstverlening.organisation.models import Service, Team

from ..models import ActionStatus


class TrackOpenForm(StyledFormMixin, forms.Form):
    team = forms.ModelChoiceField(
        Team.objects.none(),
        label=_("Team"),
        empty_label=_("Kies een team"),
        error_messages={"required": _("Kies het team dat het traject trekt.")},
    )
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        help_text=_(
            "Kort en concreet, bijvoorbeeld ‘Inwoners weten niet wanneer hun paspoort klaar is’."
        ),
        error_messages={"required": _("Geef het traject een titel.")},
    )
    problem = forms.CharField(
        label=_("Wat is het probleem"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wat merken inwoners? Waar blijkt dat uit (meting, signalen, klachten)?"),
        error_messages={"required": _("Beschrijf het probleem dat u wilt oplossen.")},
    )
    services = forms.ModelMultipleChoiceField(
        Service.objects.none(),
        label=_("Diensten"),
        required=False,
        widget=CheckboxList,
        help_text=_("De diensten van het team waar het om gaat. Leeg: het hele team."),
    )

    def __init__(self, *args, teams, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["services"].queryset = (
            Service.objects.filter(team__in=teams).select_related("team").order_by("name")
        )
        self.fields["services"].label_from_instance = lambda service: (
            f"{service.name} ({service.team.name})"
        )


class ActionForm(StyledFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Actie"),
        max_length=200,
        error_messages={"required": _("Schrijf op wat er gedaan wordt.")},
    )
    team = forms.ModelChoiceField(
        Team.objects.order_by("name"),
        label=_("Eigenaar (team)"),
        empty_label=_("Kies een team"),
        help_text=_(
            "Het team dat de actie uitvoert; dat hoeft niet het team van het traject te zijn."
        ),
        error_messages={
            "required": _("Kies het team dat de actie uitvoert: elke actie heeft een eigenaar.")
        },
    )
    due = forms.DateField(
        label=_("Klaar op"),
        widget=DateInput(),
        input_formats=DATE_INPUT_FORMATS,
        error_messages={
            "required": _("Vul de datum in waarop de actie klaar is."),
            "invalid": _("Vul een datum in als dd-mm-jjjj."),
        },
    )


class ActionStatusForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class EvaluateForm(StyledFormMixin, forms.Form):
    period = forms.ChoiceField(
        label=_("Meting na de acties over"),
        help_text=_("Een periode na de meting vooraf die al voorbij is."),
        error_messages={"required": _("Kies de periode van de meting na de acties.")},
    )

    def __init__(self, *args, choices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [("", _("Kies een periode")), *choices]


class CloseForm(StyledFormMixin, forms.Form):
    lessons = forms.CharField(
        label=_("Wat hebben we geleerd"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Iedere collega kan dit lezen. Wat werkte, wat niet, wat zou u een ander "
            "team aanraden? Geen namen van inwoners of collega's."
        ),
    )
