"""What a report is about: its kind, municipality (or both) and period, checked, with the
reasons it cannot be made in Dutch (``ReportError``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from dienstverlening.insights import experience, work
from dienstverlening.insights.periods import Period, PeriodError, measurement_period, period_from
from dienstverlening.insights.rollup import baseline_months
from dienstverlening.insights.rounds import DEFAULT_ROUND, SurveyRound
from dienstverlening.insights.scope import Scope
from dienstverlening.organisation.models import Municipality

from .models import ReportKind

REPORT_GRAINS = ("quarter", "half", "year")


class ReportError(ValidationError):
    """A report that cannot be made as asked, with the reason in Dutch."""


@dataclass(frozen=True)
class Target:
    """What to report on: the kind, the municipality (None: both) and the period."""

    kind: str
    municipality: Municipality | None
    period: Period
    survey_round: str = DEFAULT_ROUND

    @property
    def scope(self) -> Scope:
        return Scope(municipality=self.municipality)

    @property
    def council(self) -> Municipality:
        """The municipality whose council a letter goes to: ``target_resolve`` refuses a
        council letter without one."""
        if self.municipality is None:
            raise municipality_required_error()
        return self.municipality

    @property
    def period_code(self) -> str:
        return "nulmeting" if self.kind == ReportKind.BASELINE else self.period.code


def municipality_find(code: str) -> Municipality:
    """A municipality by its short name, CBS code or name; a Dutch error otherwise."""
    code = (code or "").strip()
    found = Municipality.objects.filter(
        Q(slug__iexact=code) | Q(cbs_code__iexact=code) | Q(name__iexact=code)
    ).first()
    if found is None:
        names = ", ".join(Municipality.objects.order_by("name").values_list("name", flat=True))
        raise ReportError(
            _("Gemeente ‘%(code)s’ bestaat niet. Kies uit: %(names)s.")
            % {"code": code, "names": names or "–"},
            code="unknown_municipality",
        )
    return found


def municipality_required_error() -> ReportError:
    return ReportError(
        _("Een raadsinformatiebrief gaat naar één gemeenteraad: kies een gemeente."),
        code="municipality_required",
    )


def target_resolve(
    *, kind: str, period: str, municipality: Municipality | None, today: datetime.date
) -> Target:
    """Check what was asked and name the period exactly. Raises ``ReportError`` in Dutch."""
    if kind not in ReportKind.values:
        raise ReportError(
            _("Soort rapportage ‘%(kind)s’ bestaat niet.") % {"kind": kind}, code="unknown_kind"
        )
    if kind == ReportKind.COUNCIL_LETTER and municipality is None:
        raise municipality_required_error()
    if kind == ReportKind.BASELINE:
        months = baseline_months()
        if months is None:
            raise ReportError(
                _("Er is nog geen nulmeting ingelezen. Lees eerst de nulmeting in."),
                code="no_baseline",
            )
        return Target(kind, municipality, measurement_period(*months), SurveyRound.BASELINE)
    code = (period or "").strip()
    year = code[:4]
    if year.isdigit() and int(year) > today.year:
        raise ReportError(
            _("%(period)s ligt in de toekomst. Kies een periode die al begonnen is.")
            % {"period": code},
            code="future",
        )
    try:
        resolved = period_from(code, today=today)
    except PeriodError as error:
        if error.code == "future":
            raise ReportError(
                _("%(period)s ligt in de toekomst. Kies een periode die al begonnen is.")
                % {"period": code},
                code="future",
            ) from error
        raise ReportError(error.message, code=error.code) from error
    if resolved.grain not in REPORT_GRAINS:
        raise ReportError(
            _("Een rapportage gaat over een kwartaal, halfjaar of jaar, zoals 2026-K3 of 2025."),
            code="grain",
        )
    return Target(kind, municipality, resolved)


def no_data_error(period: Period) -> ReportError:
    return ReportError(
        _(
            "In %(period)s zijn er geen antwoorden van inwoners en geen afgehandelde "
            "verzoeken. Er valt niets te rapporteren: kies een andere periode."
        )
        % {"period": period.name},
        code="no_data",
    )


def target_check_data(target: Target) -> None:
    """Refuse a period without answers and without handled work (as the dashboard counts)."""
    scope, period = target.scope, target.period
    overview = experience.experience_overview(scope, period, survey_round=target.survey_round)
    if overview.respondents:
        return
    if target.survey_round == SurveyRound.BASELINE or not work.handling_overview(scope, period):
        raise no_data_error(period)
