"""Changing the framework. Every write goes through here, in one transaction."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import FocusPeriod, Norm, Statement, WorkAgreement


@transaction.atomic
def norm_create(**fields: Any) -> Norm:
    norm = Norm(**fields)
    norm.full_clean()
    norm.save()
    return norm


@transaction.atomic
def norm_change(*, norm: Norm, effective_from: datetime.date, **changes: Any) -> Norm:
    """Start a new version of ``norm`` on ``effective_from``; the old version ends the day before.

    The history stays: ``norm_applicable`` for a date before ``effective_from`` still finds the
    old version. Raises ``ValidationError`` (and changes nothing) when the new version is invalid.
    """
    norm = Norm.objects.select_for_update().get(pk=norm.pk)
    if effective_from <= norm.valid_from:
        raise ValidationError(
            {
                "effective_from": _(
                    "De nieuwe versie moet na %(start)s ingaan; "
                    "anders gaat de geschiedenis verloren."
                )
                % {"start": norm.valid_from.strftime("%d-%m-%Y")}
            },
            code="effective_from",
        )
    if norm.valid_until and effective_from > norm.valid_until:
        raise ValidationError(
            {"effective_from": _("Deze norm is al beëindigd; maak een nieuwe norm aan.")},
            code="ended",
        )
    new = Norm(
        level=norm.level,
        team_id=norm.team_id,
        service_id=norm.service_id,
        subject=norm.subject,
        title=changes.get("title", norm.title),
        target_value=changes.get("target_value", norm.target_value),
        unit=changes.get("unit", norm.unit),
        target_share=changes.get("target_share", norm.target_share),
        valid_from=effective_from,
        valid_until=changes.get("valid_until", norm.valid_until),
        previous=norm,
    )
    norm.valid_until = effective_from - datetime.timedelta(days=1)
    norm.save(update_fields=["valid_until"])
    new.full_clean()
    new.save()
    return new


@transaction.atomic
def norm_end(*, norm: Norm, last_day: datetime.date) -> Norm:
    norm.valid_until = last_day
    norm.full_clean()
    norm.save(update_fields=["valid_until"])
    return norm


@transaction.atomic
def agreement_save(*, agreement: WorkAgreement) -> WorkAgreement:
    agreement.full_clean()
    agreement.save()
    return agreement


@transaction.atomic
def agreement_delete(*, agreement: WorkAgreement) -> None:
    agreement.delete()


@transaction.atomic
def statement_update(*, statement: Statement, text: str, explanation: str) -> Statement:
    statement.text = text
    statement.explanation = explanation
    statement.full_clean()
    statement.save(update_fields=["text", "explanation"])
    return statement


@transaction.atomic
def focus_period_save(*, period: FocusPeriod) -> FocusPeriod:
    period.full_clean()
    period.save()
    return period
