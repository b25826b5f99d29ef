"""Sections that apps above ``framework`` add to a team's page, without ``framework`` knowing them.

The team page (``framework/team_detail.html``) ends with ``{% team_sections team %}``; each app
that has something to say about a team lists ``SECTIONS`` in its own ``team_sections.py``, and
``CoreConfig.ready()`` registers them the way it registers the menu (``navigation``). A section
is a template and a function that gives its context for ``(request, team)``, or ``None`` to show
nothing (for instance to a visitor who is not signed in). Keep that function to one or two
queries: it runs on every view of a team page.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class TeamSection:
    key: str
    template: str
    context: Callable[[HttpRequest, Any], dict | None]
    order: int = 0


_registry: dict[str, TeamSection] = {}


def team_section_register(*sections: TeamSection) -> None:
    """Add sections to the team page; the same key again replaces the section."""
    for section in sections:
        _registry[section.key] = section


def team_sections(request: HttpRequest, team) -> list[tuple[TeamSection, dict]]:
    """The sections to show on ``team``'s page to this request, in order, with their context."""
    shown = []
    for section in sorted(_registry.values(), key=lambda s: (s.order, s.key)):
        context = section.context(request, team)
        if context is not None:
            shown.append((section, context))
    return shown
