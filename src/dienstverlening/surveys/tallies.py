"""The roll-up ``AnswerTally``: one wide row per month and group, kept current by the writer.

A response adds to exactly one row: ``responses`` + 1, ``mark_<heel cijfer>`` + 1, the mark in
tenths to ``mark_tenths`` and its square to ``mark_tenths_sq``, and ``s<slot>_<waarde>`` + 1 per
statement answered. ``tallies_add`` adds the rows through ``core.bulk.increment_upsert`` on the
key declared once as ``TALLY_KEY`` (SQLite and PostgreSQL alike, keys sorted so concurrent
writers lock in the same order). Keys are therefore unique; readers still SUM, which stays
correct either way. Every addition raises the version of the teams' figures
(``organisation.figure_versions``) in the same transaction, so the dashboard's cache lets go.
"""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal

from dienstverlening.core.bulk import increment_upsert
from dienstverlening.organisation.figure_versions import figures_changed

from .models import (
    MARK_TENTHS,
    MARK_TENTHS_SQUARED,
    TALLY_COLUMNS,
    TALLY_KEY,
    AnswerTally,
    QuestionnaireStatement,
    mark_column,
    mark_in_tenths,
    statement_column,
)

# Key (the values of ``TALLY_KEY`` in its order) → counts per column.
TallyRows = dict[tuple, Counter[str]]


def statement_slots(statements: list[QuestionnaireStatement]) -> dict[int, int]:
    """Statement id → slot (its ``order`` in the questionnaire version)."""
    return {qs.statement_id: qs.order for qs in statements}


def tally_add_response(
    tallies: TallyRows,
    *,
    day: datetime.date,
    run_id: int,
    service_id: int,
    channel_id: int,
    municipality_id: int,
    outcome: str,
    questionnaire_id: int,
    slots: dict[int, int],
    statements: dict[int, int],
    mark: int | Decimal | None,
) -> None:
    """Add one response (statement id → 0..5, mark 1..10 with at most one decimal, or None)."""
    key = TALLY_KEY.values(
        month=day.replace(day=1),
        run=run_id,
        service=service_id,
        channel=channel_id,
        municipality=municipality_id,
        outcome=outcome,
        questionnaire=questionnaire_id,
    )
    counts = tallies.setdefault(key, Counter())
    counts["responses"] += 1
    if mark is not None:
        tenths = mark_in_tenths(mark)
        counts[mark_column(tenths // 10)] += 1
        counts[MARK_TENTHS] += tenths
        counts[MARK_TENTHS_SQUARED] += tenths * tenths
    for statement_id, value in statements.items():
        counts[statement_column(slots[statement_id], value)] += 1


def tallies_add(tallies: TallyRows, *, fresh: bool = False) -> None:
    """Add ``tallies`` to the roll-up. Call inside the transaction that saves the answers.

    ``fresh``: the caller knows none of these keys exist yet (an external run's first import,
    which no public form can write to), so the rows are inserted (COPY on PostgreSQL).
    """
    if not tallies:
        return
    service, municipality = (
        TALLY_KEY.fields.index("service"),
        TALLY_KEY.fields.index("municipality"),
    )
    changed = {(key[municipality], key[service]) for key in tallies}
    _add(tallies, fresh=fresh)
    figures_changed(services=changed)  # last: the version row is locked until the commit


def _add(tallies: TallyRows, *, fresh: bool) -> None:
    if len(tallies) == 1:
        # The public form: only the columns this response touches.
        [(key, counts)] = tallies.items()
        columns = [c for c in TALLY_COLUMNS if counts.get(c)]
        increment_upsert(AnswerTally, TALLY_KEY, columns, [(*key, *(counts[c] for c in columns))])
        return
    columns = list(TALLY_COLUMNS)
    rows = [(*key, *(counts.get(c, 0) for c in columns)) for key, counts in tallies.items()]
    increment_upsert(AnswerTally, TALLY_KEY, columns, rows, fresh=fresh)
