"""Shared API pieces: errors as application/problem+json (NL API Design Rules)."""

from __future__ import annotations

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEM_JSON = "application/problem+json"


def problem_exception_handler(exc, context) -> Response | None:
    """DRF errors as RFC 9457 problem details; field errors go under ``invalidParams``."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    detail = response.data
    problem = {
        "type": f"about:blank#{getattr(exc, 'default_code', 'error')}",
        "title": str(getattr(exc, "default_detail", "Fout")),
        "status": response.status_code,
        "instance": request.get_full_path() if request else None,
    }
    if isinstance(exc, exceptions.ValidationError) and isinstance(detail, dict):
        problem["title"] = "Een of meer velden zijn niet goed ingevuld."
        problem["invalidParams"] = [
            {"name": name, "reason": " ".join(str(m) for m in messages)}
            if isinstance(messages, list)
            else {"name": name, "reason": str(messages)}
            for name, messages in detail.items()
        ]
    elif isinstance(detail, dict) and "detail" in detail:
        problem["detail"] = str(detail["detail"])
    else:
        problem["detail"] = str(detail)
    response.data = problem
    response.content_type = PROBLEM_JSON
    if response.status_code == status.HTTP_401_UNAUTHORIZED:
        response["WWW-Authenticate"] = 'Token realm="api"'
    return response
