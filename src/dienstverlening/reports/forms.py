from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dienstverlening.core.forms import StyledFormMixin
from dienstverlening.core.uploads import OnceFormMixin
from dienstverlening.insights.periods import picker_choices
from dienstverlening.organisation.models import Municipality

from .models import ReportKind
from .services import report_check
from .targets import ReportError, Target

# The field a ``ReportError`` belongs to, by its code; other errors are about the whole form.
ERROR_FIELDS = {
    "municipality_required": "municipality",
    "future": "period",
    "grain": "period",
    "invalid_choice": "period",
    "no_data": "period",
}


class ReportForm(OnceFormMixin, StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort"),
        choices=ReportKind.choices,
        help_text=_(
            "De raadsinformatiebrief gaat naar één gemeenteraad: kies dan ook de gemeente."
        ),
    )
    period = forms.CharField(
        label=_("Periode"),
        widget=forms.Select,
        help_text=_(
            "Een kwartaal, halfjaar of jaar. Bij de nulmeting telt de periode van de "
            "nulmeting zelf."
        ),
    )
    municipality = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        empty_label=_("Beide gemeenten samen"),
        to_field_name="slug",
    )

    def __init__(self, *args, today: datetime.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        groups = picker_choices(today=today)
        # Reports cover a quarter, half-year or year: no months.
        self.fields["period"].widget.choices = list(groups[1:4])
        self.fields["period"].initial = str(today.year - 1)
        self.target: Target | None = None  # set by ``clean`` when the form is valid

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.errors:
            return data
        try:
            self.target = report_check(
                kind=data["kind"],
                period=data["period"],
                municipality=data.get("municipality"),
                today=self.today,
                check_data=True,
            )
        except ReportError as error:
            self.add_error(ERROR_FIELDS.get(error.code or ""), error.messages)
        return data
