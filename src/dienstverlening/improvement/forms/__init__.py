from .signals import SignalAnswerForm, SignalForm, SignalPassOnForm, TeamSignalFilterForm

__all__ = ["SignalAnswerForm", "SignalForm", "SignalPassOnForm", "TeamSignalFilterForm"]
