"""One chart definition for screen and paper: Vega-Lite specs built with Altair.

Pages embed the spec as a JSON data block and draw it with vega-embed (``charts.js``, SVG, with
Vega's expression interpreter, so a strict CSP without ``unsafe-eval`` holds). ``to_svg`` turns
the same spec into SVG with vl-convert, for the PDF reports still to come; no page calls it yet.
Colours are the Okabe-Ito palette, which stays distinguishable with the common forms of colour
blindness; the lines of a trend differ in dash too. Every chart is shown with a one-line summary
and its data table (``insights/_chart.html``), and the chart itself is hidden from screen
readers, so it is readable without sight and without JavaScript.

Labels and tooltips come as data, already in Dutch ("jan 2026", "K1 2026", "57 % (53–61 %) van
1.234"): the charts format no dates and, apart from the axes and the whole-number tooltip of a
bar, no numbers of their own. For those the number locale is Dutch.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import altair as alt

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"


HEIGHT = 260  # of a trend chart's plot, in pixels
OPEN_POINT_FILL = "white"  # a month that is still running: an open point
DUTCH_NUMBERS = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€\u00a0", ""]}


@dataclass(frozen=True)
class Chart:
    """A chart as the page and the report need it: the spec, a summary, the data table as shown
    (Dutch formats) and, for downloads, the same table with plain numbers."""

    key: str
    title: str
    summary: str
    spec: dict[str, Any]
    columns: list[str]
    rows: list[list[str]]
    export_columns: list[str] | None = None
    export_rows: list[list] | None = None


def _config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return (
        chart.configure(font=FONT, locale={"number": DUTCH_NUMBERS})
        .configure_range(category=OKABE_ITO)
        .configure_view(stroke=None)
    )


def share_bars(
    rows: list[dict[str, Any]], *, category: str, title: str, target: float | None = None
) -> dict[str, Any]:
    """Horizontal bars of a share (0–100) with its 95 % interval, one per ``category``.

    Each row needs ``category``, ``share``, ``low`` and ``high`` (percentages).
    """
    spec = json.loads(_share_bars_skeleton(category, title, target is not None))
    spec["data"] = {"values": rows}
    if target is not None:
        spec["layer"][-1]["data"] = {"values": [{"target": target}]}
    return spec


@lru_cache(maxsize=32)
def _share_bars_skeleton(category: str, title: str, with_target: bool) -> str:
    """The spec without its data, built once: Altair takes tens of milliseconds per chart."""
    base = alt.Chart()
    y = alt.Y(f"{category}:N", sort=None, title=None)
    bars = base.mark_bar(color=OKABE_ITO[0]).encode(
        y=y,
        x=alt.X("share:Q", title="%", scale=alt.Scale(domain=[0, 100])),
        tooltip=[alt.Tooltip(f"{category}:N"), alt.Tooltip("share:Q", format=".0f")],
    )
    errors = base.mark_rule(color="#000000").encode(y=y, x="low:Q", x2="high:Q")
    layers = [bars, errors]
    if with_target:
        layers.append(
            alt.Chart(alt.Data(values=[]))
            .mark_rule(color=OKABE_ITO[5], strokeDash=[6, 4], size=2)
            .encode(x="target:Q")
        )
    chart = alt.layer(*layers, data=alt.Data(values=[])).properties(width="container", title=title)
    return json.dumps(_config(chart).to_dict(validate=False))  # built by code, not users


def trend_lines(
    rows: list[dict[str, Any]],
    *,
    periods: list[str],
    series: list[str],
    unit: str,
    domain: tuple[float, float] | None = None,
    running: str | None = None,
    running_label: str = "",
    tooltip_title: str = "",
) -> dict[str, Any]:
    """Lines over time, one per series (e.g. per core value), named in a legend.

    Each row: ``periode`` (a label from ``periods``, in order), ``reeks`` (from ``series``),
    ``waarde``, ``tekst`` (the whole tooltip: series, period and the figure as the table shows
    it), ``lopend`` (the period is still running) and, where the chart has a band of the 95 %
    margin, ``laag`` and ``hoog`` (one row with them gives every series a band). Points of the
    running period are open, and ``running`` (a label from ``periods``) gets a dotted vertical
    rule with ``running_label`` at its foot: those figures can still change.
    """
    marked = running is not None and running in periods
    band = any("laag" in row for row in rows)
    spec = json.loads(
        _trend_skeleton(unit, domain, band, marked, running_label, tooltip_title or unit)
    )
    spec["data"] = {"values": rows}
    for layer in spec["layer"]:
        encoding = layer["encoding"]
        encoding["x"]["sort"] = encoding["x"]["scale"]["domain"] = periods
        for channel in ("color", "strokeDash"):
            if channel in encoding:
                encoding[channel]["scale"]["domain"] = series
        if "data" in layer:  # the marker of the running period
            layer["data"] = {"values": [{"periode": running}]}
    return spec


@lru_cache(maxsize=64)
def _trend_skeleton(
    unit: str,
    domain: tuple[float, float] | None,
    band: bool,
    marked: bool,
    running_label: str,
    tooltip_title: str,
) -> str:
    """The spec of ``trend_lines`` without data, periods and series, built once."""
    x = alt.X(
        "periode:O",
        sort=["…"],
        scale=alt.Scale(domain=["…"]),
        axis=alt.Axis(labelAngle=0, labelOverlap="greedy", labelSeparation=8, labelPadding=6),
        title=None,
    )
    y_scale = alt.Scale(domain=list(domain)) if domain else alt.Scale(zero=False)
    # Colour and dash share one legend; every layer must keep it (a null legend on any layer
    # that uses the colour scale would remove the legend altogether).
    legend = alt.Legend(
        title=None,
        orient="bottom",
        columns=2,  # fits a phone; Vega does not wrap a legend by itself
        symbolType="stroke",
        symbolOpacity=1,
        symbolStrokeWidth=2.5,
        symbolSize=500,
        labelFontSize=13,
        labelLimit=400,
    )
    color = alt.Color("reeks:N", scale=alt.Scale(domain=["…"]), legend=legend)
    base = alt.Chart()
    layers = []
    if band:
        layers.append(
            base.mark_area(opacity=0.15).encode(
                x=x, y=alt.Y("laag:Q", title=unit, scale=y_scale), y2="hoog:Q", color=color
            )
        )
    y = alt.Y("waarde:Q", title=unit, scale=y_scale)
    layers.append(
        base.mark_line(strokeWidth=2.5).encode(
            x=x,
            y=y,
            color=color,
            strokeDash=alt.StrokeDash("reeks:N", scale=alt.Scale(domain=["…"]), legend=legend),
        )
    )
    for running_point in (False, True):
        layers.append(
            base.mark_point(
                size=60,
                strokeWidth=2,
                filled=not running_point,
                fill=OPEN_POINT_FILL if running_point else alt.Undefined,
            )
            .encode(x=x, y=y, color=color, tooltip=[alt.Tooltip("tekst:N", title=tooltip_title)])
            .transform_filter(alt.FieldEqualPredicate(field="lopend", equal=running_point))
        )
    if marked:
        marker = alt.Chart(alt.Data(values=[]))
        layers.append(marker.mark_rule(color="#595959", strokeDash=[2, 3]).encode(x=x))
        layers.append(
            # At the foot of the plot, where lines of shares and marks seldom come.
            marker.mark_text(
                text=running_label, align="right", baseline="bottom", dx=-4, dy=-4, color="#333333"
            ).encode(x=x, y=alt.value(HEIGHT))
        )
    chart = alt.layer(*layers, data=alt.Data(values=[])).properties(
        width="container", height=HEIGHT
    )
    return json.dumps(_config(chart).to_dict(validate=False))  # built by code, not users


def to_svg(spec: dict[str, Any]) -> str:
    """The same spec as SVG, for PDF reports."""
    import vl_convert as vlc

    return vlc.vegalite_to_svg(spec)
