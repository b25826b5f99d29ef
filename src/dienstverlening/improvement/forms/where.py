"""The choice of where to look: organisation, a domain or a team, and a period of the grid."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dienstverlening.core.forms import StyledFormMixin, slug_filter
from dienstverlening.insights.periods import (
    DEFAULT_PERIOD,
    PeriodError,
    period_from,
    picker_choices,
)
from dienstverlening.organisation.models import Domain, Team


class WhereForm(StyledFormMixin, forms.Form):
    """Everything optional; a value that is not valid is shown as an error and only that
    choice falls back to its default (as on the dashboard)."""

    domein = slug_filter(
        Domain.objects.order_by("order", "name"),
        label=_("Domein"),
        empty_label=_("Hele organisatie"),
    )
    team = slug_filter(
        Team.objects.select_related("domain").order_by("name"),
        label=_("Team"),
        empty_label=_("Alle teams"),
    )
    periode = forms.CharField(
        required=False,
        initial=DEFAULT_PERIOD,
        label=_("Periode"),
        help_text=_("Een hele maand, kwartaal, halfjaar of jaar."),
        widget=forms.Select,
    )

    def __init__(self, *args, today: datetime.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["periode"].widget.choices = picker_choices(today=today)

    def clean_periode(self):
        try:
            period = period_from(self.cleaned_data.get("periode") or "", today=self.today)
        except PeriodError as error:
            raise ValidationError(error.message, code=error.code) from None
        self.fields["periode"].widget.choices = picker_choices(today=self.today, extra=period)
        return period
