"""Who sees and does what in the handling register (``handling.access``, on ``core.access``)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from dienstverlening.core.roles import Role
from dienstverlening.handling.access import access_intake_admin, access_open_work
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_colleague_reads_open_work(
    employee, manager, coordinator, directie, beheerder, superuser
):
    for user in (employee, manager, coordinator, directie, beheerder, superuser):
        access_open_work(user)


def test_anonymous_and_switched_off_accounts_read_no_open_work():
    gone = UserFactory(username="vertrokken", role=Role.ADMINISTRATOR, is_active=False)
    for user in (AnonymousUser(), gone):
        with pytest.raises(PermissionDenied):
            access_open_work(user)
        with pytest.raises(PermissionDenied):
            access_intake_admin(user)


def test_intake_is_the_beheerders_and_a_superusers_as_beheerder(beheerder, superuser):
    for user in (beheerder, superuser):
        access_intake_admin(user)


def test_intake_is_refused_to_the_other_roles(employee, manager, coordinator, directie):
    for user in (employee, manager, coordinator, directie):
        with pytest.raises(PermissionDenied):
            access_intake_admin(user)
