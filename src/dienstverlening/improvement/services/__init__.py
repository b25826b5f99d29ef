"""Every write of the improvement cycle, one module per part; import from here."""

from .signals import (
    signal_answer,
    signal_pass_on,
    signal_start_track,
    signal_submit,
    signal_take,
    team_recipients,
)
from .tracks import action_create, action_set_status, track_open

__all__ = ["action_create", "action_set_status", "track_open"]
__all__ += [
    "signal_answer",
    "signal_pass_on",
    "signal_start_track",
    "signal_submit",
    "signal_take",
    "team_recipients",
]
