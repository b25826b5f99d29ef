"""One chart definition for screen and paper: Vega-Lite specs built with Altair.

Pages embed the spec with vega-embed (under a strict CSP, via the expression interpreter);
reports render the same spec to SVG with vl-convert. Colours are the Okabe-Ito palette, which
stays distinguishable with the common forms of colour blindness. Every chart is shown with a data
table and a one-line summary, so it is readable without sight and without JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import altair as alt

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"


@dataclass(frozen=True)
class Chart:
    """A chart as the page and the report need it."""

    key: str
    title: str
    summary: str
    spec: dict[str, Any]
    columns: list[str]
    rows: list[list[str]]


def _config(chart: alt.Chart) -> alt.Chart:
    return (
        chart.configure(font=FONT).configure_range(category=OKABE_ITO).configure_view(stroke=None)
    )


def share_bars(
    rows: list[dict[str, Any]], *, category: str, title: str, target: float | None = None
) -> dict[str, Any]:
    """Horizontal bars of a share (0–100) with its 95 % interval, one per ``category``.

    Each row needs ``category``, ``share``, ``low`` and ``high`` (percentages).
    """
    base = alt.Chart(alt.Data(values=rows))
    y = alt.Y(f"{category}:N", sort=None, title=None)
    bars = base.mark_bar(color=OKABE_ITO[0]).encode(
        y=y,
        x=alt.X("share:Q", title="%", scale=alt.Scale(domain=[0, 100])),
        tooltip=[alt.Tooltip(f"{category}:N"), alt.Tooltip("share:Q", format=".0f")],
    )
    errors = base.mark_rule(color="#000000").encode(y=y, x="low:Q", x2="high:Q")
    layers = [bars, errors]
    if target is not None:
        layers.append(
            alt.Chart(alt.Data(values=[{"target": target}]))
            .mark_rule(color=OKABE_ITO[5], strokeDash=[6, 4], size=2)
            .encode(x="target:Q")
        )
    chart = alt.layer(*layers).properties(width="container", title=title)
    return _config(chart).to_dict(validate=False)  # specs are built by code, not users


def trend_lines(
    rows: list[dict[str, Any]], *, period: str, value: str, series: str, title: str, unit: str
) -> dict[str, Any]:
    """Lines over time, one per ``series`` (e.g. per core value), points marked."""
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_line(point=True)
        .encode(
            x=alt.X(f"{period}:O", title=None),
            y=alt.Y(f"{value}:Q", title=unit),
            color=alt.Color(f"{series}:N", title=None),
            strokeDash=alt.StrokeDash(f"{series}:N", legend=None),
            tooltip=[f"{period}:O", f"{series}:N", alt.Tooltip(f"{value}:Q", format=".1f")],
        )
        .properties(width="container", title=title)
    )
    return _config(chart).to_dict(validate=False)  # specs are built by code, not users


def to_svg(spec: dict[str, Any]) -> str:
    """The same spec as SVG, for PDF reports."""
    import vl_convert as vlc

    return vlc.vegalite_to_svg(spec)
