"""What the public form needs, kept in the memory of each app server process.

The public form is the hot path (bursts of hundreds of residents a second after a mailing), and
what it shows changes a few times a year: the open link with its run, service, channel and
municipality, the questionnaire version and its statements, the team questions, the signed
description of the form (``public_form.FormDefinition``) and the empty form as HTML. Each
process keeps them in ``FORMS`` (``core.caching.StampedCache``); every request reads one version
stamp from the shared cache (Redis: no database query) and a process whose stamp is behind
starts empty. Anything that changes what a resident sees bumps the stamp
(``public_form_changed``, connected to the models' signals in ``SurveysConfig.ready``), after
the transaction commits, so a change shows on the next request on every server. Without a
readable shared cache every request reads the database, as if nothing was kept.

An invitation is always read from the database: whether it was answered changes with every
response. Only the parts of its form come from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models.signals import m2m_changed, post_delete, post_save

from dienstverlening.core.caching import StampedCache
from dienstverlening.organisation.models import Channel, Municipality, Service, Team

from . import services
from .forms import SurveyLayout, survey_layout
from .models import (
    OpenLink,
    Questionnaire,
    QuestionnaireStatement,
    SurveyRun,
    TeamQuestion,
)
from .public_form import FormDefinition

FORMS = StampedCache("surveys.public-form")

# What a link or an invitation brings to the questionnaire, fetched with it.
ORIGIN_RELATED = ("run__questionnaire", "service", "channel", "municipality")


@dataclass(frozen=True)
class FormParts:
    """The questionnaire as one resident sees it, for one service and municipality."""

    questionnaire: Questionnaire
    statements: list[QuestionnaireStatement]
    team_questions: list[TeamQuestion]
    ask_outcome: bool
    definition: FormDefinition
    signed_definition: str  # the hidden field ``definition``: signed and compressed once
    layout: SurveyLayout  # the form's fields, built once, copied per form

    def form_kwargs(self) -> dict:
        """The arguments of ``SurveyForm``."""
        return {"layout": self.layout}


def open_link(entries: dict | None, token: str) -> OpenLink | None:
    """The open link with this token and its run, service, channel and municipality."""
    if entries is not None and ("link", token) in entries:
        return entries["link", token]
    link = OpenLink.objects.select_related(*ORIGIN_RELATED).filter(token=token).first()
    if entries is not None and link is not None:  # unknown tokens are not kept: anyone can make one
        entries["link", token] = link
    return link


def form_parts(
    entries: dict | None,
    *,
    questionnaire: Questionnaire,
    service: Service,
    municipality: Municipality,
    ask_outcome: bool,
) -> FormParts:
    def build() -> FormParts:
        kwargs = {
            "questionnaire": questionnaire,
            "statements": services.questionnaire_statements(questionnaire),
            "team_questions": services.team_questions_for(service),
            "ask_outcome": ask_outcome,
        }
        definition = FormDefinition.of(**kwargs, service=service, municipality=municipality)
        return FormParts(
            **kwargs,
            definition=definition,
            signed_definition=definition.sign(),
            layout=survey_layout(**kwargs),
        )

    key = ("parts", questionnaire.pk, service.pk, municipality.pk, ask_outcome)
    return FORMS.get_or_build(entries, key, build)


def blank_form_html(entries: dict | None, key: tuple, render: Callable[[], str]) -> str:
    """The empty form as HTML (with a placeholder for its token), rendered once per version."""
    return FORMS.get_or_build(entries, ("html", *key), render)


# --- invalidation -----------------------------------------------------------------------------

# Everything whose change alters what a resident sees on the public form or whether it opens.
WATCHED = (
    Questionnaire,
    QuestionnaireStatement,
    SurveyRun,
    OpenLink,
    TeamQuestion,
    Service,
    Municipality,
    Channel,
    Team,
)


def public_form_changed(**kwargs) -> None:
    """Receiver: a watched row changed, so every process forgets its public forms."""
    if kwargs.get("raw"):  # loaddata: no app server is answering from it yet
        return
    FORMS.bump()


def connect_signals() -> None:
    for model in WATCHED:
        uid = f"surveys.public_cache.{model.__name__}"
        post_save.connect(public_form_changed, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(public_form_changed, sender=model, dispatch_uid=uid + ".delete")
    m2m_changed.connect(
        public_form_changed,
        sender=TeamQuestion.services.through,
        dispatch_uid="surveys.public_cache.TeamQuestion.services",
    )
