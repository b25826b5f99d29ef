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

from .plans import (
    implementation_action_update,
    team_plan_action_add,
    team_plan_create,
    team_plan_update,
)

__all__ += [
    "implementation_action_update",
    "team_plan_action_add",
    "team_plan_create",
    "team_plan_update",
]

from .journeys import (
    checklist_set,
    journey_save,
    method_step_save,
    method_update,
    participant_add,
    participant_remove,
    phase_add,
    step_add,
    step_change,
    step_delete,
)
from .tracks import track_close, track_evaluate

__all__ += [
    "checklist_set",
    "journey_save",
    "method_step_save",
    "method_update",
    "participant_add",
    "participant_remove",
    "phase_add",
    "step_add",
    "step_change",
    "step_delete",
    "track_close",
    "track_evaluate",
]
__all__ += [
    "signal_answer",
    "signal_pass_on",
    "signal_start_track",
    "signal_submit",
    "signal_take",
    "team_recipients",
]
