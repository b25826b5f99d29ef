"""Reading the framework: which norm applies, what a team promises, what is in focus.

Which norm applies is decided in one place, ``NormBook``: ``norm_applicable`` asks it one
question, ``norm_book``/``norms_applicable`` many (imports, due moments, the dashboard).
"""

import datetime
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import translation
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from dienstverlening.core.importing import name_key
from dienstverlening.organisation.models import Service, Team

from .models import (
    CoreValue,
    FocusPeriod,
    Level,
    Norm,
    Outcome,
    ScopedQuerySet,
    Statement,
    WorkAgreement,
)


def values_with_statements() -> QuerySet[CoreValue]:
    return CoreValue.objects.prefetch_related(
        Prefetch("statements", queryset=Statement.objects.order_by("order", "pk"))
    )


def focus_current(*, day: datetime.date) -> FocusPeriod | None:
    return (
        FocusPeriod.objects.select_related("value")
        .filter(starts_on__lte=day, ends_on__gte=day)
        .first()
    )


def norms_in_force(*, day: datetime.date) -> ScopedQuerySet[Norm]:
    return Norm.objects.valid_on(day).select_related("team", "service", "service__team")


# --- which norm applies: service over team over organisation ---------------------------------


@dataclass(frozen=True)
class NormKey:
    """One question: which norm for ``subject`` applies to this team and service on ``day``?"""

    subject: str
    day: datetime.date
    team_id: int | None = None
    service_id: int | None = None


def _rank(norm: Norm, team_id: int | None, service_id: int | None) -> int | None:
    """0 for the service's own norm, 1 for the team's, 2 for the organisation's; None when the
    norm belongs to another team or service."""
    if norm.level == Level.SERVICE:
        return 0 if service_id is not None and norm.service_id == service_id else None
    if norm.level == Level.TEAM:
        return 1 if team_id is not None and norm.team_id == team_id else None
    return 2


class NormBook:
    """Norms read once and answered in memory: the one home of the precedence rule.

    For a subject, a team, a service and a day: the norm valid on that day, the service's own
    over the team's over the organisation's. Answers are remembered, so a batch of a million
    items costs the one query that filled the book.
    """

    def __init__(self, norms: Iterable[Norm]) -> None:
        self._by_subject: dict[str, list[Norm]] = {}
        for norm in norms:
            self._by_subject.setdefault(norm.subject, []).append(norm)
        self._cache: dict[NormKey, Norm | None] = {}

    def subjects(self) -> list[str]:
        return list(self._by_subject)

    def applicable(
        self,
        *,
        subject: str,
        day: datetime.date,
        team_id: int | None = None,
        service_id: int | None = None,
    ) -> Norm | None:
        """The most specific norm for ``subject`` valid on ``day``, or None."""
        key = NormKey(subject, day, team_id, service_id)
        if key in self._cache:
            return self._cache[key]
        best, best_rank = None, 3
        for norm in self._by_subject.get(subject, ()):
            if norm.valid_from > day or (norm.valid_until and norm.valid_until < day):
                continue
            rank = _rank(norm, team_id, service_id)
            if rank is not None and rank < best_rank:
                best, best_rank = norm, rank
        self._cache[key] = best
        return best

    def first_applicable(
        self,
        *,
        subjects: Sequence[str],
        day: datetime.date,
        team_id: int | None = None,
        service_id: int | None = None,
    ) -> Norm | None:
        """The applicable norm of the first of ``subjects`` that has one (a kind of work may be
        measured by more than one subject, in order of preference)."""
        for subject in subjects:
            norm = self.applicable(subject=subject, day=day, team_id=team_id, service_id=service_id)
            if norm is not None:
                return norm
        return None


def norm_book(
    *,
    subjects: Iterable[str] | None = None,
    first_day: datetime.date | None = None,
    last_day: datetime.date | None = None,
) -> NormBook:
    """A ``NormBook`` with the norms of ``subjects`` (all without) valid at some time between
    ``first_day`` and ``last_day`` (any time without). One query."""
    norms = Norm.objects.all()
    if subjects is not None:
        norms = norms.filter(subject__in=list(subjects))
    if last_day is not None:
        norms = norms.filter(valid_from__lte=last_day)
    if first_day is not None:
        norms = norms.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=first_day))
    return NormBook(norms)


def norms_applicable(keys: Iterable[NormKey]) -> dict[NormKey, Norm | None]:
    """``norm_applicable`` for many questions at once, in one query."""
    keys = list(keys)
    if not keys:
        return {}
    book = norm_book(
        subjects={key.subject for key in keys},
        first_day=min(key.day for key in keys),
        last_day=max(key.day for key in keys),
    )
    return {
        key: book.applicable(
            subject=key.subject, day=key.day, team_id=key.team_id, service_id=key.service_id
        )
        for key in keys
    }


def _scope(*, team_id: int | None, service_id: int | None) -> Q:
    scope = Q(level=Level.ORGANISATION)
    if team_id is not None:
        scope |= Q(level=Level.TEAM, team_id=team_id)
    if service_id is not None:
        scope |= Q(level=Level.SERVICE, service_id=service_id)
    return scope


def norm_applicable(
    *, subject: str, day: datetime.date, service: Service | None = None, team: Team | None = None
) -> Norm | None:
    """The most specific norm for ``subject`` on ``day``: service over team over organisation.

    Without ``team``, a service's norms fall back to those of the team it belongs to.
    """
    team_id = team.pk if team is not None else (service.team_id if service is not None else None)
    service_id = service.pk if service is not None else None
    norms = Norm.objects.valid_on(day).filter(
        _scope(team_id=team_id, service_id=service_id), subject=subject
    )
    return NormBook(norms).applicable(
        subject=subject, day=day, team_id=team_id, service_id=service_id
    )


def norm_history(norm: Norm) -> list[Norm]:
    """All versions of a norm, oldest first."""
    same_scope = Q(team_id=norm.team_id) & Q(service_id=norm.service_id)  # None: IS NULL
    versions = Norm.objects.filter(same_scope, level=norm.level, subject=norm.subject).order_by(
        "valid_from"
    )
    return list(versions)


@dataclass(frozen=True)
class TeamFramework:
    norms_team: list[Norm]
    norms_services: list[Norm]
    norms_organisation: list[Norm]
    agreements_team: list[WorkAgreement]
    agreements_services: list[WorkAgreement]
    agreements_organisation: list[WorkAgreement]

    @property
    def norms_own(self) -> list[Norm]:
        return self.norms_team + self.norms_services


def team_framework(*, team: Team, day: datetime.date) -> TeamFramework:
    """Everything a team promises on ``day``: its own norms, its services' and the organisation's.

    An organisation norm is left out when the team replaced it with a norm of its own.
    """
    in_scope = Q(level=Level.ORGANISATION) | Q(team=team) | Q(service__team=team)
    norms = list(
        Norm.objects.valid_on(day)
        .filter(in_scope)
        .select_related("service")
        .order_by("subject", "title")
    )
    agreements = list(
        WorkAgreement.objects.filter(in_scope)
        .select_related("service", "value")
        .order_by("order", "pk")
    )
    team_norms = [n for n in norms if n.level == Level.TEAM]
    overridden = {n.subject for n in team_norms}
    return TeamFramework(
        norms_team=team_norms,
        norms_services=[n for n in norms if n.level == Level.SERVICE],
        norms_organisation=[
            n for n in norms if n.level == Level.ORGANISATION and n.subject not in overridden
        ],
        agreements_team=[a for a in agreements if a.level == Level.TEAM],
        agreements_services=[a for a in agreements if a.level == Level.SERVICE],
        agreements_organisation=[a for a in agreements if a.level == Level.ORGANISATION],
    )


def norms_for_service(*, service: Service, day: datetime.date) -> list[Norm]:
    """Per subject the norm that applies to ``service`` on ``day`` (service over team over org)."""
    scope = {"team_id": service.team_id, "service_id": service.pk}
    book = NormBook(Norm.objects.valid_on(day).filter(_scope(**scope)))
    found = [book.applicable(subject=subject, day=day, **scope) for subject in book.subjects()]
    return sorted((n for n in found if n is not None), key=lambda n: n.get_subject_display())


# --- an outcome typed in a file ----------------------------------------------------------------

# Words a file may use for an outcome besides its codes and labels (``Outcome``): the empty cell
# is "not recorded", and the words of older registers and bureaus.
OUTCOME_SYNONYMS = {
    "": Outcome.UNKNOWN,
    "verleend": Outcome.GRANTED,
    "geweigerd": Outcome.REFUSED,
    "nvt": Outcome.NOT_APPLICABLE,
}


@functools.cache
def _outcome_words() -> dict[str, Outcome]:
    """Synonyms, codes and the Dutch labels by ``name_key`` (files are Dutch whatever the page's
    language is)."""
    words = {name_key(word): outcome for word, outcome in OUTCOME_SYNONYMS.items()}
    with translation.override("nl"):
        for outcome in Outcome:
            words[name_key(outcome.value)] = outcome
            words[name_key(str(outcome.label))] = outcome
    return words


def outcome_find(text: str) -> Outcome | None:
    """The outcome a cell of an import names (code, label or synonym, compared by
    ``name_key``), the same in every import; None when it names none."""
    key = name_key(text)
    found = _outcome_words().get(key)
    if found is None:  # a label in the language of the page, as the error message lists them
        found = next((o for o in Outcome if name_key(str(o.label)) == key), None)
    return found


def outcome_unknown_message(text: str) -> str:
    """The problem of a cell naming no outcome, with the words that are accepted."""
    words = get_text_list([str(label) for label in Outcome.labels], _("of"))
    return _("uitkomst '%(value)s' is onbekend (gebruik %(words)s).") % {
        "value": text,
        "words": words,
    }
