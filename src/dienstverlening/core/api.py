"""Shared API pieces: errors as application/problem+json (NL API Design Rules)."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEM_JSON = "application/problem+json"

# The title of a problem, by the error's code (which is also the part after '#' in ``type``).
TITLES = {
    "invalid": gettext_lazy("Een of meer velden zijn niet goed ingevuld."),
    "parse_error": gettext_lazy("De inhoud van de aanvraag is geen geldige JSON."),
    "not_authenticated": gettext_lazy("Niet ingelogd: stuur een geldig token mee."),
    "authentication_failed": gettext_lazy("Dit token is niet geldig."),
    "permission_denied": gettext_lazy("Geen toegang."),
    "not_found": gettext_lazy("Niet gevonden."),
    "method_not_allowed": gettext_lazy("Deze methode kan hier niet."),
    "not_acceptable": gettext_lazy("Dit antwoordformaat kunnen we niet geven."),
    "unsupported_media_type": gettext_lazy("Dit soort inhoud kunnen we niet lezen."),
    "throttled": gettext_lazy("Te veel aanvragen: wacht even."),
}


def _detail(exc, code: str, request) -> str:
    """A Dutch detail where Django REST framework's own would be English or a template."""
    if code == "parse_error":
        return _("Controleer de JSON: aanhalingstekens, komma's en haakjes.")
    if code == "method_not_allowed":
        method = request.method if request is not None else ""
        return _("De methode %(method)s kan niet op dit adres.") % {"method": method}
    if code == "unsupported_media_type":
        return _("Stuur de inhoud als application/json.")
    if code == "throttled" and getattr(exc, "wait", None):
        return _("Probeer het over %(seconds)s seconden opnieuw.") % {"seconds": int(exc.wait)}
    return ""


def _invalid_params(detail, prefix: str = "") -> list[dict[str, str]]:
    """One entry per message; nested fields are named ``parent.child``."""
    if isinstance(detail, dict):
        result = []
        for key, value in detail.items():
            own = key in (api_settings.NON_FIELD_ERRORS_KEY, "nonFieldErrors")
            name = (prefix or key) if own else (f"{prefix}.{key}" if prefix else key)
            result.extend(_invalid_params(value, name))
        return result
    if isinstance(detail, list):
        result = []
        for index, value in enumerate(detail):
            nested = isinstance(value, (dict, list))
            result.extend(_invalid_params(value, f"{prefix}.{index}" if nested else prefix))
        return result
    return [
        {
            "name": prefix or "nonFieldErrors",
            "code": getattr(detail, "code", "invalid") or "invalid",
            "reason": str(detail),
        }
    ]


def problem_exception_handler(exc, context) -> Response | None:
    """DRF errors as RFC 9457 problem details; field errors go under ``invalidParams``."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Dit bestaat niet (meer)."))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    detail = response.data
    code = getattr(exc, "default_code", "error")
    problem = {
        "type": f"about:blank#{code}",
        "title": str(TITLES.get(code, _("Fout"))),
        "status": response.status_code,
        "instance": request.get_full_path() if request else None,
    }
    if isinstance(exc, exceptions.ValidationError):
        problem["invalidParams"] = _invalid_params(exc.detail)
    else:
        if isinstance(detail, dict) and "detail" in detail:
            detail = detail["detail"]
        problem["detail"] = _detail(exc, code, request) or str(detail)
    response.data = problem
    response.content_type = PROBLEM_JSON
    if response.status_code == status.HTTP_401_UNAUTHORIZED:
        response["WWW-Authenticate"] = 'Token realm="api"'
    return response


# --- for the OpenAPI schema ---------------------------------------------------------------------


class InvalidParamSerializer(serializers.Serializer):
    name = serializers.CharField(help_text=gettext_lazy("Het veld, bij geneste velden 'a.b'."))
    code = serializers.CharField(
        help_text=gettext_lazy(
            "Vaste code voor programma's: required (verplicht), null, blank (leeg), "
            "max_length (te lang), invalid (verkeerd geschreven), invalid_choice (geen "
            "toegestane waarde), unknown (onbekende korte naam), nonexistent (deze datum "
            "bestaat niet), future (ligt in de toekomst), order (afhandeling vóór ontvangst), "
            "status, transition (deze statuswijziging kan niet)."
        )
    )
    reason = serializers.CharField(help_text=gettext_lazy("Uitleg in het Nederlands."))


class ProblemSerializer(serializers.Serializer):
    """Een fout als application/problem+json (RFC 9457)."""

    type = serializers.CharField(
        help_text=gettext_lazy(
            "'about:blank#' met een vaste code: invalid, parse_error, not_authenticated, "
            "authentication_failed, permission_denied, not_found, method_not_allowed, "
            "unsupported_media_type, throttled."
        )
    )
    title = serializers.CharField(help_text=gettext_lazy("Korte omschrijving in het Nederlands."))
    status = serializers.IntegerField()
    instance = serializers.CharField()
    detail = serializers.CharField(
        required=False, help_text=gettext_lazy("Uitleg in het Nederlands.")
    )
    invalidParams = InvalidParamSerializer(many=True, required=False)


def problem_responses(*codes: int) -> dict[tuple[int, str], OpenApiResponse]:
    """Problem responses for ``extend_schema(responses=…)``."""
    descriptions = {
        400: gettext_lazy("Niet goed ingevuld; zie invalidParams."),
        401: gettext_lazy("Geen of een ongeldig token."),
        403: gettext_lazy("Dit account mag dit niet."),
        404: gettext_lazy("Niet gevonden."),
    }
    return {
        (code, PROBLEM_JSON): OpenApiResponse(
            ProblemSerializer, description=descriptions.get(code, "")
        )
        for code in codes
    }
