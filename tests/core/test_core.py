from decimal import Decimal

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from dienstverlening.core.formats import format_number, format_percent
from dienstverlening.core.roles import Role
from tests.core.factories import UserFactory


def test_dutch_number_formats():
    assert format_number(1234.5, 1) == "1.234,5"
    assert format_number(1234567) == "1.234.567"
    assert format_percent(Decimal("84")) == "84\u00a0%"
    assert format_percent(None) == "–"


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_number_round_trips_through_dutch_format(value):
    assert int(format_number(value).replace(".", "")) == value


@pytest.mark.django_db
def test_functioneel_beheerder_gets_admin_access():
    assert UserFactory(role=Role.ADMINISTRATOR).is_staff
    assert not UserFactory(role=Role.EMPLOYEE).is_staff


@pytest.mark.django_db
def test_no_model_change_without_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
