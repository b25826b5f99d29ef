import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dienstverlening.core.forms import DATE_INPUT_FORMATS, StyledFormMixin, slug_filter
from dienstverlening.organisation.models import Channel, Municipality

from .periods import DEFAULT_PERIOD, PeriodError, legacy_period, period_from, picker_choices
from .rounds import DEFAULT_ROUND, SurveyRound


def upgrade_old_period(data) -> None:
    """An old link with its own period (``periode=eigen&van=…&tot=…``) that is exactly one month,
    quarter, half-year or year keeps working: it becomes that period (in place)."""
    if data.get("periode") != "eigen":
        return
    code = legacy_period(_date(data.get("van")), _date(data.get("tot")))
    if code:
        data["periode"] = code


def _date(value) -> datetime.date | None:
    for pattern in DATE_INPUT_FORMATS:
        try:
            # A day alone: no clock time, so no time zone to get wrong.
            return datetime.datetime.strptime(str(value or "").strip(), pattern).date()  # noqa: DTZ007
        except ValueError:
            continue
    return None


class PeriodForm(forms.Form):
    """A form with the dashboard's period picker: ``periode`` cleans to a ``periods.Period``
    (one month, quarter, half-year or year of the grid); pass ``today``."""

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
        # The period is chosen last, after the fields of the form that uses it.
        self.fields["periode"] = self.fields.pop("periode")
        self.fields["periode"].widget.choices = picker_choices(today=today)

    def clean_periode(self):
        try:
            period = period_from(self.cleaned_data.get("periode") or "", today=self.today)
        except PeriodError as error:
            raise ValidationError(error.message, code=error.code) from None
        # An older cell typed into the address is shown as chosen, not as the first option.
        self.fields["periode"].widget.choices = picker_choices(today=self.today, extra=period)
        return period


class ScopeForm(StyledFormMixin, PeriodForm):
    """The dashboard's filters. Everything optional. A value that is not valid is shown as an
    error on the page (the API answers 400) and only that filter falls back to its default.

    ``periode`` cleans to a ``periods.Period``: a preset or one month, quarter, half-year or
    year (see ``periods``)."""

    gemeente = slug_filter(
        Municipality.objects.all(), label=_("Gemeente"), empty_label=_("Beide gemeenten")
    )
    # Domain, team and service are chosen by following the links in the tables (drill-down).
    domein = forms.SlugField(required=False, widget=forms.HiddenInput)
    team = forms.SlugField(required=False, widget=forms.HiddenInput)
    dienst = forms.SlugField(required=False, widget=forms.HiddenInput)
    kanaal = slug_filter(Channel.objects.all(), label=_("Kanaal"), empty_label=_("Alle kanalen"))
    meting = forms.ChoiceField(
        choices=SurveyRound.choices, required=False, initial=DEFAULT_ROUND, label=_("Meting")
    )
