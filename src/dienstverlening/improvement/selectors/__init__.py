"""Every read of the improvement cycle that spans models, one module per part."""

from .alerts import Firing, alert_text, alerts_due, team_alerts
from .where import RankedService, WhereToStart, where_to_start

__all__ = ["Firing", "alert_text", "alerts_due", "team_alerts"]
__all__ += ["RankedService", "WhereToStart", "where_to_start"]
