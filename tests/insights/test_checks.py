"""A minimum group size below one would hide nothing: every management command refuses it."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError


@pytest.mark.parametrize("size", [0, -3])
def test_check_refuses_a_minimum_group_size_below_one(settings, size):
    settings.DV_MIN_GROUP_SIZE = size

    with pytest.raises(SystemCheckError, match=r"insights\.E001") as refused:
        call_command("check")

    assert f"DV_MIN_GROUP_SIZE is {size}" in str(refused.value)


@pytest.mark.parametrize("size", [1, 10])
def test_check_accepts_a_minimum_group_size_of_one_or_more(settings, size, capsys):
    settings.DV_MIN_GROUP_SIZE = size

    call_command("check")

    assert "insights.E001" not in capsys.readouterr().err
