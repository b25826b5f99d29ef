"""`dienstverlening purge` on the demo organisation: a dry run changes nothing, a real run
deletes exactly what is past its period, and every figure of the dashboard stays the same."""

import datetime
import os
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from dienstverlening.core.formats import format_number
from dienstverlening.core.localtime import AMSTERDAM
from dienstverlening.core.models import DeletionLog
from dienstverlening.core.retention import rules
from dienstverlening.handling.models import HandlingItem, MailMessage, Suspension
from dienstverlening.improvement.models import Signal, SignalEvent, SignalStatus
from dienstverlening.insights import experience, work
from dienstverlening.insights.periods import Period
from dienstverlening.insights.rounds import SurveyRound
from dienstverlening.insights.scope import Scope
from dienstverlening.surveys.models import Invitation, OpenAnswer, Response
from tests import snapshot
from tests.clock import MOMENTS
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db

# The demo is dated at Wednesday 2 December 2026; the purge runs half a year later.
PURGE_MOMENT = datetime.datetime(2027, 6, 2, 10, 0, tzinfo=AMSTERDAM)
# Shorter periods than the defaults, so every rule finds something in two years of demo data.
PERIODS = {"open_answers": "1y", "signals": "30d", "invitation_hashes": "1y"}
# What lies before these moments is past its period at PURGE_MOMENT (written out by hand).
HANDLING_CUTOFF = datetime.datetime(2025, 6, 2, 10, 0, tzinfo=AMSTERDAM)  # 2 years
OPEN_ANSWER_CUTOFF = datetime.date(2026, 6, 2)  # 1 year
SIGNAL_CUTOFF = datetime.datetime(2027, 5, 3, 10, 0, tzinfo=AMSTERDAM)  # 30 days
HASH_CUTOFF = datetime.date(2026, 6, 2)  # 1 year
EVERYTHING = Period(datetime.date(2000, 1, 1), datetime.date(2100, 1, 1), "eigen")

# The dashboard's selections compared before and after: periods of the grid and the presets,
# the organisation, a domain, a team, a service, a municipality, a channel, each survey round.
SELECTIONS = [
    {"periode": periode, **where}
    for periode in ("2025", "2026-K1", "jaar", "vorig-jaar")
    for where in (
        {},
        {"domein": "publiek-en-veiligheid"},
        {"team": "burgerzaken"},
        {"dienst": "paspoort-aanvragen"},
        {"gemeente": "oudewater"},
        {"kanaal": "balie"},
    )
] + [{"periode": "2025", "meting": survey_round} for survey_round in SurveyRound.values]
# The dashboard page itself is compared for these (each page takes a while to build).
PAGES = [{"periode": periode} for periode in ("2025", "vorig-jaar")] + [
    {"periode": "2026-K1", "team": "burgerzaken"}
]
# What differs between two requests of the same page: nonces and form tokens.
VOLATILE = re.compile(r'(nonce=|value=|content=|"X-CSRFToken": )"[A-Za-z0-9+/=_-]{20,}"')


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    with snapshot.shared_demo(django_db_blocker, now=MOMENTS["wednesday"]):
        yield


@pytest.fixture
def half_a_year_later(demo_data, clock, settings):
    settings.DV_RETENTION = {**settings.DV_RETENTION, **PERIODS}
    clock.move_to(PURGE_MOMENT)
    return PURGE_MOMENT


def table_counts() -> dict[str, int]:
    """Rows in every table of the database."""
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def dashboard_figures(client, user) -> dict:
    """The dashboard's numbers for every selection: the KPI API (the figures as data), the
    dashboard page itself, and the overviews over all time, handling and experience alike."""
    client = logged_in(client, user)
    figures: dict = {}
    for params in SELECTIONS:
        api = client.get(reverse("api-kpis"), params)
        assert api.status_code == 200, (params, api.content[:300])
        figures[("api", *sorted(params.items()))] = api.json()
    for params in PAGES:
        page = client.get(reverse("dashboard"), params)
        assert page.status_code == 200, params
        figures[("pagina", *sorted(params.items()))] = VOLATILE.sub("", page.content.decode())
    for survey_round in SurveyRound.values:
        figures[("alles", survey_round)] = repr(
            experience.experience_overview(Scope(), EVERYTHING, survey_round=survey_round)
        )
    figures["afhandeling"] = work.handling_overview(Scope(), EVERYTHING)
    figures["op tijd"] = work.on_time_trend(Scope(), EVERYTHING, grain="month")
    return figures


def assert_same_figures(before: dict, after: dict) -> None:
    """Equal, or a readable difference: the selection and the lines that changed."""
    import difflib

    assert before.keys() == after.keys()
    for key, old in before.items():
        new = after[key]
        if old == new:
            continue
        if isinstance(old, str) and key[0] == "pagina":
            diff = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="")
            pytest.fail(f"{key}: the dashboard page changed:\n" + "\n".join(list(diff)[:60]))
        assert old == new, key


def test_a_dry_run_changes_no_table_and_no_file(half_a_year_later, capsys, settings):
    settings.DV_UPLOAD_DIR.mkdir(parents=True, exist_ok=True)
    forgotten = settings.DV_UPLOAD_DIR / "contactlijst.csv"
    forgotten.write_text("e-mailadres\nanna@example.org\n")
    stamp = (PURGE_MOMENT - datetime.timedelta(days=3)).timestamp()
    os.utime(forgotten, (stamp, stamp))
    before = table_counts()
    emails = sorted(Invitation.objects.exclude(email="").values_list("pk", "email"))
    hashes = Invitation.objects.exclude(address_hash="").count()

    call_command("purge", "--dry-run")

    after = table_counts()
    # The only new rows: one per rule in the deletion log, marked as a dry run.
    assert after.pop("core_deletionlog") - before.pop("core_deletionlog") == len(rules())
    assert after == before
    assert sorted(Invitation.objects.exclude(email="").values_list("pk", "email")) == emails
    assert Invitation.objects.exclude(address_hash="").count() == hashes
    assert forgotten.exists()
    assert set(DeletionLog.objects.values_list("dry_run", flat=True)) == {True}
    output = capsys.readouterr().out
    assert "Proefdraaien: er is niets verwijderd of gewist." in output
    items = HandlingItem.objects.filter(closed_at__lt=HANDLING_CUTOFF).count()
    assert (
        "Afhandelitems (met opschortingen), 2 jaar na afhandeling (vóór 02-06-2025 10:00): "
        f"{format_number(items)} zouden worden verwijderd."
    ) in output
    assert (
        "Geüploade bestanden die niemand importeerde, 1 dag na het uploaden "
        "(vóór 01-06-2027 10:00): 1 zou worden verwijderd."
    ) in output


def expected_deletions() -> dict[str, int]:
    """Per table, the rows a purge at PURGE_MOMENT must delete, counted here by hand."""
    old_items = HandlingItem.objects.filter(closed_at__lt=HANDLING_CUTOFF)
    old_signals = Signal.objects.filter(status=SignalStatus.DONE, answered_at__lt=SIGNAL_CUTOFF)
    return {
        "handling_handlingitem": old_items.count(),
        "handling_suspension": Suspension.objects.filter(item__in=old_items).count(),
        "handling_mailmessage": MailMessage.objects.filter(item__in=old_items).count(),
        "surveys_openanswer": OpenAnswer.objects.filter(
            response__answered_on__lt=OPEN_ANSWER_CUTOFF
        ).count(),
        "improvement_signal": old_signals.count(),
        "improvement_signalevent": SignalEvent.objects.filter(signal__in=old_signals).count(),
    }


def test_a_purge_deletes_exactly_what_is_past_its_period_and_every_figure_stays(
    half_a_year_later, client, directie
):
    figures = dashboard_figures(client, directie)
    expected = expected_deletions()
    # There is something to delete in this demo, so the test proves something.
    assert expected["handling_handlingitem"] and expected["surveys_openanswer"]
    assert expected["improvement_signal"] and expected["improvement_signalevent"]
    kept_items = set(
        HandlingItem.objects.exclude(closed_at__lt=HANDLING_CUTOFF).values_list("pk", flat=True)
    )
    kept_answers = set(
        OpenAnswer.objects.filter(response__answered_on__gte=OPEN_ANSWER_CUTOFF).values_list(
            "pk", flat=True
        )
    )
    responses = Response.objects.count()
    before = table_counts()
    logged = before.pop("core_deletionlog")

    call_command("purge", verbosity=0)

    after = table_counts()
    assert after.pop("core_deletionlog") == logged + len(rules())
    assert {t: before[t] - after[t] for t in before if before[t] != after[t]} == {
        table: n for table, n in expected.items() if n
    }
    # Exactly those rows: everything inside its period is still there, to the row.
    assert set(HandlingItem.objects.values_list("pk", flat=True)) == kept_items
    assert set(OpenAnswer.objects.values_list("pk", flat=True)) == kept_answers
    assert Response.objects.count() == responses  # the answers' marks and statements stay
    assert not Invitation.objects.filter(created_on__lt=HASH_CUTOFF).exclude(address_hash="")
    assert Invitation.objects.filter(created_on__gte=HASH_CUTOFF).exclude(address_hash="")
    # The dashboard shows the same numbers, to the last digit.
    assert_same_figures(figures, dashboard_figures(client, directie))
    log = {row.rule: row for row in DeletionLog.objects.all()}
    assert set(log) == {rule.code for rule in rules()}
    assert log["handling_items"].count == expected["handling_handlingitem"]
    assert log["open_answers"].count == expected["surveys_openanswer"]
    assert log["signals"].period == "30d" and not log["signals"].dry_run

    # A second run finds nothing more: only its own log rows are new, and the figures stand.
    settled = table_counts()
    call_command("purge", verbosity=0)
    second = table_counts()
    assert second.pop("core_deletionlog") == settled.pop("core_deletionlog") + len(rules())
    assert second == settled
    latest = DeletionLog.objects.order_by("-pk")[: len(rules())]
    assert {row.rule: row.count for row in latest} == {rule.code: 0 for rule in rules()}
    assert_same_figures(figures, dashboard_figures(client, directie))
