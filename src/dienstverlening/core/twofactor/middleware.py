"""Every page, the admin's included, waits until a signed-in person did their second step."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_htmx.http import HttpResponseClientRedirect

from . import ENROL, pending_step

# Pages a person may open between password and code: the second step itself, signing out (also
# from the admin), the language switch.
ALLOWED_VIEWS = frozenset(
    {
        "twofactor-verify",
        "twofactor-enrol",
        "login",
        "logout",
        "admin:logout",
        "set_language",
    }
)


class TwoFactorMiddleware:
    """Sends a signed-in person who still has to give a code (or set up an app) to that page,
    with the page they asked for as ``next``. Must come after ``OTPMiddleware``.

    Not affected: visitors who are not signed in, views marked ``twofactor_exempt`` (the public
    survey form, health checks), static files, and the API when a system sends its token. A
    session that is not verified gets 403 from the API (problem+json, ``ApiProblemMiddleware``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if getattr(view_func, "twofactor_exempt", False):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in ALLOWED_VIEWS:
            return None
        path = request.path_info
        if path.startswith(settings.STATIC_URL):
            return None
        if path.startswith("/api/") and "HTTP_AUTHORIZATION" in request.META:
            return None
        step = pending_step(request)
        if step is None:
            return None
        if path.startswith("/api/"):
            return HttpResponseForbidden()
        target = reverse("twofactor-enrol" if step == ENROL else "twofactor-verify")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        if request.headers.get("HX-Request"):
            return HttpResponseClientRedirect(target)
        return redirect(target)
