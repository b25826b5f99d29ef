"""Form rendering in NL Design System style: Utrecht classes, an error summary, accessible errors.

Every form of the product inherits ``StyledFormMixin``: widgets get the Utrecht classes and
each input is described by its help text and its error message (``aria-describedby``).
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import Input
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from .local_login import local_login_enabled

WIDGET_CLASSES = {
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    # CheckboxSelectMultiple is a subclass of RadioSelect: it must come first.
    forms.CheckboxSelectMultiple: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input",
    Input: "utrecht-textbox utrecht-textbox--html-input",
}


class FormRenderer(TemplatesSetting):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


class DescribedBoundField(BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        described = []
        if self.help_text:
            described.append(f"{self.auto_id}_helptext")
        if self.errors:
            described.append(f"{self.auto_id}_error")
            attrs["aria-invalid"] = "true"
        if described:
            attrs["aria-describedby"] = " ".join(described)
        return attrs


if TYPE_CHECKING:  # the mixin is used with forms.Form and forms.ModelForm
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class StyledFormMixin(_FormBase):
    bound_field_class: type[BoundField] | None = DescribedBoundField

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            for widget_class, css in WIDGET_CLASSES.items():
                if isinstance(field.widget, widget_class):
                    field.widget.attrs.setdefault("class", css)
                    break


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y"]


class RadioList(forms.RadioSelect):
    """Radio buttons as a list, each label beside its button; render it inside a fieldset with
    a legend. The Utrecht class goes on each button, never on the list around them (Django
    gives the list the buttons' attributes, and Utrecht's CSS would shrink it to one box).
    ``inline`` puts short choices (a mark from 1 to 10) side by side."""

    template_name = "core/forms/widgets/choices.html"
    option_template_name = "core/forms/widgets/choice.html"

    def __init__(self, attrs=None, choices=(), *, inline: bool = False) -> None:
        super().__init__(attrs, choices)
        self.inline = inline

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["inline"] = self.inline
        return context


class CheckboxList(RadioList, forms.CheckboxSelectMultiple):
    """Checkboxes as a list, like ``RadioList``. The Utrecht class is set here too, so a field
    added after ``StyledFormMixin`` styled the form (the survey's team questions) has it."""

    def __init__(self, attrs=None, choices=(), *, inline: bool = False) -> None:
        super().__init__(
            {"class": "utrecht-checkbox utrecht-checkbox--html-input", **(attrs or {})},
            choices,
            inline=inline,
        )


def slug_filter(queryset, *, label, empty_label) -> forms.ModelChoiceField:
    """An optional filter on one of ``queryset``, by its slug in the address."""
    return forms.ModelChoiceField(
        queryset, required=False, to_field_name="slug", label=label, empty_label=empty_label
    )


def add_errors(form: forms.BaseForm, error) -> None:
    """Put a ``ValidationError`` from a service on the form, next to the field where possible."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def form_saved(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[], object],
    *,
    done: str | Callable[[], str],
) -> bool:
    """Whether a filled-in, valid ``form`` was saved by ``save()`` (a service call).

    A ``ValidationError`` from the service goes onto the form (``add_errors``) and the page
    shows it again; once saved, ``done`` (or what it returns, read after the save) is the
    success message. An empty or invalid form is not saved.
    """
    if not form.is_valid():
        return False
    try:
        save()
    except ValidationError as error:
        add_errors(form, error)
        return False
    messages.success(request, done() if callable(done) else done)
    return True


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[], object],
    *,
    done: str | Callable[[], str],
    success_url: str,
    page_title: str,
    back_url: str,
    template: str = "core/form_page.html",
    invalid_status: int = 200,
    **context: object,
) -> HttpResponse:
    """A page with one form: shown on GET; on POST saved by ``save()`` (``form_saved``) and on
    to ``success_url``, or shown again with its errors, with status ``invalid_status``."""
    if form_saved(request, form, save, done=done):
        return redirect(success_url)
    return render(
        request,
        template,
        {"form": form, "page_title": page_title, "back_url": back_url, **context},
        status=invalid_status if request.method == "POST" else 200,
    )


class SignInForm(AuthenticationForm):
    """The password form of ``/inloggen/``. With local sign-in off (``core.local_login``) a
    refused sign-in says so, for every account alike, instead of "wrong password"."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "password_off": _(
            "Inloggen met een wachtwoord staat uit. Gebruik de knop ‘Inloggen met uw werkaccount’."
        ),
    }

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            if local_login_enabled():
                raise
            raise forms.ValidationError(
                self.error_messages["password_off"], code="password_off"
            ) from None
