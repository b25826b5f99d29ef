"""What the public form looks like, carried in the form itself so it can be drawn without the
database.

When the database is down at the moment a resident sends the form, the answers must come back
on the page as filled in. Drawing that page needs the questionnaire (statements, questions, team
questions) and the names shown around it, which normally come from the database. So every
rendered form carries them in a hidden field ``definition``: signed (nobody can change what it
says), compressed, and the same for everyone who opens that form, so the cached empty form holds
it once.

Why in the form and not only in the memory of the app server: a server that was (re)started
during the outage, or another server behind the load balancer, has never seen this form. The
page the resident holds was made when the database answered, and it comes back with the post.
The definition is only used to *draw* the form; saving reads the questionnaire from the database
as always. It holds only what the page already shows (question texts, the service's and the
municipality's name).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

from dienstverlening.organisation.models import Municipality, Service

from .models import Questionnaire, QuestionnaireStatement, TeamQuestion

SALT = "surveys.form-definition"


@dataclass(frozen=True)
class FormDefinition:
    """Everything needed to draw the public form: texts and field names, no database rows."""

    intro: str
    mark_question: str
    open_good_question: str
    open_better_question: str
    statements: tuple[tuple[int, str], ...]  # (statement id, text in this version)
    # (id, text, help text, kind, choices, required)
    team_questions: tuple[tuple[int, str, str, str, str, bool], ...]
    ask_outcome: bool
    service_name: str
    municipality_name: str

    @classmethod
    def of(
        cls,
        *,
        questionnaire: Questionnaire,
        statements,
        team_questions,
        ask_outcome: bool,
        service: Service,
        municipality: Municipality,
    ) -> FormDefinition:
        return cls(
            intro=questionnaire.intro,
            mark_question=questionnaire.mark_question,
            open_good_question=questionnaire.open_good_question,
            open_better_question=questionnaire.open_better_question,
            statements=tuple((s.statement_id, s.text) for s in statements),
            team_questions=tuple(
                (q.pk, q.text, q.help_text, q.kind, q.choices, q.required) for q in team_questions
            ),
            ask_outcome=ask_outcome,
            service_name=service.name,
            municipality_name=municipality.name,
        )

    def sign(self) -> str:
        return signing.dumps(
            [
                self.intro,
                self.mark_question,
                self.open_good_question,
                self.open_better_question,
                self.statements,
                self.team_questions,
                self.ask_outcome,
                self.service_name,
                self.municipality_name,
            ],
            salt=SALT,
            compress=True,
        )

    @classmethod
    def read(cls, signed: str) -> FormDefinition | None:
        """The definition a page carried, or None when it is missing or was changed."""
        try:
            (intro, mark, good, better, statements, team, ask_outcome, service, municipality) = (
                signing.loads(signed or "", salt=SALT)
            )
            return cls(
                intro=intro,
                mark_question=mark,
                open_good_question=good,
                open_better_question=better,
                statements=tuple((int(pk), text) for pk, text in statements),
                team_questions=tuple(
                    (int(pk), text, help_text, kind, choices, bool(required))
                    for pk, text, help_text, kind, choices, required in team
                ),
                ask_outcome=bool(ask_outcome),
                service_name=service,
                municipality_name=municipality,
            )
        except (signing.BadSignature, TypeError, ValueError):
            return None

    def form_kwargs(self) -> dict:
        """``SurveyForm`` arguments built from unsaved objects: no query is made."""
        return {
            "questionnaire": self._questionnaire(),
            "statements": [
                QuestionnaireStatement(statement_id=pk, text=text) for pk, text in self.statements
            ],
            "team_questions": [
                TeamQuestion(
                    pk=pk,
                    text=text,
                    help_text=help_text,
                    kind=kind,
                    choices=choices,
                    required=required,
                )
                for pk, text, help_text, kind, choices, required in self.team_questions
            ],
            "ask_outcome": self.ask_outcome,
        }

    def page_context(self) -> dict:
        """What the form's template shows around the form."""
        return {
            "questionnaire": self._questionnaire(),
            "service": Service(name=self.service_name),
            "municipality": Municipality(name=self.municipality_name),
        }

    def _questionnaire(self) -> Questionnaire:
        return Questionnaire(
            intro=self.intro,
            mark_question=self.mark_question,
            open_good_question=self.open_good_question,
            open_better_question=self.open_better_question,
        )
