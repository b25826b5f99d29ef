"""The forms of signals: passing one on (with the "Wie doet wat" search), answering, passing
it to another team."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from dienstverlening.core.forms import RadioList, StyledFormMixin
from dienstverlening.organisation.models import Channel, Municipality, Service, Team

from ..models import SignalOrigin, SignalStatus
from ..services.signals import (
    CHOOSE_MUNICIPALITY,
    DESCRIPTION_MAX,
    UNKNOWN_CHANNEL,
    UNKNOWN_SERVICE,
)


class ServiceChoices(RadioList):
    """The services found, as radio buttons; says what to do when there are none yet. Its
    outer element (``id_service``) is what the search replaces without reloading the page."""

    template_name = "improvement/signals/widgets/service_choices.html"
    query = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["query"] = self.query
        return context


def _service_label(service: Service) -> str:
    return _("%(service)s (team %(team)s)") % {"service": service.name, "team": service.team.name}


class SignalForm(StyledFormMixin, forms.Form):
    """A new signal. ``services`` are the choices for the service (from the search)."""

    # The server checks (and says what is missing); an empty field is not shown as wrong.
    use_required_attribute = False

    q = forms.CharField(
        label=_("Over welke dienst gaat het? Zoek de dienst"),
        max_length=100,
        required=False,
        help_text=_("Bijvoorbeeld: paspoort, verhuizing, parkeervergunning of afval."),
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "hx-get": reverse_lazy("improvement-signal-new"),
                "hx-trigger": "input changed delay:300ms, search",
                "hx-target": "#id_service",
                "hx-swap": "outerHTML",
                "hx-include": "[name=service]:checked",
            }
        ),
    )
    service = forms.IntegerField(
        label=_("Kies de dienst"),
        widget=ServiceChoices,
        error_messages={
            "required": _("Kies de dienst waar het signaal over gaat. Zoek hem hierboven."),
            "invalid": UNKNOWN_SERVICE,
        },
    )
    channel = forms.TypedChoiceField(
        label=_("Via welk kanaal?"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Waar speelde het zich af? Laat leeg als u het niet weet."),
        error_messages={"invalid_choice": UNKNOWN_CHANNEL},
    )
    municipality = forms.TypedChoiceField(
        label=_("Voor welke gemeente?"),
        coerce=int,
        widget=RadioList,
        error_messages={
            "required": CHOOSE_MUNICIPALITY,
            "invalid_choice": CHOOSE_MUNICIPALITY,
        },
    )
    origin = forms.ChoiceField(
        label=_("Waar komt het signaal vandaan?"),
        choices=SignalOrigin.choices,
        widget=RadioList,
        error_messages={
            "required": _("Kies waar het signaal vandaan komt."),
            "invalid_choice": _("Kies waar het signaal vandaan komt."),
        },
    )
    description = forms.CharField(
        label=_("Wat is er gebeurd?"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Beschrijf wat er gebeurde en wat beter kan. Noem geen namen, adressen of "
            "BSN van inwoners: die halen we er toch uit."
        ),
        error_messages={"required": _("Beschrijf kort wat er is gebeurd.")},
    )

    def __init__(self, *args, services: Sequence[Service] = (), query: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        widget = self.fields["service"].widget
        widget.choices = [(s.pk, _service_label(s)) for s in services]
        widget.query = query
        cast(forms.ChoiceField, self.fields["channel"]).choices = [
            ("", _("Weet ik niet")),
            *Channel.objects.values_list("pk", "name"),
        ]
        municipalities = list(Municipality.objects.order_by("-inhabitants", "name"))
        cast(forms.ChoiceField, self.fields["municipality"]).choices = [
            (m.pk, m.name) for m in municipalities
        ]
        if municipalities and not self.is_bound:
            self.fields["municipality"].initial = municipalities[0].pk


class SignalAnswerForm(StyledFormMixin, forms.Form):
    use_required_attribute = False

    answer = forms.CharField(
        label=_("Antwoord aan wie het signaal doorgaf"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Wat heeft uw team gedaan of wat gaat het doen? Dit antwoord wordt gemaild."),
        error_messages={"required": _("Schrijf een antwoord voor wie het signaal doorgaf.")},
    )


class SignalPassOnForm(StyledFormMixin, forms.Form):
    use_required_attribute = False

    team = forms.ModelChoiceField(
        Team.objects.order_by("name"),
        label=_("Naar welk team?"),
        empty_label=_("Kies een team"),
        error_messages={
            "required": _("Kies het team dat het signaal oppakt."),
            "invalid_choice": _("Dit team bestaat niet (meer). Kies een team uit de lijst."),
        },
    )
    reason = forms.CharField(
        label=_("Waarom gaat het naar dit team?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Het team ziet uw toelichting bij het signaal en in de mail."),
        error_messages={"required": _("Schrijf waarom het signaal naar dit team gaat.")},
    )

    def __init__(self, *args, current_team: Team | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if current_team is not None:
            cast(forms.ModelChoiceField, self.fields["team"]).queryset = Team.objects.exclude(
                pk=current_team.pk
            ).order_by("name")


class TeamSignalFilterForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Welke signalen"),
        required=False,
        choices=[
            ("open", _("Open (nieuw en in behandeling)")),
            *SignalStatus.choices,
            ("all", _("Alle")),
        ],
    )
