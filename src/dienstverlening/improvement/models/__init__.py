"""The improvement cycle's data, one module per part (see ``docs/improvement.md``)."""

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

__all__ = ["Action", "ActionStatus", "Track", "TrackStatus"]

from .plans import Advice, CostColour, ImplementationAction, TeamPlan

__all__ += ["Advice", "CostColour", "ImplementationAction", "TeamPlan"]

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

__all__ += [
    "Feeling",
    "Journey",
    "JourneyMethod",
    "JourneyPhase",
    "JourneyStep",
    "MethodStep",
    "Participant",
    "ParticipantKind",
]
__all__ += [
    "SIGNAL_SOURCE",
    "SIGNAL_TRANSITIONS",
    "Signal",
    "SignalEvent",
    "SignalEventKind",
    "SignalOrigin",
    "SignalStatus",
]
