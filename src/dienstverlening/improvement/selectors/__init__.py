"""Reads of the improvement cycle, one module per part; import from here."""

from .alerts import Firing, alert_text, alerts_due, team_alerts
from .plans import (
    implementation_actions,
    implementation_progress,
    plan_options,
    plan_years,
    team_plan_detail,
    team_plans_overview,
)
from .signals import (
    open_signal_counts,
    signal_history,
    signal_service_choices,
    signals_of_team,
    signals_sent_by,
)
from .where import RankedService, RisenService, WhereToStart, where_to_start

__all__ = [
    "Firing",
    "RankedService",
    "RisenService",
    "WhereToStart",
    "alert_text",
    "alerts_due",
    "implementation_actions",
    "implementation_progress",
    "open_signal_counts",
    "plan_options",
    "plan_years",
    "signal_history",
    "signal_service_choices",
    "signals_of_team",
    "signals_sent_by",
    "team_alerts",
    "team_plan_detail",
    "team_plans_overview",
    "where_to_start",
]
