"""What the dashboard looks at: organisation, municipality, domain, team, service, channel."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from dienstverlening.organisation.models import Channel, Domain, Municipality, Service, Team


@dataclass(frozen=True)
class Scope:
    municipality: Municipality | None = None
    domain: Domain | None = None
    team: Team | None = None
    service: Service | None = None
    channel: Channel | None = None

    @property
    def level(self) -> str:
        if self.service:
            return "service"
        if self.team:
            return "team"
        if self.domain:
            return "domain"
        if self.municipality:
            return "municipality"
        return "organisation"

    @property
    def label(self) -> str:
        parts = [
            str(obj)
            for obj in (self.municipality, self.domain, self.team, self.service)
            if obj is not None
        ]
        label = " · ".join(parts) if parts else _("Hele organisatie")
        if self.channel:
            label += " · " + _("kanaal %(channel)s") % {"channel": self.channel}
        return label

    @property
    def owning_team(self) -> Team | None:
        return self.service.team if self.service else self.team

    def survey_q(self) -> Q:
        """Filter for the survey roll-up (rows have a service; the team comes through it)."""
        return self._q(team_path="service__team")

    def handling_q(self) -> Q:
        """Filter for the handling register and its roll-ups (rows carry their team)."""
        return self._q(team_path="team")

    def _q(self, *, team_path: str) -> Q:
        q = Q()
        if self.municipality:
            q &= Q(municipality=self.municipality)
        if self.service:
            q &= Q(service=self.service)
        elif self.team:
            q &= Q(**{team_path: self.team})
        elif self.domain:
            q &= Q(**{f"{team_path}__domain": self.domain})
        if self.channel:
            q &= Q(channel=self.channel)
        return q

    def params(self, **changes) -> dict[str, str]:
        """Query-string parameters for this scope, with ``changes`` applied (None removes)."""
        values = {
            "gemeente": self.municipality.slug if self.municipality else None,
            "domein": self.domain.slug if self.domain else None,
            "team": self.team.slug if self.team else None,
            "dienst": self.service.slug if self.service else None,
            "kanaal": self.channel.slug if self.channel else None,
        }
        values.update(changes)
        return {key: value for key, value in values.items() if value}
