"""The public questionnaire: residents, phones, no log-in, no JavaScript needed.

Nothing is lost, nothing counted twice: every rendered form carries a signed token (its
fingerprint is the response's ``submission_key``), validation errors and failed saves show
the form as it was filled in, and a second submit says "al ingevuld". After a submit the
browser keeps a signed cookie that says only "this form was answered here" (the same value for
everyone who answered it), so Back, another tab or the QR code scanned again show "al
ingevuld" instead of a fresh form. No page of the form is ever cached (``no-store``).

When the database is down the resident still gets a Dutch page in the public layout, never a
500: sending the form shows it again as filled in (drawn from the signed description the page
carries, ``public_form``) with status 503 and what to do; opening it says to try again in a few
minutes. The form needs no cookie: instead of Django's CSRF cookie, a post made by a page of
another website is refused by what the browser says about its origin (``core.origin``).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import secrets
import time

from django.conf import settings
from django.core import signing
from django.db import Error as DatabaseFailure
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from dienstverlening.core.caching import window_count
from dienstverlening.core.net import client_address
from dienstverlening.core.origin import is_cross_origin
from dienstverlening.core.twofactor import twofactor_exempt

from . import public_cache, services
from .forms import SurveyForm
from .models import Invitation, InvitationStatus, OpenLink, ResponseSource, RunStatus
from .public_form import FormDefinition

logger = logging.getLogger(__name__)

TOKEN_SALT = "surveys.form"
TOKEN_MAX_AGE = 14 * 24 * 3600
# During a database outage: seconds after which a browser or proxy may try again.
OUTAGE_RETRY_AFTER = 120


# "This browser answered the form at this address": per open link, never who or what.
ANSWERED_COOKIE = "dv_ingevuld"
ANSWERED_SALT = "surveys.answered"
ANSWERED_MAX_AGE = TOKEN_MAX_AGE  # as long as a form this browser holds could still be sent


def _answered_here(request: HttpRequest) -> bool:
    """True when this browser already answered the form at this address (no database)."""
    value = request.COOKIES.get(ANSWERED_COOKIE)
    if not value:
        return False
    try:
        return signing.Signer(salt=ANSWERED_SALT).unsign(value) == request.path
    except signing.BadSignature:
        return False


def _remember_answered(request: HttpRequest, response: HttpResponse) -> None:
    response.set_cookie(
        ANSWERED_COOKIE,
        signing.Signer(salt=ANSWERED_SALT).sign(request.path),
        max_age=ANSWERED_MAX_AGE,
        path=request.path,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def form_token_new() -> str:
    return signing.dumps({"n": secrets.token_urlsafe(16), "t": time.time()}, salt=TOKEN_SALT)


def form_token_read(token: str) -> dict | None:
    try:
        return signing.loads(token or "", salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None


def _submission_key(data: dict) -> str:
    return hashlib.sha256(data["n"].encode()).hexdigest()


def _rate_limited(request: HttpRequest) -> bool:
    """Count a submission for this client address in the current fixed window; the address
    itself is never stored. One count for all app servers, in the shared cache (on Redis no
    database write)."""
    address = client_address(request)
    key = "surveys:rl:" + services.salted_hash("ip:" + address)[:40]
    try:
        count = window_count(key, settings.SURVEYS_RATE_WINDOW)
    except Exception:
        # The store of the count (a database table, or Redis) fails: let the resident through
        # rather than refuse everyone; saving the answers has its own failure page.
        logger.warning("Limiet van het openbare formulier niet te tellen", exc_info=True)
        return False
    return count > settings.SURVEYS_RATE_LIMIT


def _survives_outage(view):
    """A database failure anywhere in the public form gives the outage page, never a 500."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except DatabaseFailure:  # OperationalError, InterfaceError, ...: the database is gone
            logger.exception("Openbaar formulier: de database antwoordt niet")
            return _outage(request)

    return wrapper


def _outage(request: HttpRequest) -> HttpResponse:
    """The database is down. A sent form comes back as filled in, drawn from the description
    the page carried; without one (or when opening the form) the page says to try again."""
    definition = None
    if request.method == "POST":
        definition = FormDefinition.read(request.POST.get("definition", ""))
    if definition is None:
        response = render(
            request,
            "surveys/public/unavailable.html",
            {"sent": request.method == "POST"},
            status=503,
        )
        response["Retry-After"] = str(OUTAGE_RETRY_AFTER)
        return response
    data = request.POST.copy()
    if form_token_read(data.get("token", "")) is None:
        data["token"] = form_token_new()
    form = SurveyForm(data, **definition.form_kwargs())
    form.is_valid()  # show what is still missing too, so one more click is enough
    return _not_saved(request, form, definition.page_context())


def _not_saved(request: HttpRequest, form: SurveyForm, context: dict) -> HttpResponse:
    """The form as filled in, with the outage message: same token, so sending again counts once."""
    form.add_error(
        None,
        _(
            "Door een storing zijn uw antwoorden nog niet opgeslagen. Ze staan hieronder nog. "
            "Probeer het over een paar minuten opnieuw door op Versturen te klikken."
        ),
    )
    response = render(
        request,
        "surveys/public/form.html",
        {**context, "form": form, "preview": False},
        status=503,
    )
    response["Retry-After"] = str(OUTAGE_RETRY_AFTER)
    return response


@twofactor_exempt  # for residents: a colleague halfway through signing in may answer too
@csrf_exempt  # no cookie needed: cross-site posts are refused by origin (see module doc)
@never_cache
@require_http_methods(["GET", "POST"])
@_survives_outage
def survey_open(request: HttpRequest, token: str) -> HttpResponse:
    entries = public_cache.FORMS.entries()  # this process's forms, if still current
    link = public_cache.open_link(entries, token)
    if link is None:
        raise Http404
    return _questionnaire(request, origin=link, source=ResponseSource.OPEN_LINK, entries=entries)


@twofactor_exempt
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
@_survives_outage
def survey_invitation(request: HttpRequest, token: str) -> HttpResponse:
    entries = public_cache.FORMS.entries()
    invitation = get_object_or_404(
        Invitation.objects.select_related(*public_cache.ORIGIN_RELATED), token=token
    )
    if invitation.status in (InvitationStatus.ANSWERED, InvitationStatus.CLOSED):
        if invitation.status == InvitationStatus.CLOSED:
            return _closed(request)
        return render(request, "surveys/public/already.html", status=200)
    return _questionnaire(
        request,
        origin=invitation,
        source=ResponseSource.INVITATION,
        invitation=invitation,
        entries=entries,
    )


def _closed(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/public/closed.html", status=410)


def _already(request: HttpRequest, *, remember: bool = False) -> HttpResponse:
    response = render(request, "surveys/public/already.html", status=200)
    if remember:
        _remember_answered(request, response)
    return response


def _questionnaire(
    request,
    *,
    origin: OpenLink | Invitation,
    source,
    invitation: Invitation | None = None,
    entries: dict | None,
):
    """The questionnaire of ``origin``'s run, its answers counted for ``origin``'s service,
    channel and municipality. ``entries``: this process's cached forms (``public_cache``)."""
    run, service, channel = origin.run, origin.service, origin.channel
    municipality = origin.municipality
    if run.status != RunStatus.OPEN:
        return _closed(request)
    if _answered_here(request):
        return _already(request)
    questionnaire = run.questionnaire
    parts = public_cache.form_parts(
        entries,
        questionnaire=questionnaire,
        service=service,
        municipality=municipality,
        ask_outcome=invitation is None,
    )
    form_kwargs = parts.form_kwargs()
    context = {
        "questionnaire": questionnaire,
        "service": service,
        "municipality": municipality,
        "preview": False,
    }
    status = 200
    if request.method == "GET":
        return _blank_form(request, parts=parts, context=context, entries=entries)
    else:
        if request.POST.get("website"):
            # The honeypot was filled in: a robot. Thank it, store nothing.
            return redirect("survey-thanks")
        data = request.POST.copy()
        token = form_token_read(data.get("token", ""))
        if token is None:
            data["token"] = form_token_new()
        data["definition"] = parts.signed_definition  # as the form is now, should it show again
        form = SurveyForm(data, **form_kwargs)
        if form.is_valid():
            if token is None:
                form.add_error(
                    None,
                    _(
                        "Het formulier was verlopen. Uw antwoorden staan er nog. "
                        "Kijk ze na en klik opnieuw op Versturen."
                    ),
                )
            elif is_cross_origin(request):
                status = 403
                form.add_error(
                    None,
                    _(
                        "Uw antwoorden zijn nog niet opgeslagen, omdat ze via een andere website "
                        "zijn verstuurd. Kijk ze na en klik op Versturen."
                    ),
                )
            elif time.time() - token["t"] < settings.SURVEYS_MIN_FILL_SECONDS:
                form.add_error(
                    None,
                    _(
                        "U heeft het formulier erg snel verstuurd. Kijk uw antwoorden na en "
                        "klik opnieuw op Versturen."
                    ),
                )
            elif invitation is None and _rate_limited(request):
                status = 429
                form.add_error(
                    None,
                    _(
                        "Vanaf dit apparaat zijn veel formulieren verstuurd. Probeer het over "
                        "een uur opnieuw. Uw antwoorden staan er nog."
                    ),
                )
            else:
                try:
                    services.response_submit(
                        run=run,
                        service=service,
                        channel=channel,
                        municipality=municipality,
                        answers=form.answers(),
                        answered_on=timezone.localdate(),
                        source=source,
                        submission_key=_submission_key(token),
                        invitation=invitation,
                    )
                except services.AlreadyAnswered:
                    return _already(request, remember=invitation is None)
                except DatabaseFailure:
                    logger.exception("Opslaan van een antwoord mislukt")
                    return _not_saved(request, form, context)
                else:
                    done = redirect("survey-thanks")
                    if invitation is None:  # an invitation is single-use by itself
                        _remember_answered(request, done)
                    return done
    return render(request, "surveys/public/form.html", {**context, "form": form}, status=status)


TOKEN_PLACEHOLDER = "dv-form-token-placeholder"


def _blank_form(
    request: HttpRequest, *, parts: public_cache.FormParts, context: dict, entries: dict | None
) -> HttpResponse:
    """The empty form is the same for everyone but its token: render it once per process
    (per questionnaire, service, municipality, kind of origin and language, until anything of
    it changes) and fill in the token per request."""

    def render_blank() -> str:
        form = SurveyForm(
            initial={"token": TOKEN_PLACEHOLDER, "definition": parts.signed_definition},
            **parts.form_kwargs(),
        )
        return render_to_string(
            "surveys/public/form.html", {**context, "form": form}, request=request
        )

    key = (
        parts.questionnaire.pk,
        context["service"].pk,
        context["municipality"].pk,
        parts.ask_outcome,
        get_language(),
    )
    html = public_cache.blank_form_html(entries, key, render_blank)
    return HttpResponse(html.replace(TOKEN_PLACEHOLDER, form_token_new()))


@twofactor_exempt
def survey_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/public/thanks.html")


@twofactor_exempt
def survey_privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "surveys/public/privacy.html",
        {
            "cookie_days": ANSWERED_MAX_AGE // (24 * 3600),
            "min_group_size": settings.DV_MIN_GROUP_SIZE,
        },
    )
