"""Who may change which part of the framework. Every edit view goes through these.

An ``access_*`` function returns what ``user`` may change or raises ``PermissionDenied`` (403).
Parts of a team (its norms and agreements, also those of its services) belong to its manager
and the coördinator; the organisation-wide framework to the coördinator (``core.access``).
Where the rule depends on the object, a missing one is a 404 first; where it does not, a
refusal comes first, so nobody learns which numbers exist.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from dienstverlening.core.access import is_framework_owner, may_edit_team
from dienstverlening.organisation.models import Team

from .models import FocusPeriod, Level, Norm, Statement, WorkAgreement


def can_edit_scope(user, *, level: str, team: Team | None) -> bool:
    """The coördinator edits everything; a teammanager edits their own teams' norms."""
    if level == Level.ORGANISATION or team is None:
        return is_framework_owner(user)
    return may_edit_team(user, team)


def access_scope_for_edit(user, *, level: str, team: Team | None) -> None:
    """Raise ``PermissionDenied`` (403) unless ``user`` may edit this scope."""
    if not can_edit_scope(user, level=level, team=team):
        raise PermissionDenied


def access_scope_by_slug(user, slug: str | None) -> Team | None:
    """The team with ``slug`` to add a norm or agreement to; none means the organisation."""
    team = get_object_or_404(Team, slug=slug) if slug else None
    access_scope_for_edit(user, level=Level.TEAM if team else Level.ORGANISATION, team=team)
    return team


def access_norm_for_edit(user, norm_id: int) -> Norm:
    norm = get_object_or_404(Norm.objects.select_related("team", "service__team"), pk=norm_id)
    access_scope_for_edit(user, level=norm.level, team=norm.owning_team)
    return norm


def access_agreement_for_edit(user, agreement_id: int) -> WorkAgreement:
    agreement = get_object_or_404(
        WorkAgreement.objects.select_related("team", "service__team"), pk=agreement_id
    )
    access_scope_for_edit(user, level=agreement.level, team=agreement.owning_team)
    return agreement


def access_framework_for_edit(user) -> None:
    """Values, statements and focus periods belong to the coördinator."""
    if not is_framework_owner(user):
        raise PermissionDenied


def access_statement_for_edit(user, statement_id: int) -> Statement:
    access_framework_for_edit(user)
    return get_object_or_404(Statement.objects.select_related("value"), pk=statement_id)


def access_focus_period_for_edit(user, period_id: int | None) -> FocusPeriod:
    """The focus period to change, or a new one when ``period_id`` is none."""
    access_framework_for_edit(user)
    return get_object_or_404(FocusPeriod, pk=period_id) if period_id else FocusPeriod()
