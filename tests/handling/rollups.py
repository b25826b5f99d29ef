"""Check that the roll-up tables hold exactly what the raw register says."""

from dienstverlening.handling.models import DailyFlow, LeadTimeBucket
from dienstverlening.handling.rollups import rollup_counts_from_items

DIMS = ["municipality_id", "team_id", "service_id", "channel_id", "kind"]


def stored_rollups() -> dict:
    found = {}
    for row in DailyFlow.objects.values("day", *DIMS, "received", "closed", "closed_on_time"):
        amounts = [row["received"], row["closed"], row["closed_on_time"]]
        if any(amounts):
            found[("flow", row["day"], *(row[d] for d in DIMS))] = amounts
    for row in LeadTimeBucket.objects.values("day", *DIMS, "bucket", "count", "on_time"):
        amounts = [row["count"], row["on_time"]]
        if any(amounts):
            found[("lead", row["day"], *(row[d] for d in DIMS), row["bucket"])] = amounts
    return found


def assert_rollups_match_raw() -> None:
    expected = {k: v for k, v in rollup_counts_from_items().values.items() if any(v)}
    assert stored_rollups() == expected
    assert all(v >= 0 for amounts in expected.values() for v in amounts)
