"""The improvement cycle's forms, one module per part."""

from .alerts import AlertRuleForm, MyTeamForm
from .where import WhereForm

__all__ = ["AlertRuleForm", "MyTeamForm", "WhereForm"]
