"""Demo team plans for this year, and the implementation plan as it stands now.

Some teams have written the service-delivery section of their plan, others not yet (the action
"teamplannen" of section C is running). The implementation plan itself comes with the migration
``improvement 0002_plans``; the demo gives it a believable status: what the organisation has
already done, what runs, what waits. Safe to run twice: it updates, never duplicates.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from dienstverlening.framework.selectors import team_framework
from dienstverlening.improvement.models import ActionStatus, ImplementationAction, TeamPlan
from dienstverlening.improvement.services import action_create, action_set_status
from dienstverlening.organisation.models import Team

# Per team: its focus this year, the organisation's norms it steers on (by subject; its own
# norms and its services' are always chosen), and its own actions (title, weeks from today,
# status).
TEAM_PLANS = {
    "kcc": {
        "focus": (
            "We helpen inwoners in één keer goed. Lukt dat niet, dan zeggen we eerlijk wie de "
            "vraag oppakt en wanneer de inwoner iets hoort."
        ),
        "subjects": ["callback", "email", "phone"],
        "actions": [
            ("Terugbelnotities op één vaste plek in het KCC-systeem zetten", 6, "running"),
            ("Kennisbank nalopen op verouderde antwoorden", 10, "open"),
            ("Wekelijks vijf gesprekken samen terugluisteren", 2, "done"),
        ],
    },
    "burgerzaken": {
        "focus": (
            "Inwoners weten waar ze aan toe zijn: bij de afspraak horen ze wat ze mee moeten "
            "nemen en wanneer hun document klaar ligt."
        ),
        "subjects": ["callback", "email", "counter_wait"],
        "actions": [
            ("Bevestigingsmail van de afspraak herschrijven in B1", 4, "running"),
            ("Sms sturen als het paspoort klaar ligt", 16, "open"),
        ],
    },
    "vergunningen": {
        "focus": (
            "Aanvragers horen binnen een week wie hun aanvraag behandelt en bellen die collega "
            "direct."
        ),
        "subjects": ["callback", "email", "decision"],
        "actions": [
            ("Vaste contactpersoon noemen in de ontvangstbevestiging", 3, "done"),
            ("Vooroverleg-gesprekken standaard aanbieden bij bouwplannen", 20, "open"),
        ],
    },
    "belastingen": {
        "focus": (
            "Brieven over de aanslag zijn begrijpelijk; wie vragen heeft, krijgt snel antwoord."
        ),
        "subjects": ["callback", "objection"],
        "actions": [
            ("Uitleg bij de aanslag herschrijven met het taalpanel", 12, "running"),
        ],
    },
    "wmo": {
        "focus": (
            "We nemen de tijd voor het gesprek en vatten daarna samen wat we hebben afgesproken, "
            "op papier."
        ),
        "subjects": ["callback", "letter"],
        "actions": [
            ("Verslag van het keukentafelgesprek binnen vijf werkdagen sturen", 8, "running"),
        ],
    },
    "online": {
        "focus": (
            "De website beantwoordt de tien meest gestelde vragen, zodat inwoners niet hoeven "
            "te bellen."
        ),
        "subjects": ["email"],
        "actions": [
            ("Top tien van vragen aan het KCC op de website zetten", 6, "open"),
        ],
    },
}

# The implementation plan as it stands (by its place in section C): status, owner and notes.
IMPLEMENTATION_STATUS = {
    1: (
        "done",
        "Team Online",
        "Het kader staat op PIM en in de applicatie: 'Ons dienstverleningskader'.",
    ),
    2: ("done", "Communicatie", "De poster hangt in het stadhuis van Woerden en in Oudewater."),
    3: ("running", "Communicatie", "Elke maand een goed voorbeeld in de interne nieuwsbrief."),
    4: ("running", "Directie", "Vast onderwerp op de personeelsbijeenkomst."),
    5: ("done", "Projectteam dienstverlening", "De basisnormen staan in het kader."),
    6: ("running", "Teammanagers", "Eerste teams hebben eigen normen vastgelegd."),
    7: ("running", "Teammanagers", "Teamplannen van dit jaar staan in de applicatie."),
    8: ("done", "Projectteam dienstverlening", ""),
    9: ("done", "Projectteam dienstverlening", "Raadsinformatiebrief verstuurd."),
    10: ("running", "Teammanagers", ""),
    11: ("running", "P&O", "Eerste versie van de competentiematrix in bespreking."),
    15: ("done", "P&O", ""),
    25: ("done", "P&O (Groene Hart Academie)", ""),
    28: ("done", "P&O", "Staat in 'Wie doet wat'."),
    30: ("running", "Coördinator dienstverlening", "Eerste inwonersreis loopt bij Burgerzaken."),
    32: ("done", "Coördinator dienstverlening", "Standaardvragenlijst met de acht stellingen."),
    33: ("running", "Coördinator dienstverlening", "Harde KPI's komen uit het register."),
    34: ("done", "Gegevensbeheer", "Het dashboard staat in deze applicatie, niet in Power BI."),
}


def generate(*, rng: random.Random, scale: float, now: datetime.datetime) -> dict[str, int]:
    """Team plans for this year and the implementation plan's status (``rng`` and ``scale`` are
    not needed: the plans are the same at every size)."""
    today = timezone.localdate(now)
    with transaction.atomic():
        plans = _team_plans(today)
        statuses = _implementation_status(now)
    return {"teamplannen": plans, "acties implementatieplan bijgewerkt": statuses}


def _team_plans(today: datetime.date) -> int:
    teams = Team.objects.in_bulk(list(TEAM_PLANS), field_name="slug")
    made = 0
    for slug, item in TEAM_PLANS.items():
        team = teams.get(slug)
        if team is None:
            continue
        now = timezone.now()
        plan, _created = TeamPlan.objects.update_or_create(
            team=team,
            year=today.year,
            defaults={"focus": item["focus"], "updated_at": now},
            create_defaults={"focus": item["focus"], "created_at": now, "updated_at": now},
        )
        framework = team_framework(team=team, day=today)
        plan.norms.set(
            framework.norms_own
            + [n for n in framework.norms_organisation if n.subject in item["subjects"]]
        )
        plan.agreements.set(
            framework.agreements_team
            + framework.agreements_services
            + framework.agreements_organisation[:3]
        )
        _plan_actions(plan, item["actions"], today)
        made += 1
    return made


def _plan_actions(plan: TeamPlan, actions: list, today: datetime.date) -> None:
    known = {action.title: action for action in plan.actions.all()}
    for title, weeks, status in actions:
        action = known.get(title)
        if action is None:
            action = action_create(
                team=plan.team, title=title, due=today + datetime.timedelta(weeks=weeks)
            )
            plan.actions.add(action)
        if action.status != status:
            action_set_status(action=action, status=status)
    # The team's actions from its improvement tracks belong in its plan too.
    plan.actions.add(*plan.team.improvement_actions.filter(track__isnull=False))


def _implementation_status(now: datetime.datetime) -> int:
    """Loaded by the migration; a database emptied since (``flush``) has none to update."""
    items = ImplementationAction.objects.in_bulk(list(IMPLEMENTATION_STATUS), field_name="position")
    for position, (status, owner, notes) in IMPLEMENTATION_STATUS.items():
        item = items.get(position)
        if item is None:
            continue
        item.status = ActionStatus(status)
        item.owner = owner
        item.notes = notes
        item.updated_at = now
        item.save(update_fields=["status", "owner", "notes", "updated_at"])
    return len(items)
