"""The improvement cycle's data, one module per part (see ``docs/improvement.md``)."""

from .alerts import Alert, AlertRule, Compare, Measure, RuleKind, RulePeriod
from .tracks import Action, ActionStatus, Track, TrackStatus

__all__ = ["Action", "ActionStatus", "Track", "TrackStatus"]
__all__ += ["Alert", "AlertRule", "Compare", "Measure", "RuleKind", "RulePeriod"]
