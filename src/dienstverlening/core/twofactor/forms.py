from django import forms
from django.utils.translation import gettext_lazy as _

from ..forms import StyledFormMixin


class CodeForm(StyledFormMixin, forms.Form):
    """One field for the code of the app or a recovery code. The check itself is a service."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        error_messages={"required": _("Vul de code in.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "size": 12,
                "class": "utrecht-textbox utrecht-textbox--html-input dv-code-input",
            }
        ),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, help_text: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = help_text


class EnrolForm(CodeForm):
    """The code that confirms a new app: digits only."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs["inputmode"] = "numeric"
