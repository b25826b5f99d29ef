"""The improvement cycle's forms, one module per part."""

from .alerts import AlertRuleForm, MyTeamForm
from .signals import SignalAnswerForm, SignalForm, SignalPassOnForm, TeamSignalFilterForm
from .where import WhereForm

__all__ = [
    "AlertRuleForm",
    "MyTeamForm",
    "SignalAnswerForm",
    "SignalForm",
    "SignalPassOnForm",
    "TeamSignalFilterForm",
    "WhereForm",
]
