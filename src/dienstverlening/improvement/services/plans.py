"""Writing team plans and keeping the implementation plan up to date."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dienstverlening.framework.models import Norm, WorkAgreement
from dienstverlening.organisation.models import Team

from ..models import Action, Advice, ImplementationAction, TeamPlan
from ..selectors.plans import plan_actions_in_scope, plan_agreements_in_scope, plan_norms_in_scope
from .tracks import action_create


def _duplicate_plan_error(team: Team, year: int) -> ValidationError:
    return ValidationError(
        _("Team %(team)s heeft al een teamplan voor %(year)s. Open dat plan en pas het daar aan."),
        code="duplicate",
        params={"team": team.name, "year": year},
    )


@transaction.atomic
def team_plan_create(*, team: Team, year: int, focus: str = "", by) -> TeamPlan:
    """Start the team plan of ``team`` for ``year``; one plan per team and year."""
    now = timezone.now()
    plan = TeamPlan(
        team=team, year=year, focus=focus.strip(), created_at=now, updated_at=now, updated_by=by
    )
    plan.full_clean(validate_constraints=False)
    if TeamPlan.objects.filter(team=team, year=year).exists():
        raise _duplicate_plan_error(team, year)
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:  # made at the same moment by someone else
        raise _duplicate_plan_error(team, year) from None
    return plan


def _outside(chosen: list, allowed: Iterable[int]) -> bool:
    return bool({item.pk for item in chosen} - set(allowed))


@transaction.atomic
def team_plan_update(
    *,
    plan: TeamPlan,
    focus: str,
    norms: Iterable[Norm] = (),
    agreements: Iterable[WorkAgreement] = (),
    actions: Iterable[Action] = (),
    by,
) -> TeamPlan:
    """Set what the team commits to: the chosen norms and agreements, its focus and actions.

    Only norms and agreements that hold for the team (the organisation's, the team's own and
    its services') and the team's own actions can be chosen.
    """
    norms, agreements, actions = list(norms), list(agreements), list(actions)
    errors = {}
    if _outside(norms, plan_norms_in_scope(plan).values_list("pk", flat=True)):
        errors["norms"] = _("Kies alleen normen die in %(year)s voor dit team gelden.") % {
            "year": plan.year
        }
    if _outside(agreements, plan_agreements_in_scope(plan).values_list("pk", flat=True)):
        errors["agreements"] = _("Kies alleen werkafspraken die voor dit team gelden.")
    if _outside(actions, plan_actions_in_scope(plan).values_list("pk", flat=True)):
        errors["actions"] = _("Kies alleen acties van dit team.")
    if errors:
        raise ValidationError(errors, code="scope")
    plan.focus = focus.strip()
    plan.updated_at = timezone.now()
    plan.updated_by = by
    plan.full_clean(validate_constraints=False)
    plan.save(update_fields=["focus", "updated_at", "updated_by"])
    plan.norms.set(norms)
    plan.agreements.set(agreements)
    plan.actions.set(actions)
    return plan


@transaction.atomic
def team_plan_action_add(
    *, plan: TeamPlan, title: str, owner: Team | None, due: datetime.date | None, by
) -> Action:
    """A new action of the team's own in its plan (through ``action_create``)."""
    errors = {}
    if owner is None:
        errors["owner"] = _("Kies het team dat de actie uitvoert.")
    if due is None:
        errors["due"] = _("Vul in wanneer de actie klaar moet zijn.")
    if not title.strip():
        errors["title"] = _("Schrijf op wat het team gaat doen.")
    if errors:
        raise ValidationError(errors, code="required")
    action = action_create(team=owner, title=title.strip(), due=due)
    plan.actions.add(action)
    plan.updated_at = timezone.now()
    plan.updated_by = by
    plan.save(update_fields=["updated_at", "updated_by"])
    return action


@transaction.atomic
def implementation_action_update(
    *,
    action: ImplementationAction,
    text: str,
    colour: str,
    responsible: str,
    advices: Iterable[Advice],
    status: str,
    owner: str = "",
    notes: str = "",
    by,
) -> ImplementationAction:
    """Change one action of the implementation plan (the coördinator's)."""
    advices = list(advices)
    if not advices:
        raise ValidationError(
            {"advices": _("Kies minstens één advies waar deze actie aan bijdraagt.")},
            code="required",
        )
    action.text = text.strip()
    action.colour = colour
    action.responsible = responsible.strip()
    action.status = status
    action.owner = owner.strip()
    action.notes = notes.strip()
    action.updated_at = timezone.now()
    action.updated_by = by
    action.full_clean()
    action.save()
    action.advices.set(advices)
    return action
