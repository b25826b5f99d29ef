"""The improvement cycle's data, one module per part (see ``docs/improvement.md``)."""

from .alerts import Alert, AlertRule, Compare, Measure, RuleKind, RulePeriod
from .journeys import (
    Feeling,
    Journey,
    JourneyMethod,
    JourneyPhase,
    JourneyStep,
    MethodStep,
    Participant,
    ParticipantKind,
)
from .plans import Advice, CostColour, ImplementationAction, TeamPlan
from .signals import (
    SIGNAL_SOURCE,
    SIGNAL_TRANSITIONS,
    Signal,
    SignalEvent,
    SignalEventKind,
    SignalOrigin,
    SignalStatus,
)
from .tracks import Action, ActionStatus, Track, TrackStatus

__all__ = [
    "SIGNAL_SOURCE",
    "SIGNAL_TRANSITIONS",
    "Action",
    "ActionStatus",
    "Advice",
    "Alert",
    "AlertRule",
    "Compare",
    "CostColour",
    "Feeling",
    "ImplementationAction",
    "Journey",
    "JourneyMethod",
    "JourneyPhase",
    "JourneyStep",
    "Measure",
    "MethodStep",
    "Participant",
    "ParticipantKind",
    "RuleKind",
    "RulePeriod",
    "Signal",
    "SignalEvent",
    "SignalEventKind",
    "SignalOrigin",
    "SignalStatus",
    "TeamPlan",
    "Track",
    "TrackStatus",
]
