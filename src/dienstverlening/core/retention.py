"""Retention and purge (AVG): how long each kind of personal data is kept, and the daily
``dienstverlening purge`` that deletes or wipes what is past its period.

**Rules.** Each app declares what it keeps in a ``retention`` module of its own: a list
``RULES`` of ``Rule``, found by ``CoreConfig.ready()`` the way the menu finds ``navigation``
modules, so core names no domain. A rule says what it removes (``label``), from which moment its
period counts (``counted_from``), whether it deletes rows or wipes the personal fields of rows
that must stay (``action``), and does it in ``run(purge)`` with the helpers of ``Purge``. A
rule for a library that may not be installed names it in ``app`` and is skipped without it.

**Periods** are settings (``DV_RETENTION``, one ``DV_RETENTION_<CODE>`` environment variable per
rule): a number of days (``14``, ``14d``) or years (``5y``, ``5j``); a rule without a setting
uses its ``default``. Something is past its period when the moment it counts from lies before
``now`` minus the period (``RetentionPeriod.cutoff``): an open answer kept five years is
deleted on the day after its fifth anniversary, a handling item closed at 09:59 two years ago
goes at 10:00 today.

**Roll-ups are never touched.** The dashboard reads the roll-ups (``AnswerTally``,
``DailyFlow``, ``LeadTimeBucket``: counts only) and, from the raw rows, only what is still
open; rules delete only rows no figure is computed from (closed handling items, answered
signals, texts), so every figure stays the same after a purge
(``tests/insights/test_purge_keeps_figures.py``).

**How.** Set-based and in batches (``Purge.delete``, ``Purge.wipe``): a batch of primary keys,
one ``DELETE``/``UPDATE`` per table, Django following the cascades, one short transaction per
batch, so a first purge of millions of rows never holds a long lock. Every rule run, dry run or
not, adds a row to the append-only ``DeletionLog``.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .models import DeletionLog, PurgeAction

logger = logging.getLogger(__name__)

# Rows per batch: one transaction each.
BATCH = 2000

_PERIOD = re.compile(
    r"^(?P<amount>\d{1,5})\s*(?P<unit>d|dag|dagen|day|days|j|jr|jaar|jaren|y|year|years)?$",
    re.IGNORECASE,
)
_YEAR_UNITS = {"j", "jr", "jaar", "jaren", "y", "year", "years"}


@dataclasses.dataclass(frozen=True)
class RetentionPeriod:
    """A number of days or of calendar years."""

    amount: int
    years: bool = False

    @property
    def code(self) -> str:
        """As written in the settings and the deletion log: ``14d``, ``5y``."""
        return f"{self.amount}{'y' if self.years else 'd'}"

    def label(self) -> str:
        if self.years:
            return ngettext("%(n)s jaar", "%(n)s jaar", self.amount) % {"n": self.amount}
        return ngettext("%(n)s dag", "%(n)s dagen", self.amount) % {"n": self.amount}

    def cutoff(self, now: datetime.datetime) -> datetime.datetime:
        """The moment (the organisation's local time) before which everything is past the
        period: ``now`` minus the period, on the calendar (29 February falls back to the 28th)."""
        local = timezone.localtime(now)
        if self.years:
            return local - relativedelta(years=self.amount)
        return local - datetime.timedelta(days=self.amount)


def period_parse(value: str, *, name: str) -> RetentionPeriod:
    """``"14"``/``"14d"`` → 14 days, ``"5y"``/``"5j"``/``"5 jaar"`` → 5 years; anything else,
    or less than 1, raises ``ImproperlyConfigured`` with a Dutch message naming ``name``."""
    found = _PERIOD.match(str(value).strip())
    amount = int(found["amount"]) if found else 0
    if not found or amount < 1:
        raise ImproperlyConfigured(
            _(
                "%(name)s is '%(value)s': dat is geen bewaartermijn. Geef een aantal dagen "
                "(bijvoorbeeld 14 of 14d) of jaren (bijvoorbeeld 5j of 5y), minstens 1."
            )
            % {"name": name, "value": value}
        )
    unit = (found["unit"] or "d").lower()
    return RetentionPeriod(amount, years=unit in _YEAR_UNITS)


def _batches(queryset: models.QuerySet, size: int) -> Iterator[list[Any]]:
    """The primary keys of ``queryset`` in ascending batches of ``size``, each read after the
    previous one was handled (keyset: the rows already handled are never read again)."""
    last: Any = None
    while True:
        todo = queryset.order_by("pk")
        if last is not None:
            todo = todo.filter(pk__gt=last)
        pks = list(todo.values_list("pk", flat=True)[:size])
        if not pks:
            return
        yield pks
        last = pks[-1]


@dataclasses.dataclass
class Purge:
    """One rule's run: the moment, the cutoff, dry run or not, and what was done so far (kept
    as it goes, so a rule that fails half-way still reports the batches it finished)."""

    now: datetime.datetime
    cutoff: datetime.datetime
    dry_run: bool
    count: int = 0
    details: Counter[str] = dataclasses.field(default_factory=Counter)

    @property
    def cutoff_date(self) -> datetime.date:
        """For rules on a date field: everything dated before this day is past its period."""
        return self.cutoff.date()

    def delete(self, queryset: models.QuerySet, *, batch: int | None = None) -> int:
        """Delete the rows of ``queryset`` in batches of primary keys (one transaction each);
        Django follows the cascades, and ``details`` counts every table. A dry run counts only.
        Returns the number of rows of ``queryset``'s own model."""
        if self.dry_run:
            return self._count(queryset)
        model = queryset.model
        deleted = 0
        for pks in _batches(queryset, batch or BATCH):
            with transaction.atomic(durable=True):
                _total, per_model = model._default_manager.filter(pk__in=pks).delete()
            done = per_model.get(model._meta.label, 0)
            self._add(done, per_model)
            deleted += done
        return deleted

    def wipe(self, queryset: models.QuerySet, *, batch: int | None = None, **values: Any) -> int:
        """Set ``values`` (the personal fields emptied) on the rows of ``queryset`` in batches
        of primary keys, one ``UPDATE`` (and transaction) each; the rows themselves stay.
        A dry run counts only. Returns the number of rows."""
        if self.dry_run:
            return self._count(queryset)
        model = queryset.model
        wiped = 0
        for pks in _batches(queryset, batch or BATCH):
            with transaction.atomic(durable=True):
                done = model._default_manager.filter(pk__in=pks).update(**values)
            self._add(done, {model._meta.label: done})
            wiped += done
        return wiped

    def counted(self, count: int, what: str) -> None:
        """For what is not a table (files): ``count`` of ``what`` removed (or, dry, found)."""
        self._add(count, {what: count})

    def _count(self, queryset: models.QuerySet) -> int:
        found = queryset.count()
        self._add(found, {queryset.model._meta.label: found})
        return found

    def _add(self, count: int, per_model: dict[str, int]) -> None:
        self.count += count
        self.details.update({name: n for name, n in per_model.items() if n})


@dataclasses.dataclass(frozen=True)
class Rule:
    """One kind of personal data and how long it is kept."""

    code: str  # the key in DV_RETENTION (env DV_RETENTION_<CODE>) and in the deletion log
    label: str | Promise  # what it removes, as the log and the command name it
    counted_from: str | Promise  # from which moment the period counts: "na afhandeling"
    default: str  # the period when the settings name none: "2y"
    run: Callable[[Purge], object]
    action: str = PurgeAction.DELETE
    app: str = ""  # applies only when this app is installed ("auditlog")

    def applies(self) -> bool:
        return not self.app or apps.is_installed(self.app)

    @property
    def setting(self) -> str:
        return f"DV_RETENTION_{self.code.upper()}"

    def period(self) -> RetentionPeriod:
        value = settings.DV_RETENTION.get(self.code) or self.default
        return period_parse(value, name=self.setting)


def rows_older_rule(
    *,
    code: str,
    label: str | Promise,
    counted_from: str | Promise,
    default: str,
    model_labels: Sequence[str],
    field: str,
    where: Mapping[str, object] | None = None,
    app: str = "",
) -> Rule:
    """A rule that deletes the rows of ``model_labels`` (``"app_label.Model"``) whose ``field``
    (a date or a date-time) lies before the cutoff, of those that match ``where`` (lookups) if
    given: the audit trail in one line."""

    def run(purge: Purge) -> None:
        for name in model_labels:
            model = apps.get_model(name)
            moment: datetime.date = purge.cutoff
            if not isinstance(model._meta.get_field(field), models.DateTimeField):
                moment = purge.cutoff_date  # a DateField: whole days
            rows = model._default_manager.filter(**(where or {}))
            purge.delete(rows.filter(**{f"{field}__lt": moment}))

    return Rule(
        code=code, label=label, counted_from=counted_from, default=default, run=run, app=app
    )


# --- the registry -----------------------------------------------------------------------------

_RULES: dict[str, Rule] = {}


def rule_register(*rules: Rule) -> None:
    """Add rules (each app's ``retention.RULES``, by ``CoreConfig.ready()``); a code once."""
    for rule in rules:
        known = _RULES.get(rule.code)
        if known is not None and known is not rule:
            raise ImproperlyConfigured(f"Retention rule {rule.code!r} is registered twice.")
        _RULES[rule.code] = rule


def registered_rules() -> list[Rule]:
    """Every registered rule, also those whose app is not installed."""
    return list(_RULES.values())


def rules() -> list[Rule]:
    """The rules that apply here, in the order the apps registered them."""
    return [rule for rule in _RULES.values() if rule.applies()]


def rule_get(code: str) -> Rule | None:
    return _RULES.get(code)


def retention_cutoff(code: str, now: datetime.datetime | None = None) -> datetime.datetime:
    """The cutoff of rule ``code`` at ``now``: what lies before it is past its period."""
    rule = _RULES[code]
    return rule.period().cutoff(now or timezone.now())


# --- the purge --------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class RuleResult:
    rule: Rule
    period: RetentionPeriod
    cutoff: datetime.datetime
    count: int
    details: dict[str, int]
    error: str = ""


def purge_run(
    *,
    now: datetime.datetime | None = None,
    dry_run: bool = False,
    codes: Iterable[str] | None = None,
) -> list[RuleResult]:
    """Run every rule that applies (or only ``codes``) and log each run in ``DeletionLog``.

    A rule that fails does not stop the others: its log row and result carry the error (and
    what it finished before it). A dry run changes no data; it logs what it would do."""
    now = now or timezone.now()
    chosen = set(codes) if codes is not None else None
    results = []
    for rule in rules():
        if chosen is not None and rule.code not in chosen:
            continue
        period = rule.period()
        purge = Purge(now=now, cutoff=period.cutoff(now), dry_run=dry_run)
        error = ""
        try:
            rule.run(purge)
        except Exception as exc:  # logged and reported; the next rule still runs
            logger.exception("Purge: rule %s failed", rule.code)
            error = f"{type(exc).__name__}: {exc}"[:1000]
        DeletionLog.objects.create(
            rule=rule.code,
            action=rule.action,
            period=period.code,
            cutoff=purge.cutoff,
            count=purge.count,
            details=dict(sorted(purge.details.items())),
            dry_run=dry_run,
            ran_at=now,
            error=error,
        )
        results.append(
            RuleResult(
                rule=rule,
                period=period,
                cutoff=purge.cutoff,
                count=purge.count,
                details=dict(purge.details),
                error=error,
            )
        )
    return results


def result_line(result: RuleResult, *, dry_run: bool) -> str:
    """One Dutch line per rule, as the command prints it."""
    from .formats import format_number

    n = result.count
    count = format_number(n)
    if result.error and n:
        outcome = _("mislukt na %(count)s (%(error)s)") % {"count": count, "error": result.error}
    elif result.error:
        outcome = _("mislukt (%(error)s)") % {"error": result.error}
    elif result.rule.action == PurgeAction.WIPE:
        outcome = (
            ngettext("%(count)s zou worden gewist", "%(count)s zouden worden gewist", n)
            if dry_run
            else ngettext("%(count)s gewist", "%(count)s gewist", n)
        ) % {"count": count}
    else:
        outcome = (
            ngettext("%(count)s zou worden verwijderd", "%(count)s zouden worden verwijderd", n)
            if dry_run
            else ngettext("%(count)s verwijderd", "%(count)s verwijderd", n)
        ) % {"count": count}
    cutoff = timezone.localtime(result.cutoff)
    return _("%(what)s, %(period)s %(counted_from)s (vóór %(cutoff)s): %(outcome)s.") % {
        "what": result.rule.label,
        "period": result.period.label(),
        "counted_from": result.rule.counted_from,
        "cutoff": f"{cutoff:%d-%m-%Y %H:%M}",
        "outcome": outcome,
    }


# --- core's own rules -------------------------------------------------------------------------


def _import_files(purge: Purge) -> None:
    from .jobs import uploads_prune

    found = uploads_prune(now=purge.now, cutoff=purge.cutoff, dry_run=purge.dry_run)
    purge.counted(found, "bestanden")


def _export_files(purge: Purge) -> None:
    from .job_files import job_files_prune

    found = job_files_prune(now=purge.now, cutoff=purge.cutoff, dry_run=purge.dry_run)
    purge.counted(found, "bestanden")


def _jobs(purge: Purge) -> None:
    from .jobs import _upload_delete, finished_jobs

    old = finished_jobs(purge.cutoff)
    if not purge.dry_run:
        for job in old.exclude(upload=""):
            _upload_delete(job)
    purge.delete(old)


RULES = [
    Rule(
        code="import_files",
        label=gettext_lazy("Geüploade bestanden die niemand importeerde"),
        counted_from=gettext_lazy("na het uploaden"),
        default="1d",
        run=_import_files,
    ),
    Rule(
        code="jobs",
        label=gettext_lazy("Afgeronde taken met hun foutregels"),
        counted_from=gettext_lazy("na afloop"),
        default="30d",
        run=_jobs,
    ),
    # Files a job made for download (the response export): the one who asked has a day.
    Rule(
        code="export_files",
        label=gettext_lazy("Downloadbestanden van taken (zoals de export van antwoorden)"),
        counted_from=gettext_lazy("na het maken"),
        default="1d",
        run=_export_files,
    ),
    # django-axes: the user name and IP address of every log-in attempt.
    rows_older_rule(
        code="login_attempts",
        label=gettext_lazy("Inlogpogingen"),
        counted_from=gettext_lazy("na de poging"),
        default="30d",
        model_labels=["axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog"],
        field="attempt_time",
        app="axes",
    ),
    # django-auditlog, once installed: who changed what.
    rows_older_rule(
        code="audit_trail",
        label=gettext_lazy("Audittrail"),
        counted_from=gettext_lazy("na de wijziging"),
        default="7y",
        model_labels=["auditlog.LogEntry"],
        field="timestamp",
        app="auditlog",
    ),
]
