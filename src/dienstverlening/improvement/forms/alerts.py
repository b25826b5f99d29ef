"""The coördinator's alert rules, and the team an employee works in."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dienstverlening.core.forms import StyledFormMixin
from dienstverlening.organisation.models import Team

from ..models import AlertRule, RuleKind


class AlertRuleForm(StyledFormMixin, forms.ModelForm):
    """One rule; which fields count depends on its kind (``AlertRule.clean``)."""

    class Meta:
        model = AlertRule
        fields = [
            "name",
            "kind",
            "measure",
            "statement",
            "value",
            "threshold",
            "compare_with",
            "period",
            "weeks",
            "domain",
            "team",
            "active",
        ]
        widgets = {
            "threshold": forms.TextInput(attrs={"inputmode": "decimal"}),
        }
        localized_fields = ["threshold"]
        help_texts = {
            "kind": _(
                "Lager dan een drempel: zodra het cijfer onder de drempel ligt. Echt gedaald: "
                "als het cijfer meer daalde dan toeval kan verklaren. Op tijd onder de norm: "
                "als een team meerdere hele weken achter elkaar minder op tijd afhandelt."
            ),
            "period": _("Voor stellingen, kernwaarden en het cijfer."),
            "domain": _("Leeg laten: voor alle teams."),
            "team": _("Leeg laten: voor alle teams (of alle teams van het domein)."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("(kies de soort)")), *RuleKind.choices]
        self.fields["measure"].choices = [
            ("", _("(niet nodig)")),
            *self.fields["measure"].choices[1:],
        ]
        self.fields["compare_with"].choices = [
            ("", _("(niet nodig)")),
            *self.fields["compare_with"].choices[1:],
        ]
        self.fields["statement"].empty_label = _("(kies een stelling)")
        self.fields["value"].empty_label = _("(kies een kernwaarde)")
        self.fields["domain"].empty_label = _("(alle domeinen)")
        self.fields["team"].empty_label = _("(alle teams)")


class MyTeamForm(StyledFormMixin, forms.Form):
    teams = forms.ModelMultipleChoiceField(
        Team.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("In welk team werkt u?"),
        help_text=_(
            "Kies uw team (of teams). U ziet dan de complimenten en signaleringen van uw team."
        ),
    )
