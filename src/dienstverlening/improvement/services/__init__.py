"""Every write of the improvement cycle, one module per part; import from here."""

from .alerts import (
    AlertCheck,
    alert_acknowledge,
    alert_rule_save,
    alert_track_open,
    alerts_check,
    alerts_mail,
)
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
from .plans import (
    implementation_action_update,
    team_plan_action_add,
    team_plan_create,
    team_plan_update,
)
from .signals import (
    signal_answer,
    signal_pass_on,
    signal_start_track,
    signal_submit,
    signal_take,
    team_recipients,
)
from .tracks import action_create, action_set_status, track_close, track_evaluate, track_open

__all__ = [
    "AlertCheck",
    "action_create",
    "action_set_status",
    "alert_acknowledge",
    "alert_rule_save",
    "alert_track_open",
    "alerts_check",
    "alerts_mail",
    "checklist_set",
    "implementation_action_update",
    "journey_save",
    "method_step_save",
    "method_update",
    "participant_add",
    "participant_remove",
    "phase_add",
    "signal_answer",
    "signal_pass_on",
    "signal_start_track",
    "signal_submit",
    "signal_take",
    "step_add",
    "step_change",
    "step_delete",
    "team_plan_action_add",
    "team_plan_create",
    "team_plan_update",
    "team_recipients",
    "track_close",
    "track_evaluate",
    "track_open",
]
