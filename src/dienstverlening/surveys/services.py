"""Writes of the surveys app: questionnaire versions, runs and their status (closing a run
wipes every invitation address still kept), open links, team questions and responses. Each
write is a keyword-only, typed function in one durable transaction (``atomic(durable=True)``: a
top-level service never runs inside another transaction; the demo, which loads in one
transaction, calls the ``_nested`` twins); ``response_submit`` also adds the
response to the roll-up ``AnswerTally`` (``tallies.py``) in that transaction.

A few reads live here because the public form and these writes need them: the statements of a
questionnaire version (kept per process, a version never changes), the current version and
whether the framework has reworded its statements since, and the team questions a resident sees
for a service (the public form keeps them per process, ``public_cache``). ``salted_hash`` is the one
fingerprint of addresses: invitation e-mail addresses and, for the rate limit, client addresses.

Imports of external results live in ``imports.py`` (their uploads in ``import_uploads.py``),
invitations in ``invitations.py``, reads that span models in ``selectors.py``.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dienstverlening.core.bulk import bulk_insert
from dienstverlening.core.scrub import scrub_text
from dienstverlening.framework.models import Statement
from dienstverlening.organisation.models import Channel, Municipality, Service, Team

from .models import (
    MAX_STATEMENTS,
    Invitation,
    InvitationStatus,
    OpenAnswer,
    OpenLink,
    OpenQuestion,
    Outcome,
    QuestionKind,
    Questionnaire,
    QuestionnaireStatement,
    Response,
    ResponseSource,
    RunKind,
    RunStatus,
    StatementAnswer,
    SurveyRun,
    TeamAnswer,
    TeamQuestion,
)
from .tallies import TallyRows, statement_slots, tallies_add, tally_add_response


class AlreadyAnswered(Exception):
    """This form (or invitation) was already submitted; nothing was added."""


def salted_hash(text: str) -> str:
    """A salted, one-way fingerprint (HMAC-SHA256) of an address; the address is never kept."""
    key = ("surveys:" + settings.SURVEYS_HASH_SALT).encode()
    return hmac.new(key, text.strip().lower().encode(), hashlib.sha256).hexdigest()


# --- questionnaire -------------------------------------------------------------------------


DEFAULT_INTRO = (
    "Wij willen graag weten wat u van ons contact vond. Het invullen duurt ongeveer 3 minuten. "
    "Uw antwoorden zijn anoniem."
)
DEFAULT_MARK_QUESTION = "Welk rapportcijfer geeft u ons voor dit contact?"
DEFAULT_GOOD_QUESTION = "Wat ging er goed?"
DEFAULT_BETTER_QUESTION = "Wat kan er beter?"


def questionnaire_create_version_nested(
    *,
    intro: str = DEFAULT_INTRO,
    mark_question: str = DEFAULT_MARK_QUESTION,
    open_good_question: str = DEFAULT_GOOD_QUESTION,
    open_better_question: str = DEFAULT_BETTER_QUESTION,
) -> Questionnaire:
    """A new version of the standard questionnaire, with the statements as worded today."""
    statements = list(Statement.objects.order_by("order", "pk"))
    if not statements:
        raise ValidationError(
            _("Er zijn nog geen stellingen. Voer eerst de stellingen van het kader in."),
            code="no_statements",
        )
    if len(statements) > MAX_STATEMENTS:
        raise ValidationError(
            _(
                "Een vragenlijst heeft hoogstens %(max)s stellingen, zoals de acht van het "
                "kader. Er zijn er nu %(count)s: haal er eerst een weg uit het kader."
            ),
            code="too_many_statements",
            params={"max": MAX_STATEMENTS, "count": len(statements)},
        )
    last = Questionnaire.objects.select_for_update().order_by("-version").first()
    questionnaire = Questionnaire.objects.create(
        version=(last.version + 1) if last else 1,
        intro=intro,
        mark_question=mark_question,
        open_good_question=open_good_question,
        open_better_question=open_better_question,
    )
    QuestionnaireStatement.objects.bulk_create(
        QuestionnaireStatement(questionnaire=questionnaire, statement=s, text=s.text, order=order)
        for order, s in enumerate(statements, start=1)
    )
    return questionnaire


# The top-level service, in a durable transaction of its own.
questionnaire_create_version = transaction.atomic(durable=True)(questionnaire_create_version_nested)


_STATEMENTS: dict[tuple, list[QuestionnaireStatement]] = {}


def questionnaire_statements(questionnaire: Questionnaire) -> list[QuestionnaireStatement]:
    """The statements of a version; a version never changes, so each process keeps them."""
    key = (questionnaire.pk, questionnaire.created_at)
    if key not in _STATEMENTS:
        _STATEMENTS[key] = list(questionnaire.statements.order_by("order"))
    return _STATEMENTS[key]


def questionnaire_current() -> Questionnaire | None:
    return Questionnaire.objects.order_by("-version").first()


def questionnaire_is_outdated(questionnaire: Questionnaire | None) -> bool:
    """True when the framework's statements are worded differently from this version."""
    if questionnaire is None:
        return True
    frozen = list(questionnaire.statements.values_list("statement_id", "text"))
    current = list(Statement.objects.order_by("order", "pk").values_list("pk", "text"))
    return frozen != current


# --- runs and links --------------------------------------------------------------------------


def run_create_nested(
    *,
    name: str,
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    questionnaire: Questionnaire | None = None,
    services: list[Service] | None = None,
    channels: list[Channel] | None = None,
    municipalities: list[Municipality] | None = None,
    is_baseline: bool = False,
) -> SurveyRun:
    questionnaire = questionnaire or questionnaire_current()
    if questionnaire is None:
        raise ValidationError(_("Maak eerst de standaardvragenlijst."), code="no_questionnaire")
    run = SurveyRun(
        name=name,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        questionnaire=questionnaire,
        is_baseline=is_baseline,
    )
    run.full_clean()
    run.save()
    run.services.set(services or [])
    run.channels.set(channels or [])
    run.municipalities.set(municipalities or [])
    return run


# The top-level service, in a durable transaction of its own.
run_create = transaction.atomic(durable=True)(run_create_nested)


def run_transition_nested(*, run: SurveyRun, status: str) -> SurveyRun:
    """Move a run along concept → open → closed. Closing wipes unsent invitation addresses."""
    run = SurveyRun.objects.select_for_update().get(pk=run.pk)
    if not run.can_become(status):
        raise ValidationError(
            _("Een meting met status '%(current)s' kan niet naar '%(new)s'."),
            code="transition",
            params={
                "current": RunStatus(run.status).label,
                "new": RunStatus(status).label,
            },
        )
    run.status = status
    run.save(update_fields=["status"])
    if status == RunStatus.CLOSED:
        run.invitations.exclude(status=InvitationStatus.ANSWERED).update(
            email="", status=InvitationStatus.CLOSED
        )
    return run


# The top-level service, in a durable transaction of its own.
run_transition = transaction.atomic(durable=True)(run_transition_nested)


def open_link_create(
    *, run: SurveyRun, service: Service, channel: Channel, municipality: Municipality
) -> OpenLink:
    if run.kind == RunKind.EXTERNAL:
        raise ValidationError(_("Een geïmporteerde meting heeft geen open links."), code="external")
    if run.status == RunStatus.CLOSED:
        raise ValidationError(
            _("Een gesloten meting krijgt geen nieuwe open links meer."), code="closed"
        )
    with transaction.atomic(durable=True):
        link, _created = OpenLink.objects.get_or_create(
            run=run, service=service, channel=channel, municipality=municipality
        )
    return link


# --- team questions --------------------------------------------------------------------------


def team_question_save(
    *, question: TeamQuestion, services: list[Service] | None = None
) -> TeamQuestion:
    with transaction.atomic(durable=True):
        foreign = [s for s in services or [] if s.team_id != question.team_id]
        if foreign:
            raise ValidationError(
                {"services": _("Kies alleen diensten van uw eigen team.")}, code="foreign"
            )
        if question.pk is None:
            last = TeamQuestion.objects.filter(team=question.team).order_by("-order").first()
            question.order = (last.order + 1) if last else 1
        if question.kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            question.choices = ""
        question.full_clean()
        question.save()
        question.services.set(services or [])
    return question


def team_question_move(*, question: TeamQuestion, direction: int) -> None:
    """Swap a question with its neighbour: ``direction`` -1 is up, +1 is down."""
    with transaction.atomic(durable=True):
        questions = list(
            TeamQuestion.objects.select_for_update()
            .filter(team_id=question.team_id)
            .order_by("order", "pk")
        )
        index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
        other = index + direction
        if not 0 <= other < len(questions):
            return
        questions[index], questions[other] = questions[other], questions[index]
        for order, item in enumerate(questions, start=1):
            if item.order != order:
                item.order = order
                # One save per moved question (mostly two), so the audit trail records each.
                item.save(update_fields=["order"])


def team_questions_for(service: Service) -> list[TeamQuestion]:
    """The active team questions a resident sees for ``service``, in order.

    The public form keeps them per process until one changes (``public_cache``).
    """
    questions = (
        TeamQuestion.objects.filter(team_id=service.team_id, active=True)
        .prefetch_related("services")
        .order_by("order", "pk")
    )
    return [
        q
        for q in questions
        if not q.services.all() or any(s.pk == service.pk for s in q.services.all())
    ]


def team_for_edit_questions(team: Team) -> list[TeamQuestion]:
    return list(team.survey_questions.prefetch_related("services").order_by("order", "pk"))


# --- responses -------------------------------------------------------------------------------


@dataclass
class Answers:
    """What a resident answered, as parsed by the form."""

    statements: dict[int, int] = field(default_factory=dict)  # statement id → 0..5
    mark: int | None = None
    good: str = ""
    better: str = ""
    outcome: str = Outcome.UNKNOWN
    team: dict[int, str] = field(default_factory=dict)  # team question id → answer
    team_open: dict[int, str] = field(default_factory=dict)  # open team question id → text


def response_submit(
    *,
    run: SurveyRun,
    service: Service,
    channel: Channel,
    municipality: Municipality,
    answers: Answers,
    answered_on: datetime.date,
    source: str,
    submission_key: str | None = None,
    invitation: Invitation | None = None,
) -> Response:
    """Save one response, its answers (open answers scrubbed) and the tallies, atomically.

    Raises ``AlreadyAnswered`` when the same form (``submission_key``) or the invitation was
    already used; nothing is added then.
    """
    good, better = scrub_text(answers.good.strip()), scrub_text(answers.better.strip())
    team_open = {pk: scrub_text(text.strip()) for pk, text in answers.team_open.items()}
    outcome = invitation.outcome if invitation is not None else answers.outcome
    with transaction.atomic(durable=True):
        if invitation is not None:
            used = Invitation.objects.filter(
                pk=invitation.pk,
                status__in=[
                    InvitationStatus.PENDING,
                    InvitationStatus.SENT,
                    InvitationStatus.REMINDED,
                ],
            ).update(status=InvitationStatus.ANSWERED, email="")
            if not used:
                raise AlreadyAnswered
        try:
            # No savepoint: a duplicate key ends the whole transaction, which is what we want.
            response = Response.objects.create(
                run=run,
                questionnaire_id=run.questionnaire_id,
                service=service,
                channel=channel,
                municipality=municipality,
                outcome=outcome,
                answered_on=answered_on,
                mark=answers.mark,
                source=source,
                submission_key=submission_key,
            )
        except IntegrityError as error:
            if submission_key and "submission_key" in str(error):
                raise AlreadyAnswered from error
            raise
        # Plain rows, one INSERT each: no model instances for a handful of answers.
        bulk_insert(
            StatementAnswer,
            ["response_id", "statement_id", "value"],
            [(response.pk, pk, value) for pk, value in answers.statements.items()],
        )
        opens: list[tuple[int, str, int | None, str]] = [
            (response.pk, question.value, None, text)
            for question, text in ((OpenQuestion.GOOD, good), (OpenQuestion.BETTER, better))
            if text
        ]
        opens += [(response.pk, OpenQuestion.TEAM.value, pk, t) for pk, t in team_open.items() if t]
        bulk_insert(OpenAnswer, ["response_id", "question", "team_question_id", "text"], opens)
        bulk_insert(
            TeamAnswer,
            ["response_id", "question_id", "value"],
            [(response.pk, pk, value[:200]) for pk, value in answers.team.items() if value],
        )
        tallies: TallyRows = {}
        tally_add_response(
            tallies,
            day=answered_on,
            run_id=run.pk,
            service_id=service.pk,
            channel_id=channel.pk,
            municipality_id=municipality.pk,
            outcome=outcome,
            questionnaire_id=run.questionnaire_id,
            slots=statement_slots(questionnaire_statements(run.questionnaire)),
            statements=answers.statements,
            mark=answers.mark,
        )
        tallies_add(tallies)
    return response


__all__ = [
    "AlreadyAnswered",
    "Answers",
    "ResponseSource",
    "questionnaire_create_version",
    "response_submit",
    "run_create",
    "run_transition",
]
