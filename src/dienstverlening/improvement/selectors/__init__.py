from .plans import implementation_actions as implementation_actions
from .plans import implementation_progress as implementation_progress
from .plans import plan_options as plan_options
from .plans import plan_years as plan_years
from .plans import team_plan_detail as team_plan_detail
from .plans import team_plans_overview as team_plans_overview
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
