import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


def language_chosen(request: HttpRequest) -> str:
    """The language of the switch (its cookie) if the site speaks it, else Dutch.

    The browser's ``Accept-Language`` is ignored on purpose: a browser set to English would
    otherwise get an English interface around Dutch content. Dutch is for everyone.
    """
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if code:
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Activates the chosen language for the request (in place of Django's LocaleMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = language_chosen(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


# When the session was last written for activity (seconds since the epoch).
SESSION_SEEN_KEY = "_dv_seen"


class SessionActivityMiddleware:
    """Every click keeps a signed-in session alive; SESSION_COOKIE_AGE without one ends it.

    Django gives a session its full age whenever it is saved; saving it on every request
    (SESSION_SAVE_EVERY_REQUEST) would write the database for every page and every poll. This
    saves it at most once per DV_SESSION_REFRESH_SECONDS, so a session ends between
    SESSION_COOKIE_AGE minus that and SESSION_COOKIE_AGE after the last click. Sessions that
    hold nothing (residents on the public pages) are left alone: they are never stored.
    Must come after SessionMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty() or not session.get(SESSION_KEY):
            return response
        now = int(time.time())
        seen = session.get(SESSION_SEEN_KEY)
        if not isinstance(seen, int) or now - seen >= settings.DV_SESSION_REFRESH_SECONDS:
            session[SESSION_SEEN_KEY] = now
        return response
