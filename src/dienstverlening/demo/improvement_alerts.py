"""Demo alert rules and team memberships; the first check raises two alerts from the figures.

The rules are the coördinator's ambitions for the teams the demo teammanager leads: at least
80 % agreeing on *menselijk* at Burgerzaken and on *betrouwbaar* at the KCC. The generated
answers put both teams a few points under that (the patterns in ``surveys.py``), so the first
check raises exactly those two alerts. The other rules show the other kinds and stay quiet:
the mark has risen far above the baseline, and the KCC calls back on time.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from dienstverlening.framework.models import CoreValue
from dienstverlening.improvement.models import AlertRule
from dienstverlening.improvement.services import alerts_check
from dienstverlening.organisation.models import Domain, Team

RULES = [
    {
        "name": "Menselijk: minstens 80 % eens (Burgerzaken)",
        "kind": "below",
        "measure": "value",
        "value": "menselijk",
        "threshold": 80,
        "team": "burgerzaken",
    },
    {
        "name": "Betrouwbaar: minstens 80 % eens (KCC)",
        "kind": "below",
        "measure": "value",
        "value": "betrouwbaar",
        "threshold": 80,
        "team": "kcc",
    },
    {
        "name": "Rapportcijfer echt lager dan bij de nulmeting",
        "kind": "fall",
        "measure": "mark",
        "compare_with": "baseline",
        "domain": "publiek-en-veiligheid",
    },
    {
        "name": "Vier weken op rij minder op tijd dan de norm",
        "kind": "on_time",
        "weeks": 4,
        "team": "kcc",
    },
]

# Who works in which team (``Team.members``): they read its compliments and alerts.
MEMBERS = {"medewerker": ["burgerzaken"], "teammanager": ["burgerzaken", "kcc"]}


def generate(*, rng: random.Random, scale: float, now: datetime.datetime) -> dict[str, int]:
    """Rules, memberships and the first check (no mail: the demo sends none by itself)."""
    _members()
    coordinator = get_user_model().objects.filter(username="coordinator").first()
    for item in RULES:
        fields = dict(item)
        name = fields.pop("name")
        if "value" in fields:
            fields["value"] = CoreValue.objects.get(slug=fields["value"])
        if "team" in fields:
            fields["team"] = Team.objects.get(slug=fields["team"])
        if "domain" in fields:
            fields["domain"] = Domain.objects.get(slug=fields["domain"])
        rule = AlertRule.objects.filter(name=name).first() or AlertRule(
            name=name, created_at=now, created_by=coordinator
        )
        for key, value in fields.items():
            setattr(rule, key, value)
        rule.full_clean()
        rule.save()
    check = alerts_check(today=timezone.localdate(now), notify=False, nested=True)
    return {"signaleringsregels": len(RULES), "signaleringen": check.created}


def _members() -> None:
    users = get_user_model().objects.filter(username__in=MEMBERS)
    for user in users:
        user.member_teams.set(Team.objects.filter(slug__in=MEMBERS[user.username]))
