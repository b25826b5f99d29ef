from .signals import (
    open_signal_counts,
    signal_history,
    signal_service_choices,
    signals_of_team,
    signals_sent_by,
)

__all__ = [
    "open_signal_counts",
    "signal_history",
    "signal_service_choices",
    "signals_of_team",
    "signals_sent_by",
]
