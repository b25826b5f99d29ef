"""The improvement cycle's pages in the menu and on the start page (registered by ``core.apps``)."""

ITEMS: list = []
