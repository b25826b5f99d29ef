"""Forms of the surveys app: the public questionnaire and the staff forms."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from dienstverlening.core.forms import (
    DATE_INPUT_FORMATS,
    WIDGET_CLASSES,
    CheckboxList,
    DateInput,
    RadioList,
    StyledFormMixin,
)
from dienstverlening.core.uploads import OnceFormMixin, SpreadsheetField, spreadsheet_help
from dienstverlening.organisation.models import Channel, Municipality, Service

from .models import (
    DONT_KNOW,
    Outcome,
    QuestionKind,
    Questionnaire,
    RunKind,
    SurveyRun,
    TeamQuestion,
)
from .services import Answers

AGREEMENT_CHOICES = [
    ("1", _("Helemaal oneens")),
    ("2", _("Oneens")),
    ("3", _("Niet eens, niet oneens")),
    ("4", _("Eens")),
    ("5", _("Helemaal eens")),
    (str(DONT_KNOW), _("Weet ik niet / niet van toepassing")),
]
MARK_CHOICES = [(str(n), str(n)) for n in range(1, 11)]
OUTCOME_CHOICES = [
    (Outcome.GRANTED.value, _("Ik heb gekregen wat ik vroeg")),
    (Outcome.REFUSED.value, _("Mijn aanvraag is afgewezen")),
    (Outcome.NOT_APPLICABLE.value, _("Ik had geen aanvraag, alleen een vraag")),
    (Outcome.UNKNOWN.value, _("Weet ik niet of nog niet bekend")),
]
YES_NO_CHOICES = [("ja", _("Ja")), ("nee", _("Nee"))]
OPEN_MAX = 2000


def text_box(rows: int) -> forms.Textarea:
    """A text box as wide as the form, also on a 320 px screen.

    ``SurveyForm`` adds its fields after ``StyledFormMixin`` has styled the declared ones, so
    its text boxes get the Utrecht class here (without it they are 40 columns wide).
    """
    return forms.Textarea(attrs={"rows": rows, "class": WIDGET_CLASSES[forms.Textarea]})


def _open_answer_field(question: str) -> forms.CharField:
    """An optional answer in the resident's own words to an open ``question``."""
    return forms.CharField(
        label=question,
        required=False,
        max_length=OPEN_MAX,
        widget=text_box(4),
        help_text=_("Niet verplicht. Schrijf geen namen, adressen of telefoonnummers op."),
    )


@dataclass(frozen=True)
class SurveyLayout:
    """The questions of one questionnaire as form fields, built once and copied per form.

    Building the fields (choices with translated labels, widgets) costs more than the rest of
    a submit; the public form keeps a layout per questionnaire, service and kind of origin
    (``public_cache``) and every ``SurveyForm`` uses its fields, which nobody changes in place.
    Labels stay lazy, so one layout serves every language.
    """

    fields: dict[str, forms.Field]
    statement_fields: list[tuple[str, int]]  # (field name, statement id)
    team_fields: list[tuple[str, TeamQuestion]]


def survey_layout(
    *, questionnaire: Questionnaire, statements, team_questions, ask_outcome: bool = True
) -> SurveyLayout:
    fields: dict[str, forms.Field] = {}
    statement_fields: list[tuple[str, int]] = []
    for qs in statements:
        name = f"s{qs.statement_id}"
        fields[name] = forms.ChoiceField(
            label=qs.text,
            choices=AGREEMENT_CHOICES,
            widget=RadioList,
            error_messages={"required": _("Kies een antwoord bij deze stelling.")},
        )
        statement_fields.append((name, qs.statement_id))
    fields["mark"] = forms.ChoiceField(
        label=questionnaire.mark_question,
        choices=MARK_CHOICES,
        widget=RadioList(attrs={"class": "dv-survey-marks"}, inline=True),
        help_text=_("1 is heel slecht, 10 is uitstekend."),
        error_messages={"required": _("Kies een rapportcijfer van 1 tot 10.")},
    )
    if ask_outcome:
        fields["outcome"] = forms.ChoiceField(
            label=_("Hoe is uw vraag of aanvraag afgelopen?"),
            choices=OUTCOME_CHOICES,
            widget=RadioList,
            required=False,
        )
    team_fields: list[tuple[str, TeamQuestion]] = []
    for question in team_questions:
        name = f"q{question.pk}"
        fields[name] = team_question_field(question)
        team_fields.append((name, question))
    fields["good"] = _open_answer_field(questionnaire.open_good_question)
    fields["better"] = _open_answer_field(questionnaire.open_better_question)
    return SurveyLayout(fields=fields, statement_fields=statement_fields, team_fields=team_fields)


class SurveyForm(StyledFormMixin, forms.Form):
    """The questionnaire as a resident sees it: statements, mark, open questions, team questions.

    ``token`` is the signed, per-render idempotency token; ``definition`` the signed description
    of the form itself (``public_form.FormDefinition``), so it can be drawn again without the
    database; ``website`` is the honeypot. Pass a ``layout`` made by ``survey_layout`` (the
    public form keeps one per process), or the questionnaire, statements and team questions to
    build one.
    """

    token = forms.CharField(widget=forms.HiddenInput, required=False)
    definition = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(required=False, label=_("Laat dit veld leeg"))

    def __init__(
        self,
        *args,
        layout: SurveyLayout | None = None,
        questionnaire: Questionnaire | None = None,
        statements=(),
        team_questions=(),
        ask_outcome: bool = True,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        if layout is None:
            if questionnaire is None:
                raise TypeError("SurveyForm needs a layout or a questionnaire")
            layout = survey_layout(
                questionnaire=questionnaire,
                statements=statements,
                team_questions=team_questions,
                ask_outcome=ask_outcome,
            )
        # Added after StyledFormMixin styled the declared fields: each widget brings its class.
        # The layout's fields are shared, not copied (a deep copy costs as much as building
        # them): nothing changes a field of a survey form in place (rendering and cleaning only
        # read them), and nothing may; replace a field in ``self.fields`` instead.
        self.fields.update(layout.fields)
        self.statement_fields = layout.statement_fields
        self.team_fields = layout.team_fields
        honeypot = self.fields["website"].widget
        honeypot.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def answers(self) -> Answers:
        data = self.cleaned_data
        team, team_open = {}, {}
        for name, question in self.team_fields:
            value = data.get(name)
            if value in (None, "", []):
                continue
            if question.kind == QuestionKind.OPEN:
                team_open[question.pk] = value
            elif question.kind == QuestionKind.MULTIPLE:
                team[question.pk] = " | ".join(value)
            else:
                team[question.pk] = str(value)
        return Answers(
            statements={pk: int(data[name]) for name, pk in self.statement_fields},
            mark=int(data["mark"]),
            good=data.get("good", ""),
            better=data.get("better", ""),
            outcome=data.get("outcome") or Outcome.UNKNOWN,
            team=team,
            team_open=team_open,
        )


def team_question_field(question: TeamQuestion) -> forms.Field:
    common = {
        "label": question.text,
        "required": question.required,
        "help_text": question.help_text,
    }
    if question.kind == QuestionKind.AGREEMENT:
        return forms.ChoiceField(choices=AGREEMENT_CHOICES, widget=RadioList, **common)
    if question.kind == QuestionKind.SINGLE:
        choices = [(c, c) for c in question.choice_list]
        return forms.ChoiceField(choices=choices, widget=RadioList, **common)
    if question.kind == QuestionKind.MULTIPLE:
        choices = [(c, c) for c in question.choice_list]
        return forms.MultipleChoiceField(choices=choices, widget=CheckboxList, **common)
    if question.kind == QuestionKind.YES_NO:
        return forms.ChoiceField(choices=YES_NO_CHOICES, widget=RadioList, **common)
    if question.kind == QuestionKind.NUMBER:
        return forms.IntegerField(
            min_value=0,
            max_value=1_000_000,
            widget=forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "class": "utrecht-textbox utrecht-textbox--html-input dv-survey-number",
                }
            ),
            **common,
        )
    return forms.CharField(max_length=OPEN_MAX, widget=text_box(3), **common)


class QuestionnaireForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = ["intro", "mark_question", "open_good_question", "open_better_question"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}


class TeamQuestionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = TeamQuestion
        fields = ["text", "help_text", "kind", "choices", "services", "required", "active"]
        widgets = {
            "choices": forms.Textarea(attrs={"rows": 4}),
            "services": CheckboxList,
            "kind": RadioList,
        }

    def __init__(self, *args, team, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.team = team
        self.fields["services"].queryset = Service.objects.filter(team=team)
        self.fields["kind"].choices = QuestionKind.choices


class RunForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = SurveyRun
        fields = [
            "name",
            "kind",
            "is_baseline",
            "starts_on",
            "ends_on",
            "services",
            "channels",
            "municipalities",
        ]
        widgets = {
            "kind": RadioList,
            "starts_on": DateInput,
            "ends_on": DateInput,
            "services": forms.SelectMultiple(attrs={"size": 8}),
            "channels": CheckboxList,
            "municipalities": CheckboxList,
        }
        help_texts = {
            "services": _("Houd Ctrl (of Cmd) ingedrukt om meer diensten te kiezen."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("starts_on", "ends_on"):
            self.fields[name].input_formats = DATE_INPUT_FORMATS
        self.fields["kind"].choices = RunKind.choices
        self.fields["kind"].initial = RunKind.CONTINUOUS


class OpenLinkForm(StyledFormMixin, forms.Form):
    service = forms.ModelChoiceField(Service.objects.all(), label=_("Dienst"))
    channel = forms.ModelChoiceField(Channel.objects.all(), label=_("Kanaal"))
    municipality = forms.ModelChoiceField(Municipality.objects.all(), label=_("Gemeente"))

    def __init__(self, *args, run: SurveyRun, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, related in (
            ("service", run.services),
            ("channel", run.channels),
            ("municipality", run.municipalities),
        ):
            if related.exists():
                self.fields[name].queryset = related.all()


class UploadForm(StyledFormMixin, OnceFormMixin, forms.Form):
    file = SpreadsheetField(
        label=_("Bestand (CSV of Excel)"),
        help_text=_(
            "Een CSV-bestand (met ; of ,) of een Excel-bestand (.xlsx). "
            "De eerste regel bevat de kolomnamen."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"{self.fields['file'].help_text} {spreadsheet_help()}"

    def once_key(self) -> str:
        return super().once_key(self.cleaned_data["file"].digest)


class MappingForm(StyledFormMixin, OnceFormMixin, forms.Form):
    """Per target a column of the uploaded file; built from the file's headers."""

    save_as = forms.CharField(
        label=_("Kolomindeling bewaren als"),
        required=False,
        max_length=100,
        help_text=_("Niet verplicht. Met een naam kunt u deze indeling later opnieuw gebruiken."),
    )

    def __init__(self, *args, targets: list[tuple[str, str]], headers: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— niet in het bestand —")), *((h, h) for h in headers)]
        for target, label in targets:
            self.fields[f"map_{target}"] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=False,
                widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
            )
        self.order_fields([f"map_{t}" for t, _label in targets] + ["save_as"])

    def mapping(self) -> dict[str, str]:
        return {
            name[4:]: value
            for name, value in self.cleaned_data.items()
            if name.startswith("map_") and value
        }

    def once_key(self) -> str:
        """Sent twice with the same columns: one import; with other columns: a new try."""
        return super().once_key(json.dumps(self.mapping(), sort_keys=True))


class ExportForm(OnceFormMixin, forms.Form):
    """Which responses to download: all, or one run's (``?meting=<id>``)."""

    meting = forms.ModelChoiceField(
        queryset=SurveyRun.objects.all(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _(
                "Deze meting bestaat niet (meer). Kies een meting op de pagina Metingen en "
                "download de antwoorden daar."
            )
        },
    )
