"""Which figures may be shown: primary and secondary (complementary) suppression.

The promise: no figure about fewer than ``DV_MIN_GROUP_SIZE`` respondents is shown, and none
can be worked out from the figures that are shown (whole minus parts, a period minus a shorter
one, a core value minus its visible statement). The rule, as statistical offices apply it to
tables (see docs/privacy.md):

* A **cell** is one group of respondents: a scope (organisation, domain, team or service;
  municipality; channel) in one cell of the period grid (month, quarter, half-year, year; see
  ``periods``) and one survey round. Its **measures** are counted in people: respondents
  (responses), marks given, and per statement the residents who gave an opinion on it.
* **Primary**: a measure of a cell is hidden when 0 < n < minimum.
* **Secondary, per dimension**: every cell has a parent in each dimension it is filtered on
  (a service within its team, a team within its domain, a domain within the organisation; a
  municipality or a channel within "all"; a month within its quarter, a quarter within its
  half-year, a half-year within its year). Among the children of one parent (the siblings), the
  hidden ones must add up to 0 or to at least the minimum, so "parent minus the shown children"
  never isolates a small group. When they add up to less, the smallest other non-empty
  siblings are hidden too (ties by database id), until the sum reaches the minimum. When the
  parent itself is hidden, its hidden children must add up to at least the minimum as well
  (otherwise the children would give the parent back, and with it a hidden sibling of the
  parent).
* A hidden respondents measure hides every figure of the cell. A core value (its statements
  pooled) is hidden when one of its statements is; so are all statements pooled.

Cells are counted with one grouped query on the survey roll-up (``AnswerTally``) per page, over
just the dimensions and years the page needs; the roll-up to every parent is done with numpy.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.db.models import Case, F, IntegerField, Q, Sum, Value, When
from django.utils.translation import gettext as _

from dienstverlening.surveys.models import (
    AGREEMENT_VALUES,
    MARK_VALUES,
    STATEMENT_SLOTS,
    AnswerTally,
    mark_column,
    statement_column,
)

from .periods import MONTHS, Period, cell_start
from .rounds import SurveyRound, round_runs
from .scope import Scope

RESPONDENTS, MARKS = 0, 1  # measure positions; the statements follow

# Why a figure is not shown (machine codes, also in the API and the downloads).
SMALL = "kleine-groep"  # fewer respondents than the minimum
COMPLEMENT = "terugrekenen"  # big enough, but it would give a hidden group back by subtraction
STATEMENT = "stelling-verborgen"  # pooled over statements, one of which is hidden


def reason_text(reason: str | None) -> str:
    """The reason in words, for the page, the downloads and the API."""
    if reason == SMALL:
        return _("te weinig antwoorden")
    if reason == COMPLEMENT:
        return _("niet getoond: zou een kleine groep verraden")
    if reason == STATEMENT:
        return _("niet getoond: een stelling heeft te weinig antwoorden")
    return ""


def min_group_size() -> int:
    return settings.DV_MIN_GROUP_SIZE


TimeNode = tuple[str, int, int]  # (grain, year, number): ("quarter", 2026, 3); ("all", 0, 0)
HierarchyNode = tuple[
    str, int
]  # ("organisation", 0), ("domain", pk), ("team", pk), ("service", pk)
ORGANISATION: HierarchyNode = ("organisation", 0)
ALL_TIME: TimeNode = ("all", 0, 0)
EVERY = "every"  # counted: every domain's teams (or every team's services), not one branch


def time_node(start: datetime.date, grain: str) -> TimeNode:
    if grain not in MONTHS:
        return ALL_TIME
    start = cell_start(start, grain)
    return (grain, start.year, (start.month - 1) // MONTHS[grain] + 1)


def _time_parent(node: TimeNode, rooted: bool) -> TimeNode | None:
    grain, year, number = node
    if grain == "month":
        return ("quarter", year, (number - 1) // 3 + 1)
    if grain == "quarter":
        return ("half", year, (number - 1) // 2 + 1)
    if grain == "half":
        return ("year", year, 1)
    if grain == "year" and rooted:
        return ALL_TIME
    return None


def _time_range(node: TimeNode) -> tuple[datetime.date, datetime.date]:
    grain, year, number = node
    first = datetime.date(year, (number - 1) * MONTHS[grain] + 1, 1)
    last_month = first.month + MONTHS[grain] - 1
    return first, datetime.date(year, last_month, 1)


def scope_node(scope: Scope) -> HierarchyNode:
    if scope.service:
        return ("service", scope.service.pk)
    if scope.team:
        return ("team", scope.team.pk)
    if scope.domain:
        return ("domain", scope.domain.pk)
    return ORGANISATION


@dataclass(frozen=True)
class Bucket:
    """One group of answers with its own time axis: the period (and the one compared with) of
    the chosen round, or a whole measurement such as the baseline."""

    name: str
    runs: Q  # filter on the roll-up
    rooted: bool  # True: one measurement (years under one root); False: calendar years are roots
    units: tuple[TimeNode, ...]  # the finest cells counted; ALL_TIME: the whole bucket at once
    months: tuple[datetime.date, datetime.date] | None = None  # only for ALL_TIME units


def grid_units(periods: Iterable[Period], grain: str) -> tuple[TimeNode, ...]:
    """Cells of ``grain`` that cover the calendar years of ``periods``."""
    years = sorted({year for p in periods for year in range(p.start.year, p.end.year + 1)})
    size = MONTHS[grain]
    return tuple((grain, year, n) for year in years for n in range(1, 12 // size + 1))


GRAIN_ORDER = ["month", "quarter", "half", "year", "all"]


def finest(*grains: str | None) -> str:
    present = [g for g in grains if g in GRAIN_ORDER[:4]]
    return min(present, key=GRAIN_ORDER.index) if present else "year"


@dataclass
class Cube:
    """Counts per cell and measure, rolled up to every parent, and the suppression rule."""

    counts: np.ndarray  # [time, hierarchy, municipality, channel, measure]
    time_index: dict[tuple[str, TimeNode], int]
    h_index: dict[HierarchyNode, int]
    m_index: dict[int, int]  # municipality pk (0: all) → position
    c_index: dict[int, int]
    parents: tuple[list[int], list[int], list[int], list[int]]
    children: tuple[dict[int, list[int]], ...]
    order: tuple[list, list, list, list]  # a stable sort key per node: ids, or the cell itself
    minimum: int
    rank: tuple[dict[int, int], ...] = ()  # a node's place among its parent's children
    # What was counted: hierarchy levels, municipalities, channels and the finest time grain
    # per bucket. Asking about anything else is a programming error, never "nothing hidden".
    counted: dict = field(default_factory=dict)
    _tables: dict = field(default_factory=dict)

    def check(self, hierarchy, municipality, channel, bucket, time) -> None:
        counted = self.counted
        level = hierarchy[0]
        wrong = (
            (level == "domain" and not counted.get("hierarchy"))
            or (level == "team" and counted.get("domain") is None)
            or (level == "service" and counted.get("team") is None)
            or (municipality and not counted.get("municipalities"))
            or (channel and not counted.get("channels"))
            or (
                time != ALL_TIME
                and GRAIN_ORDER.index(time[0]) < GRAIN_ORDER.index(counted["grain"][bucket])
            )
        )
        if wrong:
            raise ValueError(f"Not counted for this page: {hierarchy, municipality, channel, time}")

    # --- lookups ---------------------------------------------------------------------------
    def cell(
        self,
        *,
        bucket: str,
        time: TimeNode,
        hierarchy: HierarchyNode,
        municipality: int = 0,
        channel: int = 0,
    ) -> tuple[int, int, int, int] | None:
        """Positions of a cell, or None when nobody in it answered (nothing to hide)."""
        try:
            return (
                self.time_index[(bucket, time)],
                self.h_index[hierarchy],
                self.m_index[municipality],
                self.c_index[channel],
            )
        except KeyError:
            return None

    def size(self, cell) -> np.ndarray:
        if cell is None:
            return np.zeros(self.counts.shape[-1], dtype=np.int64)
        return self.counts[cell]

    # --- the rule --------------------------------------------------------------------------
    def primary(self, cell) -> np.ndarray:
        n = self.size(cell)
        return (n > 0) & (n < self.minimum)

    def hidden(self, cell) -> np.ndarray:
        """Per measure: may this cell's figure not be shown?"""
        if cell is None:
            return np.zeros(self.counts.shape[-1], dtype=bool)
        key, local = self._table_of(cell)
        pattern = self._tables.get(key)
        if pattern is None:
            pattern = self._tables[key] = self._suppress(key)
        return pattern[local]

    def _table_of(self, cell) -> tuple[tuple, tuple]:
        """The sub-table a cell belongs to: in every dimension in which it is not the root, the
        children of its parent (its siblings); in the others its own coordinate."""
        key, local = [], []
        for axis in range(4):
            parent = self.parents[axis][cell[axis]]
            if parent < 0:
                key.append((False, cell[axis]))
                local.append(0)
            else:
                key.append((True, parent))
                local.append(self.rank[axis][cell[axis]])
        return tuple(key), tuple(local)

    def _suppress(self, key) -> np.ndarray:
        """The pattern of one sub-table, its margins (the parents) already decided.

        1. Primary: 0 < n < minimum.
        2. A line (the children of one parent along one dimension) whose parent is hidden gets
           hidden cells that add up to at least the minimum, so the children do not give the
           parent back (the smallest first; cells that another line would give away come last).
        3. Every cell from 1 and 2 gets a hypercube: in each dimension of the table partners
           in its line (the ones already hidden first, then the smallest non-empty), until the
           cell and its partners add up to at least the minimum; then every corner of the
           product is hidden (in two dimensions: a rectangle). So every hidden cell has another
           hidden cell in each of its lines, and no published sum pins it down.
        4. A group whose respondents are hidden shows none of its figures.
        """
        index = [
            self.children[axis].get(value, []) if varying else [value]
            for axis, (varying, value) in enumerate(key)
        ]
        sizes = self.counts[np.ix_(*index)]
        hide = (sizes > 0) & (sizes < self.minimum)
        if not sizes.size:
            return hide
        axes = [axis for axis, (varying, _value) in enumerate(key) if varying]
        measures = sizes.shape[-1]
        seeds = [
            {tuple(int(i) for i in c) for c in np.argwhere(hide[..., k])} for k in range(measures)
        ]
        for axis in axes:
            self._protect_hidden_parents(key, index, axis, axes, sizes, hide, seeds)
        done: dict[tuple, int] = {}
        for measure in range(measures):
            # Statements are often answered by everyone: the same counts give the same pattern.
            same = (sizes[..., measure].tobytes(), hide[..., measure].tobytes())
            if same in done and seeds[measure] == seeds[done[same]]:
                hide[..., measure] = hide[..., done[same]]
                continue
            done[same] = measure
            self._hypercubes(axes, sizes[..., measure], hide[..., measure], seeds[measure])
        hide |= hide[..., RESPONDENTS : RESPONDENTS + 1]
        return hide

    def _global(self, index, local) -> tuple[int, int, int, int]:
        return tuple(index[axis][position] for axis, position in enumerate(local))

    def _line(self, local, axis: int) -> tuple:
        return (*local[:axis], slice(None), *local[axis + 1 :])

    def _protect_hidden_parents(self, key, index, axis, axes, sizes, hide, seeds) -> None:
        shape = sizes.shape[:4]
        others = [a for a in range(4) if a != axis]
        for rest in np.ndindex(*(shape[a] for a in others)):
            local = [0] * 4
            for a, position in zip(others, rest, strict=True):
                local[a] = position
            line = self._line(local, axis)
            column_all, mask_all = sizes[line], hide[line]
            # Only measures with something left to hide in this line need the parent.
            open_ = ((column_all > 0) & ~mask_all).any(axis=0)
            if not open_.any():
                continue
            parent_cell = list(self._global(index, local))
            parent_cell[axis] = key[axis][1]
            parent = tuple(parent_cell)
            needed = self.hidden(parent) & (self.counts[parent] > 0) & open_
            for measure in np.flatnonzero(needed):
                column, mask = column_all[:, measure], mask_all[:, measure]
                total = int(column[mask].sum())
                if total >= self.minimum:
                    continue
                rows = np.flatnonzero((column > 0) & ~mask)
                pinned = np.array(
                    [self._pinned(index, axes, axis, local, row, sizes, measure) for row in rows]
                )
                for row in rows[np.lexsort((rows, column[rows], pinned))]:
                    if total >= self.minimum:
                        break
                    cell = list(local)
                    cell[axis] = int(row)
                    hide[(*cell, measure)] = True
                    seeds[measure].add(tuple(cell))
                    total += int(column[row])

    def _pinned(self, index, axes, skip, local, row, sizes, measure) -> bool:
        """A cell that is the only non-empty one in a line with a shown parent: that parent
        gives it away, so hiding it protects nothing."""
        cell = list(local)
        cell[skip] = int(row)
        for axis in axes:
            if axis == skip:
                continue
            column = sizes[self._line(cell, axis)][:, measure]
            if np.count_nonzero(column) == 1:
                parent = list(self._global(index, cell))
                parent[axis] = self.parents[axis][parent[axis]]
                if not self.hidden(tuple(parent))[measure]:
                    return True
        return False

    def _hypercubes(self, axes, sizes, hide, seeds) -> None:
        """Step 3 for one measure. On flat lists: the lines are short, so plain Python beats
        numpy's per-call cost. Children are kept in a stable order (ids, dates), so a position
        is also the tie-break."""
        shape = sizes.shape
        strides = [int(np.prod(shape[axis + 1 :], dtype=np.int64)) for axis in range(4)]
        counts = sizes.ravel().tolist()
        hidden = hide.ravel().tolist()
        minimum = self.minimum
        ordered = sorted(seeds, key=lambda cell: (counts[_flat(cell, strides)], cell))
        for seed in ordered:
            here = _flat(seed, strides)
            choices = []
            for axis in axes:
                stride, own = strides[axis], seed[axis]
                base = here - own * stride
                ranked = sorted(
                    (not hidden[base + row * stride], counts[base + row * stride], row)
                    for row in range(shape[axis])
                    if row != own and counts[base + row * stride] > 0
                )
                chosen, total = [own], counts[here]
                for _cost, count, row in ranked:
                    if len(chosen) > 1 and total >= minimum:
                        break
                    chosen.append(row)
                    total += count
                choices.append((stride, own, chosen))
            if all(len(chosen) == 1 for _stride, _own, chosen in choices):
                continue
            for corner in itertools.product(*(chosen for _stride, _own, chosen in choices)):
                flat = here
                for (stride, own, _chosen), position in zip(choices, corner, strict=True):
                    flat += (position - own) * stride
                hidden[flat] = True
        hide[...] = np.array(hidden, dtype=bool).reshape(hide.shape)


def _flat(cell, strides) -> int:
    return sum(position * stride for position, stride in zip(cell, strides, strict=True))


@dataclass(frozen=True)
class Verdict:
    """What may be shown of one cell: per measure hidden or not, and why."""

    hidden: np.ndarray
    primary: np.ndarray
    statement_position: dict[int, int]

    @staticmethod
    def _reason(hidden: bool, primary: bool) -> str | None:
        if not hidden:
            return None
        return SMALL if primary else COMPLEMENT

    @property
    def respondents(self) -> str | None:
        return self._reason(self.hidden[RESPONDENTS], self.primary[RESPONDENTS])

    @property
    def mark(self) -> str | None:
        if self.hidden[RESPONDENTS]:
            return self.respondents
        return self._reason(self.hidden[MARKS], self.primary[MARKS])

    def statement(self, statement_id: int) -> str | None:
        if self.hidden[RESPONDENTS]:
            return self.respondents
        position = self.statement_position.get(statement_id)
        if position is None:
            return None
        return self._reason(self.hidden[position], self.primary[position])

    def pooled(self, statement_ids: Iterable[int]) -> str | None:
        """Statements pooled (a core value, or all of them): hidden when one of them is."""
        if self.hidden[RESPONDENTS]:
            return self.respondents
        if any(self.statement(pk) for pk in statement_ids):
            return STATEMENT
        return None


@dataclass
class Disclosure:
    """Suppression for one page: the view, the cells it is compared with, its table rows and
    its trend points. Build with ``disclosure_for``."""

    cube: Cube
    scope: Scope
    statement_ids: Sequence[int]
    main: TimeNode
    before: tuple[str, TimeNode] | None
    base: tuple[str, TimeNode] | None

    def verdict(
        self,
        *,
        scope: Scope | None = None,
        time: TimeNode | None = None,
        bucket: str = "main",
        row: tuple[str, int] | None = None,
    ) -> Verdict:
        """The verdict for the view (or one row of a breakdown: ``row=(dimension, pk)``, or
        another time cell, or another bucket)."""
        scope = scope or self.scope
        hierarchy = scope_node(scope)
        municipality = scope.municipality.pk if scope.municipality else 0
        channel = scope.channel.pk if scope.channel else 0
        if row is not None:
            dimension, pk = row
            if dimension == "municipality":
                municipality = pk
            elif dimension == "channel":
                channel = pk
            else:
                hierarchy = (dimension, pk)
        return self.verdict_at(
            hierarchy=hierarchy,
            municipality=municipality,
            channel=channel,
            time=self.main if time is None else time,
            bucket=bucket,
        )

    def verdict_at(
        self,
        *,
        hierarchy: HierarchyNode,
        municipality: int,
        channel: int,
        time: TimeNode,
        bucket: str = "main",
    ) -> Verdict:
        """The verdict for any cell this page counted (ids; 0 for "all")."""
        self.cube.check(hierarchy, municipality, channel, bucket, time)
        cell = self.cube.cell(
            bucket=bucket,
            time=time,
            hierarchy=hierarchy,
            municipality=municipality,
            channel=channel,
        )
        positions = {pk: 2 + i for i, pk in enumerate(self.statement_ids)}
        return Verdict(self.cube.hidden(cell), self.cube.primary(cell), positions)

    def previous(self) -> Verdict | None:
        if self.before is None:
            return None
        bucket, time = self.before
        return self.verdict(bucket=bucket, time=time)

    def baseline(self) -> Verdict | None:
        if self.base is None:
            return None
        bucket, time = self.base
        return self.verdict(bucket=bucket, time=time)


def _measure_sums() -> dict:
    marks = sum((F(mark_column(v)) for v in MARK_VALUES[1:]), F(mark_column(MARK_VALUES[0])))
    sums = {"n_respondents": Sum("responses"), "n_marks": Sum(marks)}
    for slot in STATEMENT_SLOTS:
        opinions = sum(
            (F(statement_column(slot, v)) for v in AGREEMENT_VALUES[1:]),
            F(statement_column(slot, AGREEMENT_VALUES[0])),
        )
        sums[f"n_s{slot}"] = Sum(opinions)
    return sums


def build_cube(
    *,
    scope: Scope,
    buckets: Sequence[Bucket],
    statement_ids: Sequence[int],
    statement_of: dict[tuple[int, int], int],
    municipalities: bool,
    channels: bool,
    hierarchy: bool,
    every_service: bool = False,
) -> Cube:
    """One grouped query: respondents, marks and opinions per statement, per time unit and per
    the dimensions asked for (the hierarchy only as deep as the scope's own branch; with
    ``every_service`` down to every team and service of the organisation, for a ranking of all
    of them that suppresses each exactly as its own branch would)."""
    units: list[tuple[str, TimeNode]] = []
    whens, where = [], Q(pk__in=[])
    for bucket in buckets:
        if bucket.months is not None:
            bucket_q = bucket.runs & Q(month__gte=bucket.months[0], month__lte=bucket.months[1])
        else:
            bucket_q = bucket.runs
        for unit in bucket.units:
            unit_q = bucket_q
            if unit != ALL_TIME:
                first, last = _time_range(unit)
                unit_q = bucket_q & Q(month__gte=first, month__lte=last)
            whens.append(When(unit_q, then=Value(len(units))))
            units.append((bucket.name, unit))
            where |= unit_q
    group: dict = {"unit": Case(*whens, default=Value(-1), output_field=IntegerField())}
    team = scope.owning_team
    domain = scope.domain or (team.domain if team else None)
    if every_service:
        group["u_domain"] = F("service__team__domain")
        group["u_team"] = F("service__team")
        group["u_service"] = F("service")
    elif hierarchy:
        group["u_domain"] = F("service__team__domain")
        if domain is not None:
            group["u_team"] = Case(
                When(service__team__domain=domain.pk, then=F("service__team")),
                default=Value(0),
                output_field=IntegerField(),
            )
        if team is not None:
            group["u_service"] = Case(
                When(service__team=team.pk, then=F("service")),
                default=Value(0),
                output_field=IntegerField(),
            )
    if municipalities:
        group["u_municipality"] = F("municipality")
    if channels:
        group["u_channel"] = F("channel")
    rows = list(
        AnswerTally.objects.filter(where)
        .annotate(**group)
        .values(*group, "questionnaire")
        .annotate(**_measure_sums())
        .order_by()
    )
    cube = _roll_up(rows, units, buckets, statement_ids, statement_of)
    cube.counted = {
        "hierarchy": hierarchy or every_service,
        "domain": EVERY if every_service else domain.pk if hierarchy and domain else None,
        "team": EVERY if every_service else team.pk if hierarchy and team else None,
        "municipalities": municipalities,
        "channels": channels,
        "grain": {
            bucket.name: min(
                (unit[0] for unit in bucket.units), key=GRAIN_ORDER.index, default="all"
            )
            for bucket in buckets
        },
    }
    return cube


def _measures(row, measures: int, statement_position, statement_of) -> list[int]:
    """The counts of one roll-up row as a vector: respondents, marks, then each statement."""
    vector = [0] * measures
    vector[RESPONDENTS] = row["n_respondents"] or 0
    vector[MARKS] = row["n_marks"] or 0
    for slot in STATEMENT_SLOTS:
        position = statement_position.get(statement_of.get((row["questionnaire"], slot)))
        if position is not None:
            vector[position] += row[f"n_s{slot}"] or 0
    return vector


def _roll_up(rows, units, buckets, statement_ids, statement_of) -> Cube:
    statement_position = {pk: 2 + i for i, pk in enumerate(statement_ids)}
    measures = 2 + len(statement_ids)
    rooted = {bucket.name: bucket.rooted for bucket in buckets}

    # Every node of each axis, with its parent (-1 for a root).
    time_index: dict[tuple[str, TimeNode], int] = {}
    time_parent: list[int] = []

    def time_position(bucket: str, node: TimeNode) -> int:
        key = (bucket, node)
        if key not in time_index:
            parent = _time_parent(node, rooted[bucket])
            parent_position = -1 if parent is None else time_position(bucket, parent)
            time_index[key] = len(time_parent)
            time_parent.append(parent_position)
        return time_index[key]

    h_index: dict[HierarchyNode, int] = {ORGANISATION: 0}
    h_parent: list[int] = [-1]

    def h_position(node: HierarchyNode, parent: int) -> int:
        if node not in h_index:
            h_index[node] = len(h_parent)
            h_parent.append(parent)
        return h_index[node]

    m_index, c_index = {0: 0}, {0: 0}
    leaves = []
    for row in rows:
        if row["unit"] < 0:
            continue
        bucket, unit = units[row["unit"]]
        t = time_position(bucket, unit)
        h = 0
        if row.get("u_domain"):
            h = h_position(("domain", row["u_domain"]), 0)
            if row.get("u_team"):
                h = h_position(("team", row["u_team"]), h)
                if row.get("u_service"):
                    h = h_position(("service", row["u_service"]), h)
        m = m_index.setdefault(row.get("u_municipality") or 0, len(m_index))
        c = c_index.setdefault(row.get("u_channel") or 0, len(c_index))
        leaves.append((t, h, m, c, _measures(row, measures, statement_position, statement_of)))
    m_parent = [-1] + [0] * (len(m_index) - 1)
    c_parent = [-1] + [0] * (len(c_index) - 1)
    parents = (time_parent, h_parent, m_parent, c_parent)
    shape = tuple(len(p) for p in parents)
    counts = np.zeros((*shape, measures), dtype=np.int64)
    if leaves:
        ts, hs, ms, cs, vectors = zip(*leaves, strict=True)
        np.add.at(
            counts, (list(ts), list(hs), list(ms), list(cs)), np.array(vectors, dtype=np.int64)
        )
    # Roll up: along each axis, add every node into its parents (children come after parents).
    for axis, parent_of in enumerate(parents):
        matrix = np.eye(len(parent_of), dtype=np.int64)
        for node in range(len(parent_of)):
            ancestor = parent_of[node]
            while ancestor >= 0:
                matrix[ancestor, node] = 1
                ancestor = parent_of[ancestor]
        counts = np.moveaxis(np.tensordot(matrix, counts, axes=([1], [axis])), 0, axis)
    order = (
        _in_order(time_index),
        _in_order(h_index),
        _in_order(m_index),
        _in_order(c_index),
    )
    children = tuple(
        _children_of(parent_of, keys) for parent_of, keys in zip(parents, order, strict=True)
    )
    rank = tuple(
        {node: place for nodes in kids.values() for place, node in enumerate(nodes)}
        for kids in children
    )
    return Cube(
        counts=counts,
        time_index=time_index,
        h_index=h_index,
        m_index=m_index,
        c_index=c_index,
        parents=parents,
        children=children,
        order=order,
        minimum=min_group_size(),
        rank=rank,
    )


def _in_order(index: dict) -> list:
    """The keys of an axis in the order of their positions."""
    return [key for key, _position in sorted(index.items(), key=lambda item: item[1])]


def _children_of(parent_of: list[int], keys: list) -> dict[int, list[int]]:
    """Per node its children, in a stable order (ids, dates): the same on every page."""
    result: dict[int, list[int]] = {}
    for node, parent in enumerate(parent_of):
        if parent >= 0:
            result.setdefault(parent, []).append(node)
    return {parent: sorted(nodes, key=lambda node: keys[node]) for parent, nodes in result.items()}


def disclosure_for(
    scope: Scope,
    period: Period,
    *,
    survey_round: str,
    statement_ids: Sequence[int],
    statement_of: dict[tuple[int, int], int],
    before: Period | None = None,
    compare_baseline: bool = False,
    rows: Sequence[str] = (),
    trend_grain: str | None = None,
    every_service: bool = False,
) -> Disclosure:
    """Suppression for a page over ``scope`` and ``period``: the view itself, the period it is
    compared with (``before``) and the baseline, the rows of the breakdowns ``rows`` and the
    trend points per ``trend_grain`` (month or quarter) within the period. ``every_service``
    counts every team and service of the organisation, whatever the scope (``units``)."""
    buckets = []
    if period.on_grid:
        grain = finest(period.grain, trend_grain)
        on_grid = [period] + ([before] if before is not None and before.on_grid else [])
        buckets.append(
            Bucket("main", Q(run__in=round_runs(survey_round)), False, grid_units(on_grid, grain))
        )
        main = time_node(period.start, period.grain)
    else:
        units = grid_units([period], trend_grain) if trend_grain else (ALL_TIME,)
        buckets.append(
            Bucket(
                "main", Q(run__in=round_runs(survey_round)), True, units, (period.start, period.end)
            )
        )
        main = ALL_TIME
    before_cell = None
    if before is not None:
        if period.on_grid and before.on_grid:
            before_cell = ("main", time_node(before.start, before.grain))
        else:
            buckets.append(
                Bucket(
                    "before",
                    Q(run__in=round_runs(survey_round)),
                    True,
                    (ALL_TIME,),
                    (before.start, before.end),
                )
            )
            before_cell = ("before", ALL_TIME)
    base_cell = None
    if compare_baseline and survey_round != SurveyRound.BASELINE:
        buckets.append(
            Bucket("base", Q(run__in=round_runs(SurveyRound.BASELINE)), True, (ALL_TIME,))
        )
        base_cell = ("base", ALL_TIME)
    cube = build_cube(
        scope=scope,
        buckets=buckets,
        statement_ids=statement_ids,
        statement_of=statement_of,
        municipalities=bool(scope.municipality) or "municipality" in rows,
        channels=bool(scope.channel) or "channel" in rows,
        hierarchy=scope.level not in ("organisation", "municipality")
        or bool({"domain", "team", "service"} & set(rows)),
        every_service=every_service,
    )
    return Disclosure(cube, scope, list(statement_ids), main, before_cell, base_cell)
