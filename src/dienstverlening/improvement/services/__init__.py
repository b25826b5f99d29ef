"""Every write of the improvement cycle, one module per part; import from here."""

from .tracks import action_create, action_set_status, track_open

__all__ = ["action_create", "action_set_status", "track_open"]
