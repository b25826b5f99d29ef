"""Demo survey data (questionnaire, runs, responses). Filled in by the surveys release."""

import random


def generate(*, rng: random.Random, scale: float) -> dict[str, int]:
    """Build the demo survey data; returns counts for the summary printed by ``demo``."""
    return {}
