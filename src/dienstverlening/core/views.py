"""Error pages that Django's defaults do not cover (403, 404 and 400 only need the templates)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def server_error(request: HttpRequest) -> HttpResponseServerError:
    """The 500 page. Rendered without the request, so without context processors: the database
    may be the very thing that is down."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(
        template.render({"organisation_name": settings.DV_ORGANISATION_NAME})
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid token (expired page, cookies off): say how to try again."""
    return render(request, "403_csrf.html", status=403)
