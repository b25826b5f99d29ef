"""Team plans and the implementation plan in tests."""

import factory
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from dienstverlening.improvement.models import ImplementationAction, TeamPlan
from tests.organisation.factories import TeamFactory


class TeamPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamPlan

    team = factory.SubFactory(TeamFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    focus = "We bellen inwoners die lang wachten zelf op."
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyFunction(timezone.now)


def plans_migration():
    """The improvement migration that loads the implementation plan (whatever its number)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    [key] = [key for key in loader.disk_migrations if key[0] == "improvement" and "plans" in key[1]]
    return key, loader.disk_migrations[key]


def implementation_plan() -> list[ImplementationAction]:
    """The implementation plan as the migration loads it. A transactional test earlier in this
    process may have emptied the tables (its flush); then it is loaded again, the same way."""
    if not ImplementationAction.objects.exists():
        from django.apps import apps

        _key, migration = plans_migration()
        module = __import__(migration.__module__, fromlist=["load_implementation_plan"])
        module.load_implementation_plan(apps, None)
    return list(ImplementationAction.objects.order_by("position"))
