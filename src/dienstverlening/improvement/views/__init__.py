"""The improvement cycle's pages, one module per part; ``urls.py`` uses ``views.<name>``."""

from .alerts import (
    alert_acknowledge_view,
    alert_rule_edit,
    alert_rules,
    alert_track_view,
    alerts_index,
    my_team,
    team_alerts_view,
)
from .tracks import track_detail
from .where import where_to_start_view

__all__ = ["track_detail"]
__all__ += [
    "alert_acknowledge_view",
    "alert_rule_edit",
    "alert_rules",
    "alert_track_view",
    "alerts_index",
    "my_team",
    "team_alerts_view",
    "where_to_start_view",
]
