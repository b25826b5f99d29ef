"""The improvement cycle's pages, one module per part; ``urls.py`` uses ``views.<name>``."""

from .signals import (
    signal_answer,
    signal_detail,
    signal_index,
    signal_new,
    signal_pass_on,
    signal_start_track,
    signal_take,
    team_signals,
)
from .tracks import track_detail

__all__ = ["track_detail"]
__all__ += [
    "signal_answer",
    "signal_detail",
    "signal_index",
    "signal_new",
    "signal_pass_on",
    "signal_start_track",
    "signal_take",
    "team_signals",
]
