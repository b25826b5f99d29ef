"""Demo handling data (call-backs, e-mails, applications). Filled in by the handling release."""

import random


def generate(*, rng: random.Random, scale: float) -> dict[str, int]:
    """Build the demo handling items; returns counts for the summary printed by ``demo``."""
    return {}
