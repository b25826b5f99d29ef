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
__all__ += [
    "SIGNAL_SOURCE",
    "SIGNAL_TRANSITIONS",
    "Signal",
    "SignalEvent",
    "SignalEventKind",
    "SignalOrigin",
    "SignalStatus",
]
