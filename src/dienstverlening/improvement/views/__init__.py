"""The improvement cycle's pages, one module per part; ``urls.py`` uses ``views.<name>``."""

from .tracks import track_detail

__all__ = ["track_detail"]
