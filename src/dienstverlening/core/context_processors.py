from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .navigation import menu_items


def site(request: HttpRequest) -> dict:
    return {
        "organisation_name": settings.DV_ORGANISATION_NAME,
        # Lazy: fragments (htmx) that show no menu do not load the user for it. An error page
        # for a request refused before log-in was checked (400) has no user: show public pages.
        "menu_items": SimpleLazyObject(
            lambda: menu_items(getattr(request, "user", None) or AnonymousUser())
        ),
    }
