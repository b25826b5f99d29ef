"""What several improvement pages share: setting an action's status."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from ..models import Action
from ..services.tracks import action_set_status


def action_status_save(
    request: HttpRequest, action: Action, form: forms.BaseForm, *, done: str
) -> None:
    """Set ``action`` to the status chosen in ``form`` and say so: ``done`` is the message, with
    ``%(action)s`` and ``%(status)s`` filled in after the change."""
    if form.is_valid():
        action_set_status(action=action, status=form.cleaned_data["status"])
        messages.success(
            request, done % {"action": action.title, "status": action.get_status_display()}
        )
    else:
        messages.error(request, _("Kies een status uit de lijst."))
