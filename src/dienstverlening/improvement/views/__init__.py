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

from .journeys import (
    checklist_save,
    journey_detail,
    journey_pdf,
    journey_save,
    method_detail,
    method_edit,
    method_step_edit,
    participant_create,
    participant_delete,
    phase_create,
    step_create,
    step_delete,
    step_update,
)
from .tracks import (
    action_create,
    action_status,
    good_example_list,
    track_close,
    track_create,
    track_evaluate,
    track_list,
)

__all__ += [
    "action_create",
    "action_status",
    "checklist_save",
    "good_example_list",
    "journey_detail",
    "journey_pdf",
    "journey_save",
    "method_detail",
    "method_edit",
    "method_step_edit",
    "participant_create",
    "participant_delete",
    "phase_create",
    "step_create",
    "step_delete",
    "step_update",
    "track_close",
    "track_create",
    "track_evaluate",
    "track_list",
]
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
