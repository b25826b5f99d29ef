"""Evaluations: questionnaires (versioned), team questions, survey runs, open links,
invitations, anonymous responses and the roll-up the dashboard reads (``AnswerTally``, wide
and monthly).

Anonymity: a response keeps a date, never a time, an address or a link to an invitation.

One module per part (``questionnaires``, ``runs``, ``responses``, ``tally``); every model and
name is imported here, so Django finds the models and ``surveys.models.X`` keeps working.
"""

from dienstverlening.framework.models import Outcome

from .questionnaires import QuestionKind, Questionnaire, QuestionnaireStatement, TeamQuestion
from .responses import (
    AGREEMENT_VALUES,
    DONT_KNOW,
    ImportMapping,
    ImportStatus,
    OpenAnswer,
    OpenQuestion,
    Response,
    ResponseImport,
    ResponseSource,
    StatementAnswer,
    TeamAnswer,
)
from .runs import (
    RUN_TRANSITIONS,
    Invitation,
    InvitationStatus,
    OpenLink,
    RunKind,
    RunStatus,
    SurveyRun,
    new_token,
)
from .tally import (
    MARK_COLUMNS,
    MARK_TENTHS,
    MARK_TENTHS_SQUARED,
    MARK_VALUES,
    MAX_STATEMENTS,
    STATEMENT_COLUMNS,
    STATEMENT_SLOTS,
    STATEMENT_VALUES,
    TALLY_COLUMNS,
    TALLY_KEY,
    AnswerTally,
    mark_column,
    mark_in_tenths,
    statement_column,
)

__all__ = [
    "AGREEMENT_VALUES",
    "DONT_KNOW",
    "MARK_COLUMNS",
    "MARK_TENTHS",
    "MARK_TENTHS_SQUARED",
    "MARK_VALUES",
    "MAX_STATEMENTS",
    "RUN_TRANSITIONS",
    "STATEMENT_COLUMNS",
    "STATEMENT_SLOTS",
    "STATEMENT_VALUES",
    "TALLY_COLUMNS",
    "TALLY_KEY",
    "AnswerTally",
    "ImportMapping",
    "ImportStatus",
    "Invitation",
    "InvitationStatus",
    "OpenAnswer",
    "OpenLink",
    "OpenQuestion",
    "Outcome",
    "QuestionKind",
    "Questionnaire",
    "QuestionnaireStatement",
    "Response",
    "ResponseImport",
    "ResponseSource",
    "RunKind",
    "RunStatus",
    "StatementAnswer",
    "SurveyRun",
    "TeamAnswer",
    "TeamQuestion",
    "mark_column",
    "mark_in_tenths",
    "new_token",
    "statement_column",
]
