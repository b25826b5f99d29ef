"""An attacker with a login and the KPI API tries to work out a group smaller than the minimum.

(a) The attacks found in a probe, on data built for them: whole minus its parts, a period minus
a shorter one, a core value minus its visible statement, a trend point counted in answers, and
a chain through a second dimension. Each must find nothing.

(b) On the demo data: every view over municipality, domain, team, service, channel and the
period grid that the pages and the API would show, checked against respondents counted
straight from the database: no shown group below the minimum, no two nested shown groups that
differ by less than the minimum, no parent whose shown children leave less than the minimum,
and no hidden small group that a combination of shown counts pins down exactly.
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import os
from collections import defaultdict

import numpy as np
import pytest
import time_machine
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import reverse

from dienstverlening.insights import experience
from dienstverlening.insights.periods import period_from
from dienstverlening.insights.rounds import DEFAULT_ROUND, round_q
from dienstverlening.insights.scope import Scope
from dienstverlening.organisation.models import Channel, Domain, Municipality, Service, Team
from dienstverlening.surveys.models import Response
from dienstverlening.surveys.services import Answers, response_submit
from tests import snapshot
from tests.clock import DEFAULT_MOMENT, MOMENTS
from tests.conftest import logged_in
from tests.organisation.factories import ChannelFactory, MunicipalityFactory, ServiceFactory

D = datetime.date
MINIMUM = 10


# --- (a) the probe's attacks on data built for them ---------------------------------------------


@pytest.fixture
def places(db):
    woerden = MunicipalityFactory(name="Woerden", slug="woerden")
    oudewater = MunicipalityFactory(
        name="Oudewater", slug="oudewater", cbs_code="GM0589", inhabitants=10000
    )
    return woerden, oudewater, ChannelFactory()


@pytest.fixture
def respond(run, statements, places):
    """respond(service, n, municipality=…, day=…, mark=…, values={statement index: value})."""
    woerden, _oudewater, channel = places

    def add(service, n, *, municipality=woerden, day=None, mark=8, values=None):
        values, day = values or {}, day or D(2026, 6, 10)
        for i in range(n):
            answers = {s.pk: 5 for s in statements}
            for index, value in values.items():
                answers[statements[index].pk] = value(i) if callable(value) else value
            response_submit(
                run=run,
                service=service,
                channel=channel,
                municipality=municipality,
                answers=Answers(statements=answers, mark=mark(i) if callable(mark) else mark),
                answered_on=day,
                source="open",
            )

    return add


def kpis(client, **params) -> dict:
    response = client.get(reverse("api-kpis"), params)
    assert response.status_code == 200, response.content
    return response.json()


def shown_respondents(answer: dict) -> int | None:
    return None if answer["onderdrukt"] else answer["aantalInwoners"]


class Span:
    """The counts that follow exactly from the shown ones: every linear combination of the
    shown groups, each a 0/1 vector over the smallest groups."""

    def __init__(self, shown) -> None:
        rows = np.array(list(shown), dtype=float).reshape(len(shown), -1)
        if not len(rows):
            self.basis = np.zeros((0, rows.shape[1]))
            return
        _u, singular, vt = np.linalg.svd(rows, full_matrices=False)
        self.basis = vt[: int((singular > 1e-9 * max(1.0, singular.max())).sum())]

    def __contains__(self, target) -> bool:
        vector = np.asarray(target, dtype=float)
        return bool(np.linalg.norm(vector - self.basis.T @ (self.basis @ vector)) < 1e-6)


def derivable(shown: dict, target: list[int]) -> bool:
    """Whether ``target`` follows exactly from the shown counts."""
    return target in Span(shown.values())


@pytest.mark.django_db
def test_whole_minus_the_other_municipality_does_not_give_the_small_one(
    client, employee, respond, places, team
):
    """Bijzondere bijstand: 41 residents, 37 in Woerden; Oudewater's 4 gave 2, 3, 4 and 4
    (mean 3,25). Before: the service and the service in Woerden were both shown, so 41 − 37
    gave Oudewater's 4 residents, their mean mark and their answers per statement."""
    _woerden, oudewater, _channel = places
    service = ServiceFactory(team=team, name="Bijzondere bijstand", slug="bijzondere-bijstand")
    respond(service, 37, mark=8)
    respond(service, 4, municipality=oudewater, mark=lambda i: [2, 3, 4, 4][i], values={0: 2})
    other = ServiceFactory(team=team, name="Schuldhulp", slug="schuldhulp")
    respond(other, 30)
    respond(other, 25, municipality=oudewater)
    logged_in(client, employee)

    whole = kpis(client, periode="2026", dienst=service.slug)
    part = kpis(client, periode="2026", dienst=service.slug, gemeente="woerden")
    small = kpis(client, periode="2026", dienst=service.slug, gemeente="oudewater")
    assert small["onderdrukt"] and small["aantalInwoners"] is None
    assert whole["onderdrukt"] or part["onderdrukt"], "whole minus part gives Oudewater"
    for answer in (whole, part, small):
        if answer["onderdrukt"]:
            assert answer["rapportcijfer"]["aantal"] is None
            assert all(value["aantal"] is None for value in answer["kernwaarden"])

    # The attacker's full toolbox: every combination of service and municipality in the team.
    atoms = list(itertools.product(["x", "y"], ["w", "o"]))
    views = {
        ("x", None): {"dienst": service.slug},
        ("y", None): {"dienst": other.slug},
        (None, None): {"team": team.slug},
        **{
            (s, m): {
                **({"dienst": service.slug} if s == "x" else {}),
                **({"dienst": other.slug} if s == "y" else {}),
                **({"team": team.slug} if s is None else {}),
                "gemeente": "woerden" if m == "w" else "oudewater",
            }
            for s in ("x", "y", None)
            for m in ("w", "o")
        },
    }
    shown = {}
    for (s, m), params in views.items():
        if shown_respondents(kpis(client, periode="2026", **params)) is not None:
            shown[(s, m)] = [int(s in (None, a) and m in (None, b)) for a, b in atoms]
    assert not derivable(shown, [int(atom == ("x", "o")) for atom in atoms]), sorted(shown, key=str)


@pytest.mark.django_db
def test_a_period_minus_a_shorter_one_does_not_give_a_small_month(client, employee, respond):
    """Seven residents in January. Before: 1 Jan–31 Dec minus 1 Feb–31 Dec gave January."""
    service = ServiceFactory(name="Paspoort", slug="paspoort")
    respond(service, 7, day=D(2026, 1, 12), mark=3)
    for month in range(2, 12):
        respond(service, 11 + month, day=D(2026, month, 12))
    logged_in(client, employee)

    january = kpis(client, periode="2026-01")
    assert january["onderdrukt"] and january["aantalInwoners"] is None
    sliding = client.get(
        reverse("api-kpis"), {"periode": "eigen", "van": "2026-02-01", "tot": "2026-12-31"}
    )
    assert sliding.status_code == 400, "a free period that slides by a month is gone"

    # Every cell of the grid the API offers for 2026; could they be combined into January?
    months = list(range(1, 12))
    cells = {"2026": months}
    cells |= {f"2026-H{h}": [m for m in months if (m - 1) // 6 + 1 == h] for h in (1, 2)}
    cells |= {f"2026-K{q}": [m for m in months if (m - 1) // 3 + 1 == q] for q in (1, 2, 3, 4)}
    cells |= {f"2026-{m:02d}": [m] for m in months}
    shown = {
        code: [int(m in inside) for m in months]
        for code, inside in cells.items()
        if shown_respondents(kpis(client, periode=code)) is not None
    }
    assert "2026" in shown and len(shown) > 10  # most of the year can still be seen
    assert not derivable(shown, [int(m == 1) for m in months]), sorted(shown)


@pytest.mark.django_db
def test_a_core_value_minus_its_visible_statement_does_not_give_the_hidden_one(
    client, employee, respond, statements
):
    """Twelve residents; three say "weet ik niet" to the second statement of Menselijk, so it
    rests on nine opinions (five agree) and is hidden. Before: the value pooled both statements
    (21 answers) and was shown, so value minus the first statement gave 5 of 9."""
    service = ServiceFactory(name="Wmo", slug="wmo")
    second = {1: lambda i: 0 if i < 3 else (5 if i < 8 else 1)}
    respond(service, 12, values=second)
    logged_in(client, employee)

    menselijk = kpis(client, periode="2026", dienst=service.slug)["kernwaarden"][0]
    first, hidden = menselijk["stellingen"]
    assert not first["onderdrukt"] and first["aantal"] == 12
    assert hidden["onderdrukt"] and hidden["reden"] == "kleine-groep"
    assert menselijk["onderdrukt"] and menselijk["reden"] == "stelling-verborgen"
    assert menselijk["aantal"] is None and "eensPercentage" not in menselijk


@pytest.mark.django_db
def test_a_trend_point_is_counted_in_residents_not_answers(client, employee, respond):
    """Seven residents in January answer two statements per core value: 14 answers. Before,
    the trend chart and its download showed January's share per core value."""
    service = ServiceFactory(name="Rijbewijs", slug="rijbewijs")
    respond(service, 7, day=D(2026, 1, 20))
    respond(service, 15, day=D(2026, 2, 20))
    respond(service, 20, day=D(2026, 3, 20))
    logged_in(client, employee)
    download = client.get(
        reverse("insights-trends"),
        {"periode": "2026-K1", "download": "trend-kernwaarden", "format": "csv"},
    )
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))
    january = next(row for row in rows if row[0] == "jan 2026")
    assert rows[0][-2] == "Waarom geen cijfer"
    assert january[1:-2] == [""] * (len(january) - 3), january
    assert "Menselijk: te weinig antwoorden" in january[-2]
    # January's quarter is shown, so one of February and March must be hidden with it.
    figures = {row[0]: row[1] for row in rows[1:]}
    assert "" in (figures["feb 2026"], figures["mrt 2026"])
    page = client.get(reverse("insights-trends"), {"periode": "2026-K1"}).content.decode()
    assert "niet getoond: zou een kleine groep verraden" in page


@pytest.mark.django_db
def test_a_hidden_partner_is_not_given_away_by_its_other_line(
    client, employee, respond, places, team
):
    """A service × municipality table: (X, Oudewater) has 4. Hiding (X, Woerden) and
    (Y, Oudewater) with it is not enough when (Y, Woerden) stays: Y − (Y, Woerden) gives
    (Y, Oudewater), and the team's Oudewater minus that gives X's 4 (a chain)."""
    _woerden, oudewater, _channel = places
    x = ServiceFactory(team=team, slug="x")
    y = ServiceFactory(team=team, slug="y")
    respond(x, 37)
    respond(x, 4, municipality=oudewater)
    respond(y, 50)
    respond(y, 15, municipality=oudewater)
    logged_in(client, employee)
    hidden = {
        (s, m): kpis(client, periode="2026", dienst=s, gemeente=m)["onderdrukt"]
        for s in ("x", "y")
        for m in ("woerden", "oudewater")
    }
    assert all(hidden.values()), hidden  # the whole rectangle
    assert not kpis(client, periode="2026", team=team.slug, gemeente="oudewater")["onderdrukt"]


# --- (b) every view of the demo data ------------------------------------------------------------

MOMENT = MOMENTS["wednesday"]
# Every cell of the moment's year that the picker and the API offer: the ones that have begun,
# so the current month too (a cell that contains today is offered, cut off at the end of this
# month). Leaving the current month out made the audit below miss its answers: on the shared
# demo (seed 7) a service's only answer of the fourth quarter came on 1 December, so the
# quarter looked like "October + November", both shown as empty, and the audit reported the
# hidden quarter as derivable although the shown figures only say "quarter = December", with
# December hidden too.
GRID = [
    str(MOMENT.year),
    *(f"{MOMENT.year}-H{h}" for h in (1, 2) if (h - 1) * 6 < MOMENT.month),
    *(f"{MOMENT.year}-K{q}" for q in range(1, 5) if (q - 1) * 3 < MOMENT.month),
    *(f"{MOMENT.year}-{m:02d}" for m in range(1, MOMENT.month + 1)),
]


# Two draws of the demo, one per pass of the suite: the shared demo (seed 7) on the default
# moment, a second draw (seed 11) when the suite runs at another moment (CI's Good Friday pass).
# The audit does not depend on the moment the suite runs at (it travels to ``MOMENT``), so CI
# covers both draws and each pass pays for one.
SEEDS = [
    snapshot.SHARED_SEED
    if os.environ.get("DV_TEST_MOMENT", DEFAULT_MOMENT) == DEFAULT_MOMENT
    else 11
]


@pytest.fixture(scope="module", params=SEEDS, ids=lambda seed: f"seed{seed}")
def demo(request, django_db_setup, django_db_blocker):
    """A draw of the demo organisation (``SEEDS``)."""
    with snapshot.shared_demo(django_db_blocker, now=MOMENT, seed=request.param):
        yield


class Organisation:
    """The demo organisation as plain ids: the hierarchy, municipalities, channels, periods."""

    def __init__(self) -> None:
        self.parent = {("organisation", 0): None}
        for pk in Domain.objects.values_list("pk", flat=True):
            self.parent[("domain", pk)] = ("organisation", 0)
        for pk, domain in Team.objects.values_list("pk", "domain"):
            self.parent[("team", pk)] = ("domain", domain)
        for pk, team in Service.objects.values_list("pk", "team"):
            self.parent[("service", pk)] = ("team", team)
        self.municipalities = list(Municipality.objects.values_list("pk", flat=True))
        self.channels = list(Channel.objects.values_list("pk", flat=True))
        self.periods = [period_from(code, today=MOMENT.date()) for code in GRID]
        self.period_parent = {}
        for period in self.periods:
            for other in self.periods:
                if other.months > period.months and other.start <= period.start <= other.end:
                    size = self.period_parent.get(period)
                    if size is None or other.months < size.months:
                        self.period_parent[period] = other

    def children(self, node):
        return [kid for kid, up in self.parent.items() if up == node]

    def ancestors(self, node):
        while node is not None:
            yield node
            node = self.parent[node]

    def parents(self, view) -> list[tuple[str, tuple]]:
        """The view's parent along each dimension it is filtered on."""
        node, municipality, channel, period = view
        result = []
        if self.parent[node] is not None:
            result.append(("hierarchy", (self.parent[node], municipality, channel, period)))
        if municipality:
            result.append(("municipality", (node, 0, channel, period)))
        if channel:
            result.append(("channel", (node, municipality, 0, period)))
        if period in self.period_parent:
            result.append(("time", (node, municipality, channel, self.period_parent[period])))
        return result

    def siblings_expected(self, parent, dimension) -> int:
        node, _municipality, _channel, period = parent
        if dimension == "hierarchy":
            return len(self.children(node))
        if dimension == "municipality":
            return len(self.municipalities)
        if dimension == "channel":
            return len(self.channels)
        return sum(1 for p in self.periods if self.period_parent.get(p) == period)


def truth(organisation: Organisation) -> dict[tuple, int]:
    """Respondents per view, counted straight from the responses (not from the roll-up the
    pages read): every response adds to every view that contains it."""
    counts: dict[tuple, int] = defaultdict(int)
    rows = (
        Response.objects.filter(round_q(DEFAULT_ROUND, prefix="run__"), answered_on__year=2026)
        .annotate(month=TruncMonth("answered_on"))
        .values("service", "municipality", "channel", "month")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        nodes = list(organisation.ancestors(("service", row["service"])))
        periods = [p for p in organisation.periods if p.start <= row["month"] <= p.end]
        for node, municipality, channel, period in itertools.product(
            nodes, (0, row["municipality"]), (0, row["channel"]), periods
        ):
            counts[(node, municipality, channel, period)] += row["n"]
    return counts


def verdicts(organisation: Organisation) -> dict[tuple, bool]:
    """Whether each view is shown, as the pages decide it: one page basis per team (and one
    for the organisation) counts every cell the enumeration asks about."""
    from dienstverlening.insights.disclosure import time_node

    year = organisation.periods[0]
    shown = {}

    def read(disclosure, nodes, channels, periods):
        for node, municipality, channel, period in itertools.product(
            nodes, [0, *organisation.municipalities], channels, periods
        ):
            verdict = disclosure.verdict_at(
                hierarchy=node,
                municipality=municipality,
                channel=channel,
                time=time_node(period.start, period.grain),
            )
            shown[(node, municipality, channel, period)] = verdict.respondents is None

    everything = ["municipality", "channel"]

    def basis(scope, rows):
        return experience.page_basis(
            scope, year, rows=rows, compare=False, trend_grain="month"
        ).disclosure

    upper = [node for node in organisation.parent if node[0] in ("organisation", "domain")]
    top = basis(Scope(), ["domain", *everything])
    read(top, upper, [0, *organisation.channels], organisation.periods)
    for team in Team.objects.select_related("domain"):
        nodes = [("team", team.pk), *organisation.children(("team", team.pk))]
        cube = basis(Scope(domain=team.domain, team=team), ["service", *everything])
        read(cube, nodes, [0], organisation.periods)
        read(cube, nodes, organisation.channels, [year])
    return shown


@pytest.mark.django_db
@pytest.mark.parametrize("minimum", [MINIMUM, 5])
def test_no_view_of_the_demo_data_gives_a_small_group_away(demo, settings, minimum):
    settings.DV_MIN_GROUP_SIZE = minimum
    with time_machine.travel(MOMENT, tick=False):
        organisation = Organisation()
        counts = truth(organisation)
        shown_views = verdicts(organisation)
    shown = {view: counts.get(view, 0) for view, visible in shown_views.items() if visible}
    hidden_small = [
        view
        for view, visible in shown_views.items()
        if not visible and 0 < counts.get(view, 0) < minimum
    ]
    assert len(shown) > 200 and len(hidden_small) > 200, (len(shown), len(hidden_small))

    problems = []
    children = defaultdict(list)
    for view in shown_views:
        count = shown.get(view)
        for dimension, parent in organisation.parents(view):
            children[(parent, dimension)].append(view)
            if count is None:
                continue
            # Nested shown views: every ancestor along this dimension.
            ancestor = parent
            while ancestor is not None:
                if ancestor in shown and 0 < shown[ancestor] - count < minimum:
                    problems.append(("nested", dimension, ancestor, view))
                ancestor = dict(organisation.parents(ancestor)).get(dimension)
        if count is not None and 0 < count < minimum:
            problems.append(("shown below the minimum", view, count))
    for (parent, dimension), kids in children.items():
        if parent not in shown or len(kids) < organisation.siblings_expected(parent, dimension):
            continue
        rest = shown[parent] - sum(shown.get(kid, 0) for kid in kids)
        if 0 < rest < minimum:
            problems.append(("parent minus shown children", dimension, parent, rest))
    assert not problems, problems[:10]

    _audit(organisation, counts, shown, hidden_small)
    with time_machine.travel(MOMENT, tick=False):
        _same_on_every_page(organisation, shown_views, counts, minimum)


def _audit(organisation, counts, shown, hidden_small) -> None:
    """Exact derivability, per domain: no small hidden group is a linear combination of shown
    groups (services × municipalities × months as the smallest pieces, all channels).

    The pieces must hold every answer of the views they make up (each view's count is the sum
    of its pieces); a piece left out would make two different views look equal."""
    months = [p for p in organisation.periods if p.grain == "month"]
    for domain in organisation.children(("organisation", 0)):
        services = [
            s for team in organisation.children(domain) for s in organisation.children(team)
        ]
        atoms = list(itertools.product(services, organisation.municipalities, months))
        if not atoms:
            continue
        size = len(atoms)
        under = defaultdict(lambda size=size: np.zeros(size, dtype=bool))
        for i, (service, _municipality, _month) in enumerate(atoms):
            for node in organisation.ancestors(service):
                under[node][i] = True
        municipality = np.array([m for _s, m, _p in atoms])
        start = np.array([p.start for _s, _m, p in atoms])

        def vector(view, under=under, municipality=municipality, start=start):
            node, place, _channel, period = view
            inside = under[node] & ((start >= period.start) & (start <= period.end))
            return inside & (municipality == place) if place else inside

        def in_domain(view, domain=domain):
            return view[2] == 0 and domain in organisation.ancestors(view[0])

        pieces = np.array([counts.get((s, m, 0, p), 0) for s, m, p in atoms])
        for view in counts:
            if in_domain(view):
                assert int(vector(view) @ pieces) == counts[view], ("pieces miss answers", view)

        span = Span([vector(view) for view in shown if in_domain(view)])
        for view in hidden_small:
            if in_domain(view):
                assert vector(view) not in span, view


def _same_on_every_page(organisation, shown_views, counts, minimum) -> None:
    """The verdict does not depend on the page that asks: a sample of views through the
    selector the KPI API uses, and a few through the API itself."""
    views = sorted(shown_views, key=str)
    sample = views[:: max(1, len(views) // 60)]
    for view in sample:
        node, municipality, channel, period = view
        overview = experience.experience_overview(_scope(node, municipality, channel), period)
        assert (overview.reason is None) == shown_views[view], view
        if not overview.suppressed:
            assert overview.respondents == counts.get(view, 0)
            for item in overview.values:
                figures = [figure for _statement, figure in item.statements]
                assert item.figure.suppressed or not any(f.suppressed for f in figures)
                assert all(f.suppressed or f.n >= minimum for f in figures), view


def _scope(node, municipality, channel) -> Scope:
    level, pk = node
    service = Service.objects.get(pk=pk) if level == "service" else None
    team = service.team if service else Team.objects.get(pk=pk) if level == "team" else None
    domain = team.domain if team else Domain.objects.get(pk=pk) if level == "domain" else None
    return Scope(
        municipality=Municipality.objects.get(pk=municipality) if municipality else None,
        domain=domain,
        team=team,
        service=service,
        channel=Channel.objects.get(pk=channel) if channel else None,
    )
