"""Fixtures of the improvement tests (``alerts_data``: answers and handling records)."""

from tests.improvement.alerts_data import (  # noqa: F401 (fixtures)
    answers,
    callback_norm,
    quarter,
    statements,
)
