import cProfile
import io
import itertools
import pstats
import time as _t

import pytest
import time_machine

from dienstverlening.demo.services import demo_load
from dienstverlening.insights import experience
from dienstverlening.insights.disclosure import time_node
from dienstverlening.insights.scope import Scope
from dienstverlening.organisation.models import Team
from tests.clock import MOMENTS
from tests.insights.test_differencing import Organisation


@pytest.mark.django_db
def test_x():
    m = MOMENTS["wednesday"]
    with time_machine.travel(m, tick=False):
        demo_load(seed=11, scale=0.05, now=m)
        org = Organisation()
        year = org.periods[0]
        team = Team.objects.get(slug="burgerzaken")
        pr = cProfile.Profile()
        pr.enable()
        t = _t.perf_counter()
        d = experience.page_basis(
            Scope(domain=team.domain, team=team),
            year,
            rows=["service", "municipality", "channel"],
            compare=False,
            trend_grain="month",
        ).disclosure
        print("basis", _t.perf_counter() - t)
        nodes = [("team", team.pk), *org.children(("team", team.pk))]
        n = 0
        for node, mu, ch, p in itertools.product(
            nodes, [0, *org.municipalities], [0, *org.channels], org.periods
        ):
            d.verdict_at(
                hierarchy=node, municipality=mu, channel=ch, time=time_node(p.start, p.grain)
            )
            n += 1
        print(
            "verdicts", n, _t.perf_counter() - t, "tables", len(d.cube._tables), d.cube.counts.shape
        )
        pr.disable()
        s = io.StringIO()
        pstats.Stats(pr, stream=s).sort_stats("tottime").print_stats(15)
        print(s.getvalue())
