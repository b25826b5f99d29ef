"""Read-only KPI API (for Power BI and the like), with the same suppression as the pages."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import experience, work
from ..views import scope_and_period


def _share(figure) -> dict:
    if figure.suppressed:
        return {"onderdrukt": True, "aantal": None}
    return {
        "onderdrukt": False,
        "aantal": figure.n,
        "eensPercentage": round(figure.share, 2),
        "ondergrens": round(figure.low, 2),
        "bovengrens": round(figure.high, 2),
        "gemiddelde": round(figure.mean, 3),
        "gecorrigeerdPercentage": None if figure.corrected is None else round(figure.corrected, 2),
        "verschilVorigePeriode": _change(figure.vs_previous),
        "verschilNulmeting": _change(figure.vs_baseline),
    }


def _change(change) -> dict | None:
    if change is None:
        return None
    return {
        "verschil": round(change.delta, 2),
        "pWaarde": None if change.p_value is None else round(change.p_value, 4),
        "echteVerandering": change.real,
    }


PARAMETERS = [
    OpenApiParameter(name, str, description=description)
    for name, description in [
        ("gemeente", "slug van de gemeente"),
        ("domein", "slug van het domein"),
        ("team", "slug van het team"),
        ("dienst", "slug van de dienst"),
        ("kanaal", "slug van het kanaal"),
        ("periode", "kwartaal, 12m, jaar, nulmeting of eigen"),
        ("van", "begindatum (jjjj-mm-dd) bij periode=eigen"),
        ("tot", "einddatum (jjjj-mm-dd) bij periode=eigen"),
    ]
]


class KpiView(APIView):
    """Kengetallen van één selectie: stellingen, kernwaarden, rapportcijfer en afhandeling.

    Groepen kleiner dan de minimale groepsgrootte krijgen ``onderdrukt: true`` en geen cijfers.
    """

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=PARAMETERS, responses={200: dict})
    def get(self, request: Request) -> Response:
        _form, scope, period = scope_and_period(request._request)
        overview = experience.experience_overview(scope, period)
        mark = overview.mark
        return Response(
            {
                "selectie": scope.label,
                "periode": {"van": period.start, "tot": period.end},
                "minimaleGroepsgrootte": overview.min_group_size,
                "aantalInwoners": None if overview.suppressed else overview.respondents,
                "kernwaarden": [
                    {
                        "kernwaarde": item.value.name,
                        **_share(item.figure),
                        "stellingen": [
                            {"stelling": statement.text, **_share(figure)}
                            for statement, figure in item.statements
                        ],
                    }
                    for item in overview.values
                ],
                "rapportcijfer": {"onderdrukt": True}
                if mark.suppressed
                else {
                    "onderdrukt": False,
                    "aantal": mark.n,
                    "gemiddelde": round(mark.mean, 3),
                    "ondergrens": round(mark.low, 3),
                    "bovengrens": round(mark.high, 3),
                    "zevenOfHoger": round(mark.pass_share, 2),
                    "verschilVorigePeriode": _change(mark.vs_previous),
                    "verschilNulmeting": _change(mark.vs_baseline),
                },
                "afhandeling": [
                    {
                        "soort": row.kind,
                        "open": row.open,
                        "teLaat": row.overdue,
                        "afgehandeld": row.closed,
                        "opTijdPercentage": None
                        if row.on_time_share is None
                        else round(row.on_time_share, 2),
                        "doelPercentage": row.target_share,
                        "mediaanWerkdagen": row.median_days,
                        "p90Werkdagen": row.p90_days,
                        "oordeel": row.status,
                    }
                    for row in work.handling_overview(scope, period)
                ],
            }
        )
