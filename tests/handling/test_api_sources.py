"""A system sees and changes only the items of its own sources: another system's items do not
exist for it (404), and it cannot deliver under another system's source."""

import pytest

from dienstverlening.handling.models import HandlingItem
from tests.core.factories import api_client
from tests.handling.factories import case_payload, task_payload

pytestmark = pytest.mark.django_db

CASE = case_payload(bron="zaaksysteem-a")
TASK = task_payload(bron="kcc-a")


@pytest.fixture
def systems(intake_norms):
    a = api_client("systeem-a", sources=["zaaksysteem-a", "kcc-a"])
    b = api_client("systeem-b", sources=["zaaksysteem-b", "kcc-b"])
    return a, b


def test_system_b_cannot_read_change_close_or_back_date_the_items_of_system_a(systems):
    a, b = systems
    case = a.post("/api/v1/zaken/", CASE, format="json").json()
    task = a.post("/api/v1/interne-taken/", TASK, format="json").json()
    for url in (f"/api/v1/zaken/{case['uuid']}/", f"/api/v1/interne-taken/{task['uuid']}/"):
        assert b.get(url).status_code == 404
        changes = [
            {"einddatum": "2026-11-30", "resultaat": "geweigerd"},
            {"status": "verwerkt"},
            {"team": "belastingen"},
            {"startdatum": "2026-01-05", "toegewezenOp": "2026-01-05T10:00:00+01:00"},
        ]
        for change in changes:
            response = b.patch(url, change, format="json")
            assert response.status_code == 404
            assert response["Content-Type"] == "application/problem+json"
    assert a.get(f"/api/v1/zaken/{case['uuid']}/").json() == case
    assert a.get(f"/api/v1/interne-taken/{task['uuid']}/").json() == task


def test_system_b_cannot_upsert_under_the_source_of_system_a(systems):
    a, b = systems
    case = a.post("/api/v1/zaken/", CASE, format="json").json()
    response = b.post(
        "/api/v1/zaken/", {**CASE, "einddatum": "2026-11-30", "startdatum": "2026-01-05"}, "json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Deze koppeling mag niet aanleveren voor bron 'zaaksysteem-a', alleen voor: "
        "zaaksysteem-b, kcc-b."
    )
    assert a.get(f"/api/v1/zaken/{case['uuid']}/").json() == case
    assert HandlingItem.objects.count() == 1


def test_each_system_lists_only_its_own_items(systems):
    a, b = systems
    a.post("/api/v1/zaken/", CASE, format="json")
    a.post("/api/v1/zaken/", {**CASE, "identificatie": "Z-2"}, format="json")
    b.post("/api/v1/zaken/", {**CASE, "bron": "zaaksysteem-b", "identificatie": "B-1"}, "json")
    a.post("/api/v1/interne-taken/", TASK, format="json")

    mine = b.get("/api/v1/zaken/").json()
    assert mine["count"] == 1
    assert [(r["bron"], r["identificatie"]) for r in mine["results"]] == [("zaaksysteem-b", "B-1")]
    assert b.get("/api/v1/interne-taken/").json()["count"] == 0
    theirs = a.get("/api/v1/zaken/").json()
    assert sorted(r["identificatie"] for r in theirs["results"]) == ["Z-1", "Z-2"]
    assert [r["nummer"] for r in a.get("/api/v1/interne-taken/").json()["results"]] == ["T-1"]


def test_the_same_number_in_two_sources_are_two_items(systems):
    a, b = systems
    first = a.post("/api/v1/zaken/", CASE, format="json")
    second = b.post("/api/v1/zaken/", {**CASE, "bron": "zaaksysteem-b"}, format="json")
    assert first.status_code == second.status_code == 201
    assert first.json()["uuid"] != second.json()["uuid"]


@pytest.mark.parametrize("items", [1, 6])
def test_listing_items_takes_the_same_queries_for_one_or_many(
    systems, items, django_assert_num_queries
):
    a, _b = systems
    for number in range(items):
        a.post("/api/v1/zaken/", {**CASE, "identificatie": f"Z-{number}"}, format="json")
    # token (2: recent failures, the client), rate limit (4: one atomic increment in the cache's
    # savepoint), count and page (2)
    with django_assert_num_queries(8):
        assert a.get("/api/v1/zaken/").json()["count"] == items
