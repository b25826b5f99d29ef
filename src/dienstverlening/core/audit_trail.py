"""Reading the audit trail (``core.audit``): who may, the filters, and each record as a row.

The functioneel beheerder reads it on ``/audittrail/`` (``core.views.audit_trail``); nobody
changes it there. A row says when, who (or which task or command), what kind of thing, which
one, and each changed field with its Dutch label as "old → new".
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import cast

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .access import is_administrator
from .audit import MASK, audited_models
from .forms import DATE_INPUT_FORMATS, DateInput, StyledFormMixin
from .localtime import AMSTERDAM

PAGE_SIZE = 50
SYSTEM = "systeem"  # the person filter's value for records without a person


def access_audit_trail(user) -> None:
    """Only the functioneel beheerder (or a superuser acting as one) reads the audit trail."""
    if not is_administrator(user):
        raise PermissionDenied(_("Alleen de functioneel beheerder kan de audittrail lezen."))


def _entries() -> QuerySet:
    from auditlog import get_logentry_model

    return get_logentry_model().objects.all()


# --- filters ----------------------------------------------------------------------------------

ACTION_CHOICES = [
    ("", gettext_lazy("Alle")),
    ("0", gettext_lazy("aangemaakt")),
    ("1", gettext_lazy("gewijzigd")),
    ("2", gettext_lazy("verwijderd")),
]


def _model_key(model) -> str:
    return model._meta.label_lower  # "framework.norm"


def kind_choices() -> list[tuple[str, str]]:
    kinds = [
        (_model_key(model), capfirst(str(model._meta.verbose_name_plural)))
        for model in audited_models()
    ]
    return [("", _("Alle soorten")), *sorted(kinds, key=lambda kind: kind[1])]


def person_choices() -> list[tuple[str, str]]:
    """Everybody who changed something, by name, and "systeem" for tasks without a person."""
    actor_ids = _entries().exclude(actor=None).values("actor_id").distinct()
    people = get_user_model()._default_manager.filter(pk__in=actor_ids).order_by("username")
    return [
        ("", _("Iedereen")),
        (SYSTEM, _("Systeem (geen persoon)")),
        *((user.get_username(), _person_label(user)) for user in people),
    ]


def _person_label(user) -> str:
    name = user.get_full_name()
    return f"{name} ({user.get_username()})" if name else user.get_username()


class AuditFilterForm(StyledFormMixin, forms.Form):
    soort = forms.ChoiceField(label=gettext_lazy("Soort"), required=False)
    persoon = forms.ChoiceField(label=gettext_lazy("Door"), required=False)
    actie = forms.ChoiceField(label=gettext_lazy("Actie"), required=False, choices=ACTION_CHOICES)
    van = forms.DateField(
        label=gettext_lazy("Van"),
        required=False,
        widget=DateInput(),
        input_formats=DATE_INPUT_FORMATS,
    )
    tot = forms.DateField(
        label=gettext_lazy("Tot en met"),
        required=False,
        widget=DateInput(),
        input_formats=DATE_INPUT_FORMATS,
    )
    object = forms.CharField(
        label=gettext_lazy("Wat"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Een deel van de naam, of het nummer."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["soort"]).choices = kind_choices()
        cast(forms.ChoiceField, self.fields["persoon"]).choices = person_choices()

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        start, end = cleaned.get("van"), cleaned.get("tot")
        if start and end and end < start:
            self.add_error(
                "tot",
                forms.ValidationError(
                    _("De einddatum ligt vóór de begindatum."), code="period_order"
                ),
            )
        return cleaned


def filters_for_log(filters: dict) -> dict[str, str]:
    """The filters of a download for the security log: codes, dates and an account's number;
    no user name and no text typed in "Wat"."""
    fields = {
        name: str(value)
        for name, value in filters.items()
        if value not in (None, "") and name not in ("object", "persoon")
    }
    person = filters.get("persoon")
    if person == SYSTEM:
        fields["persoon"] = SYSTEM
    elif person:
        model = get_user_model()
        account = model._default_manager.filter(**{model.USERNAME_FIELD: person}).first()
        fields["persoon_id"] = str(account.pk) if account else ""
    return fields


def _day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=AMSTERDAM)


def audit_entries(filters: dict | None = None) -> QuerySet:
    """The records of the audited models, newest first, narrowed by the form's ``filters``."""
    filters = filters or {}
    types = ContentType.objects.get_for_models(*audited_models()).values()
    query = (
        _entries()
        .filter(content_type__in=list(types))
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
    if filters.get("soort"):
        app_label, _dot, model = filters["soort"].partition(".")
        query = query.filter(content_type__app_label=app_label, content_type__model=model)
    person = filters.get("persoon")
    if person == SYSTEM:
        query = query.filter(actor=None)
    elif person:
        field = f"actor__{get_user_model().USERNAME_FIELD}"
        query = query.filter(**{field: person})
    if filters.get("actie") not in (None, ""):
        query = query.filter(action=int(filters["actie"]))
    if filters.get("van"):
        query = query.filter(timestamp__gte=_day_start(filters["van"]))
    if filters.get("tot"):
        query = query.filter(timestamp__lt=_day_start(filters["tot"] + datetime.timedelta(days=1)))
    text = (filters.get("object") or "").strip()
    if text:
        match = Q(object_repr__icontains=text)
        if text.isdigit():
            match |= Q(object_pk=text)
        query = query.filter(match)
    return query


# --- a record as a row ------------------------------------------------------------------------

ACTION_LABELS = {
    0: gettext_lazy("aangemaakt"),
    1: gettext_lazy("gewijzigd"),
    2: gettext_lazy("verwijderd"),
    3: gettext_lazy("bekeken"),
}


@dataclass(frozen=True)
class Change:
    """One changed field: its label and old and new value, or links added or removed."""

    label: str
    old: str = ""
    new: str = ""
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class TrailRow:
    when: datetime.datetime
    who: str
    via: str
    kind: str
    what: str
    object_id: str
    action: str
    action_code: int
    changes: tuple[Change, ...]
    address: str


def _field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _label(model, name: str) -> str:
    field = _field(model, name)
    return capfirst(str(getattr(field, "verbose_name", name)))


def _moment(text: str) -> str:
    """auditlog keeps a moment as naive UTC (``2026-12-02 09:00:00``)."""
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return text
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M")


def _day(text: str) -> str:
    try:
        return datetime.date.fromisoformat(text).strftime("%d-%m-%Y")
    except ValueError:
        return text


def value_text(field, value) -> str:
    """A stored value as a reader knows it: the label of a choice, ja/nee, Dutch dates and
    decimals, "(verborgen)" for a secret, nothing for none."""
    if value is None or value in ("None", ""):
        return ""
    text = str(value)
    if text == MASK:
        return _("(verborgen)")
    if field is None:
        return text
    choices = dict(field.flatchoices) if getattr(field, "choices", None) else {}
    if choices:
        return str(choices.get(text, text))
    if isinstance(field, models.BooleanField):
        return _("ja") if text == "True" else _("nee") if text == "False" else text
    if isinstance(field, models.DateTimeField):
        return _moment(text)
    if isinstance(field, models.DateField):
        return _day(text)
    if isinstance(field, models.DecimalField | models.FloatField):
        return text.replace(".", ",")
    if isinstance(field, models.JSONField):
        return _json_text(text)
    return text


def _json_text(text: str) -> str:
    try:
        value = json.loads(text)
    except ValueError:
        return text
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {item}" for key, item in value.items())
    return str(value)


def _field_order(model, names) -> list[str]:
    """The changed fields in the model's own order (as its form shows them), the rest after
    them by name: the same on every database (PostgreSQL's jsonb keeps no insertion order)."""
    order = {field.name: i for i, field in enumerate(model._meta.get_fields())} if model else {}
    return sorted(names, key=lambda name: (order.get(name, len(order)), name))


def _changes(entry, model) -> Iterator[Change]:
    changes = entry.changes or {}
    for name in _field_order(model, changes):
        change = changes[name]
        label = _label(model, name)
        if isinstance(change, dict) and change.get("type") == "m2m":
            objects = tuple(str(item) for item in change.get("objects", ()))
            if change.get("operation") == "add":
                yield Change(label, added=objects)
            else:
                yield Change(label, removed=objects)
            continue
        old, new = [*change, "", ""][:2] if isinstance(change, list | tuple) else ("", "")
        field = _field(model, name)
        yield Change(label, old=value_text(field, old), new=value_text(field, new))


def _via(entry) -> str:
    data = entry.additional_data or {}
    if data.get("via") == "task":
        return _("taak %(name)s") % {"name": data.get("name", "")}
    if data.get("via") == "command":
        return _("opdracht %(name)s") % {"name": data.get("name", "")}
    if data.get("via") == "sign-in":
        return _("aanmelding met werkaccount")
    if data.get("via") == "api":
        return _("API-koppeling %(name)s") % {"name": data.get("name", "")}
    return ""


def trail_rows(entries: Iterable) -> list[TrailRow]:
    """The records as rows for the page and the download."""
    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        kind = capfirst(str(model._meta.verbose_name)) if model else entry.content_type.model
        rows.append(
            TrailRow(
                when=timezone.localtime(entry.timestamp, AMSTERDAM),
                who=_person_label(entry.actor) if entry.actor else _("systeem"),
                via=_via(entry),
                kind=kind,
                what=entry.object_repr,
                object_id=entry.object_pk,
                action=str(ACTION_LABELS.get(entry.action, entry.action)),
                action_code=entry.action,
                changes=tuple(_changes(entry, model)),
                address=entry.remote_addr or "",
            )
        )
    return rows


EXPORT_HEADER = [
    gettext_lazy("Moment"),
    gettext_lazy("Door"),
    gettext_lazy("Via"),
    gettext_lazy("Soort"),
    gettext_lazy("Wat"),
    gettext_lazy("Nummer"),
    gettext_lazy("Actie"),
    gettext_lazy("Veld"),
    gettext_lazy("Was"),
    gettext_lazy("Wordt"),
    gettext_lazy("Adres"),
]
EXPORT_LIMIT = 100_000


def export_rows(rows: Iterable[TrailRow]) -> Iterator[list]:
    """One line per changed field (a record without changes: one line)."""
    for row in rows:
        base = [
            row.when.strftime("%d-%m-%Y %H:%M"),
            row.who,
            row.via,
            row.kind,
            row.what,
            row.object_id,
            row.action,
        ]
        if not row.changes:
            yield [*base, "", "", "", row.address]
        for change in row.changes:
            if change.added or change.removed:
                old = ", ".join(change.removed)
                new = ", ".join(change.added)
                old = _("verwijderd: %(items)s") % {"items": old} if old else ""
                new = _("toegevoegd: %(items)s") % {"items": new} if new else ""
            else:
                old, new = change.old, change.new
            yield [*base, change.label, old, new, row.address]
