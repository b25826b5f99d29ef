from django import forms
from django.utils.translation import gettext_lazy as _

from dienstverlening.core.forms import StyledFormMixin


class DirectorySearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Waar zoekt u?"),
        max_length=100,
        required=False,
        help_text=_("Bijvoorbeeld: paspoort, verhuizing, bezwaar, afval of parkeervergunning."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
