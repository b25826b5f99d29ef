"""Read-only KPI API (for Power BI and the like), with the same suppression as the pages."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dienstverlening.core.api import problem_responses
from dienstverlening.core.api_clients import ApiAccess
from dienstverlening.core.formats import rounded
from dienstverlening.core.models import ApiScope

from .. import experience, work
from ..disclosure import reason_text
from ..figures import Change, ShareFigure
from ..periods import DEFAULT_PERIOD, PRESETS
from ..rounds import DEFAULT_ROUND, SurveyRound, previous_name
from ..templatetags.insights_tags import change_text
from ..views import selection
from .serializers import KpiSerializer


def _hidden(reason: str | None) -> dict:
    """A suppressed figure: no numbers, not even the count, and why."""
    reason = reason or "kleine-groep"
    return {"onderdrukt": True, "aantal": None, "reden": reason, "redenTekst": reason_text(reason)}


def _share(figure: ShareFigure) -> dict:
    if figure.suppressed:
        return _hidden(figure.reason)
    return {
        "onderdrukt": False,
        "aantal": figure.n,
        "eensPercentage": rounded(figure.share, 2),
        "ondergrens": rounded(figure.low, 2),
        "bovengrens": rounded(figure.high, 2),
        "gemiddelde": rounded(figure.mean, 3),
        "gecorrigeerdPercentage": rounded(figure.corrected, 2),
        "verschilVorigePeriode": _change(figure.vs_previous),
        "verschilNulmeting": _change(figure.vs_baseline),
    }


def _change(change: Change | None, unit: str = "punten") -> dict | None:
    if change is None:
        return None
    return {
        "verschil": rounded(change.delta, 2),
        "pWaarde": rounded(change.p_value, 4),
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
    ]
] + [
    OpenApiParameter(
        "periode",
        str,
        description="Een vaste periode: "
        + ", ".join(f"{key} ({label})" for key, label in PRESETS.items())
        + f"; standaard {DEFAULT_PERIOD}. Of één jaar (2026), halfjaar (2026-H1), kwartaal "
        "(2026-K3) of maand (2026-11). Vrije begin- en einddata kunnen niet: daarmee zijn "
        "kleine groepen terug te rekenen. De oude waarden 12m, nulmeting en eigen geven 400 "
        "(eigen met van en tot die precies één maand, kwartaal, halfjaar of jaar zijn, werkt "
        "nog).",
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

    Groepen kleiner dan de minimale groepsgrootte krijgen ``onderdrukt: true`` en geen cijfers,
    ook geen aantal; net zo een groep waarmee samen met andere cijfers een kleine groep terug te
    rekenen is (``reden``). Een filter met een ongeldige waarde geeft 400 met de reden per
    parameter.
    """

    # API clients with the scope "kpis"; every logged-in employee (as on the dashboard).
    permission_classes = [ApiAccess]
    required_scope = ApiScope.KPIS
    session_allowed = True

    @extend_schema(
        parameters=PARAMETERS,
        responses={200: KpiSerializer, **problem_responses(400, 401, 403, 404, 429)},
    )
    def get(self, request: Request) -> Response:
        # On the dashboard an empty choice means the standard one; in the API "meting=" is a
        # mistake of the caller (the schema lists the values), so it is named, not guessed.
        if request.query_params.get("meting") == "":
            raise ValidationError(
                {
                    "meting": [
                        ErrorDetail(
                            _("Kies een meting: %(values)s.")
                            % {"values": ", ".join(SurveyRound.values)},
                            "blank",
                        )
                    ]
                }
            )
        chosen = selection(request._request)
        if chosen.form.errors:
            raise ValidationError(
                {
                    name: [
                        ErrorDetail(message, error.code or "invalid")
                        for error in errors
                        for message in error.messages
                    ]
                    for name, errors in chosen.form.errors.as_data().items()
                }
            )
        scope, period, survey_round = chosen.scope, chosen.period, chosen.survey_round
        overview = experience.experience_overview(scope, period, survey_round=survey_round)
        mark = overview.mark
        return Response(
            {
                "selectie": scope.label,
                "meting": {"code": survey_round, "naam": chosen.round_label},
                "periode": {
                    "code": period.code,
                    "naam": period.name,
                    "van": period.start,
                    "tot": period.end,
                },
                "vergelekenMet": None
                if survey_round == SurveyRound.BASELINE
                else previous_name(survey_round),
                "minimaleGroepsgrootte": overview.min_group_size,
                "aantalInwoners": None if overview.suppressed else overview.respondents,
                "onderdrukt": overview.suppressed,
                "reden": None if not overview.suppressed else overview.reason or "kleine-groep",
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
                "rapportcijfer": _hidden(mark.reason)
                if mark.suppressed
                else {
                    "onderdrukt": False,
                    "aantal": mark.n,
                    "gemiddelde": rounded(mark.mean, 3),
                    "ondergrens": rounded(mark.low, 3),
                    "bovengrens": rounded(mark.high, 3),
                    "zevenOfHoger": rounded(mark.pass_share, 2),
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
                        "opTijdPercentage": rounded(row.on_time_share, 2),
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
