"""The journey map as PDF, A3 landscape (WeasyPrint), with the feeling curve as SVG from the same
Vega-Lite spec the page draws (``insights.charts.to_svg``)."""

import copy

from django.template.loader import render_to_string
from django.utils import timezone

from dienstverlening.insights import charts

from .models import Track
from .selectors.journeys import feeling_chart, journey_map

CHART_WIDTH = 1300  # pixels: the width of an A3 landscape page within its margins


def journey_pdf(track: Track) -> bytes:
    """The PDF of the journey of ``track``: the map, the feeling curve, who took part."""
    from weasyprint import HTML  # heavy: imported when a PDF is asked for

    mapped = journey_map(track)
    chart = feeling_chart(mapped)
    svg = ""
    if chart is not None:
        spec = copy.deepcopy(chart.spec)
        spec["width"] = CHART_WIDTH  # "container" has no meaning on paper
        spec["height"] = 220
        svg = charts.to_svg(spec)
    html = render_to_string(
        "improvement/journeys/journey_pdf.html",
        {
            "track": track,
            "map": mapped,
            "chart": chart,
            "svg": svg,
            "printed_on": timezone.localdate(),
        },
    )
    return HTML(string=html).write_pdf()
