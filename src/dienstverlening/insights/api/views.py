"""Read-only KPI API (for Power BI and the like), with the same suppression as the pages."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dienstverlening.core.api_clients import ApiAccess
from dienstverlening.core.models import ApiScope

from .. import experience, work
from ..periods import PRESETS
from ..rounds import DEFAULT_ROUND, SurveyRound, previous_name
from ..templatetags.insights_tags import change_text
from ..views import selection
from .serializers import KpiSerializer


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


def _change(change, unit: str = "punten") -> dict | None:
    if change is None:
        return None
    return {
        "verschil": round(change.delta, 2),
        "pWaarde": None if change.p_value is None else round(change.p_value, 4),
        "echteVerandering": change.real,
        "tekst": change_text(change, unit),
    }


PARAMETERS = [
    OpenApiParameter(name, str, description=description)
    for name, description in [
        ("gemeente", "slug van de gemeente"),
        ("domein", "slug van het domein"),
        ("team", "slug van het team"),
        ("dienst", "slug van de dienst"),
        ("kanaal", "slug van het kanaal"),
        ("van", "begindatum (jjjj-mm-dd) bij periode=eigen"),
        ("tot", "einddatum (jjjj-mm-dd) bij periode=eigen"),
    ]
] + [
    OpenApiParameter(
        "periode",
        str,
        enum=list(PRESETS),
        description="kwartaal (vorig kwartaal), 12m (standaard), jaar, nulmeting (sinds de "
        "nulmeting) of eigen (met van en tot).",
    ),
    OpenApiParameter(
        "meting",
        str,
        enum=list(SurveyRound.values),
        description="Welke meting: "
        + "; ".join(f"{code} = {label}" for code, label in SurveyRound.choices)
        + f". Standaard {DEFAULT_ROUND.value}. Metingen worden nooit samengevoegd. Bij "
        "nulmeting gaan de cijfers over de maanden waarin de nulmeting liep, wat de periode "
        "ook is.",
    ),
]


class KpiView(APIView):
    """Kengetallen van één selectie: stellingen, kernwaarden, rapportcijfer en afhandeling.

    Groepen kleiner dan de minimale groepsgrootte krijgen ``onderdrukt: true`` en geen cijfers.
    Een filter met een ongeldige waarde geeft 400 met de reden per parameter.
    """

    # API clients with the scope "kengetallen"; every logged-in employee (as on the dashboard).
    permission_classes = [ApiAccess]
    required_scope = ApiScope.KPIS
    session_allowed = True

    @extend_schema(parameters=PARAMETERS, responses={200: KpiSerializer})
    def get(self, request: Request) -> Response:
        chosen = selection(request._request)
        if chosen.form.errors:
            raise ValidationError(chosen.form.errors)
        scope, period, survey_round = chosen.scope, chosen.period, chosen.survey_round
        overview = experience.experience_overview(scope, period, survey_round=survey_round)
        mark = overview.mark
        return Response(
            {
                "selectie": scope.label,
                "meting": {"code": survey_round, "naam": chosen.round_label},
                "periode": {"van": period.start, "tot": period.end},
                "vergelekenMet": None
                if survey_round == SurveyRound.BASELINE
                else previous_name(survey_round),
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
                    "verschilVorigePeriode": _change(mark.vs_previous, "cijfer"),
                    "verschilNulmeting": _change(mark.vs_baseline, "cijfer"),
                },
                "afhandeling": [
                    {
                        "soort": row.kind,
                        "soortNaam": row.label,
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
                        "oordeelTekst": str(work.VERDICTS[row.status]),
                    }
                    for row in work.handling_overview(scope, period)
                ],
            }
        )
