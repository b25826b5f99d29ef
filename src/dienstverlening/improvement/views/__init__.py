"""The improvement cycle's pages, one module per part; ``urls.py`` uses ``views.<name>``."""

from .tracks import track_detail

__all__ = ["track_detail"]

from .plans import (
    implementation_action_edit,
    implementation_plan,
    team_plan_action_create,
    team_plan_action_status,
    team_plan_create,
    team_plan_detail,
    team_plan_edit,
    team_plan_list,
    team_plan_print,
)

__all__ += [
    "implementation_action_edit",
    "implementation_plan",
    "team_plan_action_create",
    "team_plan_action_status",
    "team_plan_create",
    "team_plan_detail",
    "team_plan_edit",
    "team_plan_list",
    "team_plan_print",
]
