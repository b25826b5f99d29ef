"""Every write of the improvement cycle, one module per part; import from here."""

from .alerts import (
    AlertCheck,
    alert_acknowledge,
    alert_rule_save,
    alert_track_open,
    alerts_check,
    alerts_mail,
)
from .tracks import action_create, action_set_status, track_open

__all__ = ["action_create", "action_set_status", "track_open"]
__all__ += [
    "AlertCheck",
    "alert_acknowledge",
    "alert_rule_save",
    "alert_track_open",
    "alerts_check",
    "alerts_mail",
]
