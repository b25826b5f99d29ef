"""The audit trail: who changed what, and when. One list of what is audited: ``AUDITED``.

django-auditlog writes a record (``auditlog.LogEntry``) for every create, change and delete of the
models in ``AUDITED``, with the old and the new value of each changed field, in the same
transaction as the change (so on SQLite and PostgreSQL alike). This module adds what the product
needs on top:

- **Who and from where.** ``AuditContextMiddleware`` records the signed-in person and the client
  address (``core.net.client_address``, the one rule behind the reverse proxy) with every record
  written during a request. A background task records the person who started it
  (``core.jobs.job_run``), a console command its name (``dienstverlening.cli``), a sign-in through
  the identity provider that it made the change (``core.services.user_oidc_update``):
  ``audit_context(actor=…, via=…, name=…)``. Contexts nest and end cleanly (context variables),
  so a task run inside a request (the immediate task backend) gives the request its person back.
- **Many-to-many changes** (team managers and members, a run's services, …) are recorded by
  ``_m2m_changed`` from whichever side they are made (``user.member_teams.set(…)`` as well as
  ``team.members.add(…)``), only for links that really came or went.
- **Secrets never enter the trail**: a model lists the fields it keeps (``include``) or leaves
  out (``exclude``); a secret that may change is ``mask``-ed: the record says that it changed,
  with ``***`` for both values (``MASK``).
- **Append-only.** A record is never changed: saving an existing one raises
  ``AuditRecordImmutable``; the admin offers no add, change or delete (auditlog's own
  ``LogEntryAdmin``), the beheerder's page (``core.audit_trail``) only reads. Removing records
  older than their retention period is the purge's job.
- **A log line per record** (logger ``dienstverlening.audit``) once the transaction commits:
  the person's id, the model, the object's id, the action and the names of the changed fields,
  never their values (they may hold personal data).

Core names other apps' models only as strings here (as ``core.roles`` does); nothing is imported
from them. ``CoreConfig.ready()`` calls ``audit_register()``.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("dienstverlening.audit")

# What a masked value is stored as: that it changed is kept, the value never is.
MASK = "***"


@dataclass(frozen=True)
class Audited:
    """One audited model (``"app_label.ModelName"``) and why (the part of the issue it answers).

    ``include``: only these fields are kept (everything else, passwords included, is not);
    ``exclude``: these are not kept (operational fields that change by themselves);
    ``mask``: kept as "changed", never with the value (secrets); ``m2m``: many-to-many fields
    whose links are recorded as added and removed.
    """

    model: str
    why: str
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    mask: tuple[str, ...] = ()
    m2m: tuple[str, ...] = ()


# Issue 14: "norms, work agreements, statements, focus periods, questionnaires and team
# questions, survey runs, import sources and mappings, mailbox settings, roles and team managers,
# alert rules, report approvals, API clients and tokens". Listed in docs/security.md.
AUDITED: tuple[Audited, ...] = (
    Audited("framework.Norm", "normen"),
    Audited("framework.WorkAgreement", "werkafspraken"),
    Audited("framework.Statement", "stellingen"),
    Audited("framework.FocusPeriod", "focusperiodes"),
    # A version's statements are copied, once, from the statements above (audited there).
    Audited("surveys.Questionnaire", "vragenlijsten"),
    Audited("surveys.TeamQuestion", "teamvragen", m2m=("services",)),
    Audited("surveys.SurveyRun", "metingen", m2m=("services", "channels", "municipalities")),
    Audited("handling.ImportSource", "importbronnen en hun kolommen"),
    Audited("surveys.ImportMapping", "kolomindelingen van enquête-imports"),
    Audited(
        "handling.Mailbox",
        "mailboxinstellingen",
        # The sync writes these after every run; the stored password is a secret.
        exclude=("last_synced_at", "last_error", "last_error_at"),
        mask=("password_encrypted",),
    ),
    Audited(
        "core.User",
        "rollen en toegang",
        # Never the password, nor the moment of the last log-in (a security event instead).
        include=("username", "role", "is_active", "is_staff", "is_superuser"),
        m2m=("user_permissions",),
    ),
    Audited("organisation.Team", "teammanagers en medewerkers", m2m=("managers", "members")),
    Audited("improvement.AlertRule", "signaleringsregels"),
    # The frozen figures and text (``content``) are large and never change after generating.
    Audited("reports.Report", "vaststellen van rapportages", exclude=("content",)),
    Audited(
        "core.ApiClient",
        "API-koppelingen en tokens",
        # Last use is written by every request; of the token only that it changed is kept.
        exclude=("last_used_at",),
        mask=("token_hash",),
    ),
)


def mask(value: str) -> str:
    """auditlog's mask for the ``mask`` fields: ``***`` for any value, nothing for none."""
    return "" if value in ("", "None") else MASK


# --- who and from where -----------------------------------------------------------------------


@dataclass(frozen=True)
class AuditContext:
    """Who is making changes now: a request (its user, read only when a record is written), or
    a person and a way (``via``: ``"task"``, ``"command"``) with its ``name``."""

    request: HttpRequest | None = None
    actor: Any = None
    via: str = ""
    name: str = ""
    extra: dict[str, str] = field(default_factory=dict)


_context: ContextVar[AuditContext | None] = ContextVar("dienstverlening_audit", default=None)


@contextlib.contextmanager
def audit_context(
    *, request: HttpRequest | None = None, actor=None, via: str = "", name: str = "", **extra: str
) -> Iterator[None]:
    """Records written inside are made by ``actor`` (or the request's user), ``via`` a task, a
    command or a sign-in called ``name``. Nests: inside a request the request's address is kept,
    and the outer context is back afterwards."""
    outer = _context.get()
    if request is None and outer is not None:
        request = outer.request
    token = _context.set(
        AuditContext(request=request, actor=actor, via=via, name=name, extra=dict(extra))
    )
    try:
        yield
    finally:
        _context.reset(token)


class AuditContextMiddleware:
    """Records written during a request name its signed-in person and client address.

    In place of auditlog's own middleware, which trusts the first ``X-Forwarded-For`` hop (a
    client can write anything there) and cannot be nested. Place it after
    ``AuthenticationMiddleware``; the user is looked up only when a record is written.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with audit_context(request=request):
            return self.get_response(request)


def _signed_in(user) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False))


def _entry_fill(entry) -> None:
    """Give a new record its person, address and way from the current context."""
    from .net import client_address

    context = _context.get()
    if context is None:
        return
    actor = context.actor
    if actor is None and context.request is not None:
        actor = getattr(context.request, "user", None)
    via, name = context.via, context.name
    if entry.actor_id is None and _signed_in(actor):
        if actor.pk is not None:
            entry.actor_id = actor.pk
            entry.actor_email = getattr(actor, "email", "") or None
        elif getattr(actor, "client", None) is not None and not via:
            # A system with an API token (``core.api_clients.ApiClientUser``): no account.
            via, name = "api", actor.client.name
    if context.request is not None and not entry.remote_addr:
        entry.remote_addr = client_address(context.request)
    if via:
        entry.additional_data = {
            **(entry.additional_data or {}),
            "via": via,
            "name": name,
            **context.extra,
        }


# --- append-only ------------------------------------------------------------------------------


class AuditRecordImmutable(Exception):
    """An audit record is never changed once written."""


def _entry_before_save(sender, instance, raw=False, **kwargs) -> None:
    if not instance._state.adding:
        raise AuditRecordImmutable(
            f"Audit record {instance.pk} cannot be changed: the audit trail is append-only."
        )
    _entry_fill(instance)


# --- a log line per record --------------------------------------------------------------------

ACTIONS = {0: "create", 1: "update", 2: "delete", 3: "access"}


def _entry_saved(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw:
        return
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_id(instance.content_type_id)
    fields = {
        "event": "audit",
        "audit_id": instance.pk,
        "actor_id": instance.actor_id,
        "model": f"{content_type.app_label}.{content_type.model}",
        "object_id": str(instance.object_pk),
        "action": ACTIONS.get(instance.action, str(instance.action)),
        "changed_fields": sorted((instance.changes or {}).keys()),
        "via": (instance.additional_data or {}).get("via", "web" if _request() else ""),
    }
    transaction.on_commit(lambda: audit_log_line(fields), robust=True)


def _request() -> HttpRequest | None:
    context = _context.get()
    return context.request if context else None


def audit_log_line(fields: dict) -> None:
    """The structured line for one record: ids and field names, no values."""
    logger.info(
        "audit %s %s %s by %s: %s",
        fields["action"],
        fields["model"],
        fields["object_id"],
        f"user {fields['actor_id']}" if fields["actor_id"] else "system",
        ", ".join(fields["changed_fields"]) or "-",
        extra=fields,
    )


# --- many-to-many -----------------------------------------------------------------------------

_PENDING = "_audit_m2m_pending"


def _linked(owner_model, field_name: str, instance, reverse: bool, pks=None) -> set:
    """The primary keys on the other side that are linked to ``instance`` now (of ``pks``)."""
    if reverse:
        query = owner_model._default_manager.filter(**{field_name: instance.pk})
    else:
        query = getattr(instance, field_name).all()
    if pks is not None:
        query = query.filter(pk__in=pks)
    return set(query.values_list("pk", flat=True))


def _m2m_receiver(owner_model, field_name: str):
    """Records links of ``owner_model.field_name`` that came (``add``) or went (``delete``),
    on the owner's record, from either side of the relation."""

    def receiver(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
        from auditlog import get_logentry_model
        from auditlog.context import auditlog_disabled

        if auditlog_disabled.get():
            return
        pending = instance.__dict__.setdefault(_PENDING, {})
        key = (field_name, reverse)
        if action == "pre_remove":
            # Django sends every key asked for, also those that were never linked.
            pending[key] = _linked(owner_model, field_name, instance, reverse, pk_set)
            return
        if action == "pre_clear":
            pending[key] = _linked(owner_model, field_name, instance, reverse)
            return
        if action == "post_add":
            operation, pks = "add", set(pk_set or ())
        elif action in ("post_remove", "post_clear"):
            operation, pks = "delete", pending.pop(key, set())
        else:
            return
        if not pks:
            return
        entries = get_logentry_model().objects
        if reverse:
            # ``instance`` is the other side (a user); each owner (a team) gets its record.
            for owner in owner_model._default_manager.filter(pk__in=pks).order_by("pk"):
                entries.log_m2m_changes([instance], owner, operation, field_name)
        else:
            changed = list(model._default_manager.filter(pk__in=pks).order_by("pk"))
            entries.log_m2m_changes(changed, instance, operation, field_name)

    return receiver


# --- registration -----------------------------------------------------------------------------


def _decimals_as_stored(sender, instance, raw=False, **kwargs) -> None:
    """Give decimals the places the database keeps (``Decimal("95")`` is saved as ``95.0``), so
    a form that sends an unchanged 90 does not read as a change from 90.0 to 90."""
    for model_field in instance._meta.concrete_fields:
        if not isinstance(model_field, models.DecimalField):
            continue
        value = getattr(instance, model_field.attname)
        if value is None:
            continue
        try:
            number = model_field.to_python(value)
            places = Decimal(1).scaleb(-model_field.decimal_places)
            setattr(instance, model_field.attname, number.quantize(places))
        except (ValidationError, InvalidOperation):
            continue  # the save itself will say what is wrong with it


def audited_models() -> list:
    """The model classes of ``AUDITED``, in its order."""
    return [apps.get_model(item.model) for item in AUDITED]


def _kept_fields(model, item: Audited) -> list[str]:
    """The fields a record keeps: ``include``, or every own field but the primary key (the
    record names its object already) and ``exclude``. Never the links other models keep to
    this one (auditlog would list them, as "None", on every new object)."""
    if item.include:
        return list(item.include)
    return [
        model_field.name
        for model_field in model._meta.concrete_fields
        if not model_field.primary_key and model_field.name not in item.exclude
    ]


def audit_register() -> None:
    """Register every model of ``AUDITED`` with auditlog, and our receivers. Idempotent."""
    from auditlog import get_logentry_model
    from auditlog.registry import auditlog

    for item in AUDITED:
        model = apps.get_model(item.model)
        # Before auditlog's own receivers (they are connected again by ``register``).
        pre_save.connect(
            _decimals_as_stored, sender=model, dispatch_uid=f"dienstverlening-audit-{item.model}"
        )
        auditlog.unregister(model)
        auditlog.register(
            model,
            include_fields=_kept_fields(model, item),
            mask_fields=list(item.mask),
            mask_callable="dienstverlening.core.audit.mask",
        )
        for name in item.m2m:
            through = model._meta.get_field(name).remote_field.through
            m2m_changed.connect(
                _m2m_receiver(model, name),
                sender=through,
                weak=False,
                dispatch_uid=f"dienstverlening-audit-{item.model}-{name}",
            )
    entry = get_logentry_model()
    pre_save.connect(_entry_before_save, sender=entry, dispatch_uid="dienstverlening-audit-pre")
    post_save.connect(_entry_saved, sender=entry, dispatch_uid="dienstverlening-audit-post")


@contextlib.contextmanager
def audit_disabled() -> Iterator[None]:
    """No audit records inside (the demo's load, which makes every row of the organisation)."""
    from auditlog.context import disable_auditlog

    with disable_auditlog():
        yield
