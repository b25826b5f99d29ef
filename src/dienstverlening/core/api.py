"""Shared API pieces: errors as application/problem+json (NL API Design Rules)."""

from __future__ import annotations

import math

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.renderers import JSONRenderer
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
    "bad_request": gettext_lazy("Dit verzoek kunnen we niet verwerken."),
    "request_too_large": gettext_lazy("De aanvraag is te groot."),
    "server_error": gettext_lazy("Er ging iets mis aan onze kant."),
    "unavailable": gettext_lazy("De API is even niet beschikbaar."),
}
# For errors that do not come from an API view (an unknown address, a 500): code by status.
STATUS_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "request_too_large",
    415: "unsupported_media_type",
    429: "throttled",
    500: "server_error",
    503: "unavailable",
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
    if code == "throttled":
        reason = str(getattr(exc, "reason", "") or _("Te veel aanvragen in korte tijd."))
        if getattr(exc, "wait", None):
            wait = _("Probeer het over %(seconds)s seconden opnieuw.") % {
                "seconds": math.ceil(exc.wait)
            }
            return f"{reason} {wait}"
        return reason
    return ""


def _invalid_params(detail, prefix: str = "") -> list[dict[str, str]]:
    """One entry per message; nested fields are named ``parent.child``."""
    if isinstance(detail, dict):
        result = []
        for key, value in detail.items():
            own = key in (api_settings.NON_FIELD_ERRORS_KEY, "nonFieldErrors")
            name = (prefix or "nonFieldErrors") if own else (f"{prefix}.{key}" if prefix else key)
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
    if request is not None:
        # Always JSON, also where the view itself speaks YAML (the schema) or HTML (the docs).
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = PROBLEM_JSON
    if response.status_code == status.HTTP_401_UNAUTHORIZED:
        response.headers.setdefault("WWW-Authenticate", 'Bearer realm="api"')
    return response


def _status_detail(code: str) -> str:
    if code == "not_found":
        return _("Dit adres bestaat niet in de API. De adressen staan in /api/v1/docs/.")
    if code == "server_error":
        return _(
            "Er is niets opgeslagen. Probeer het later opnieuw; blijft het misgaan, meld het dan "
            "aan de functioneel beheerder."
        )
    if code == "unavailable":
        return _("Probeer het later opnieuw.")
    return ""


class ApiProblemMiddleware:
    """Under ``/api/`` every error is ``application/problem+json``, also those that no API view
    answers: an unknown address (404), a crash (500), an error from other middleware. The
    response Django made (and logged) for the site is replaced by its problem version; the
    headers a client acts on (``Allow``, ``Retry-After``, ``WWW-Authenticate``) are kept."""

    KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "Content-Language", "Vary")

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code < 400 or not request.path_info.startswith("/api/"):
            return response
        content_type = response.get("Content-Type", "")
        if content_type.startswith((PROBLEM_JSON, "application/json")):
            return response
        code = STATUS_CODES.get(response.status_code, "error")
        problem = JsonResponse(
            {
                "type": f"about:blank#{code}",
                "title": str(TITLES.get(code, _("Fout"))),
                "status": response.status_code,
                "instance": request.get_full_path(),
                "detail": _status_detail(code),
            },
            status=response.status_code,
            content_type=PROBLEM_JSON,
            json_dumps_params={"ensure_ascii": False},
        )
        for header in self.KEPT_HEADERS:
            if header in response:
                problem[header] = response[header]
        return problem


# --- for the OpenAPI schema ---------------------------------------------------------------------


class InvalidParamSerializer(serializers.Serializer):
    name = serializers.CharField(help_text=gettext_lazy("Het veld, bij geneste velden 'a.b'."))
    code = serializers.CharField(
        help_text=gettext_lazy(
            "Vaste code voor programma's: required (verplicht), null, blank (leeg), "
            "max_length (te lang), invalid (verkeerd geschreven), invalid_choice (geen "
            "toegestane waarde), unknown (onbekende korte naam), nonexistent (deze datum "
            "bestaat niet), future (ligt in de toekomst), too_early (vóór 2000: klopt het "
            "jaartal?), order (afhandeling vóór ontvangst), team_service (het team hoort niet "
            "bij de dienst), status, transition (deze statuswijziging kan niet)."
        )
    )
    reason = serializers.CharField(help_text=gettext_lazy("Uitleg in het Nederlands."))


class ProblemSerializer(serializers.Serializer):
    """Een fout als application/problem+json (RFC 9457)."""

    type = serializers.CharField(
        help_text=gettext_lazy(
            "'about:blank#' met een vaste code: invalid, parse_error, not_authenticated, "
            "authentication_failed, permission_denied, not_found, method_not_allowed, "
            "not_acceptable, unsupported_media_type, throttled, bad_request, "
            "request_too_large, server_error, unavailable."
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
        429: gettext_lazy("Te veel aanvragen; wacht het aantal seconden uit Retry-After."),
    }
    return {
        (code, PROBLEM_JSON): OpenApiResponse(
            ProblemSerializer, description=descriptions.get(code, "")
        )
        for code in codes
    }
