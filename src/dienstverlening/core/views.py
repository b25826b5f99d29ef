"""Error pages that Django's defaults do not cover (403, 404 and 400 only need the templates),
the sign-in pages (a password, or the work account through the identity provider), the page
after too many wrong passwords, the pages of the background jobs: one job (with a progress
partial for htmx) and "Mijn taken", and the audit trail for the functioneel beheerder.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from urllib.parse import urlencode

import requests
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import SuspiciousOperation
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import View
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from .audit_trail import (
    EXPORT_HEADER,
    EXPORT_LIMIT,
    PAGE_SIZE,
    AuditFilterForm,
    access_audit_trail,
    audit_entries,
    export_rows,
    filters_for_log,
    trail_rows,
)
from .exports import download
from .forms import SignInForm
from .jobs import access_job, job_state, jobs_for
from .local_login import local_login_enabled
from .models import Job
from .oidc import SignInRefused, oidc_enabled, oidc_setting
from .security_events import export_logged, security_event

logger = logging.getLogger(__name__)


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


def login_locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """Too many wrong passwords for this username from this address (AXES_LOCKOUT_CALLABLE):
    say so, and for how many minutes, on the site's and the admin's log-in page alike."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    return render(
        request,
        "core/lockout.html",
        {"minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


# --- signing in ---------------------------------------------------------------------------------


class SignInView(LoginView):
    """``/inloggen/``: the button to the identity provider when single sign-on is on, the
    password form while local sign-in is on (``core.local_login``)."""

    authentication_form = SignInForm

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if oidc_enabled():  # the button comes first: the cursor does not jump past it
            form.fields["username"].widget.attrs.pop("autofocus", None)
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        start = reverse("oidc_authentication_init")
        next_url = context.get("next")
        context.update(
            oidc_enabled=oidc_enabled(),
            local_login=local_login_enabled(),
            oidc_url=f"{start}?{urlencode({'next': next_url})}" if next_url else start,
        )
        return context


@dataclass(frozen=True)
class SignInFailure:
    """What the page says when a sign-in through the identity provider fails."""

    status: int
    heading: str | Promise
    explanation: str | Promise
    steps: list[str | Promise] = field(default_factory=list)


_ASK_ADMINISTRATOR = _(
    "Lukt het daarna nog niet? Vraag de functioneel beheerder om hulp en noem de tijd waarop het "
    "misging."
)
OIDC_FAILURES = {
    "state": SignInFailure(
        400,
        _("Het inloggen is verlopen"),
        _(
            "Het inloggen duurde te lang, of het begon in een ander venster of een andere "
            "browser. Voor uw veiligheid is het gestopt. U bent niet ingelogd."
        ),
        [_ASK_ADMINISTRATOR],
    ),
    "incomplete": SignInFailure(
        400,
        _("Inloggen is niet gelukt"),
        _(
            "Deze pagina komt pas na het inloggen met uw werkaccount. Er kwam geen antwoord van "
            "de inlogdienst mee, dus u bent niet ingelogd."
        ),
    ),
    "denied": SignInFailure(
        403,
        _("Inloggen is niet gelukt"),
        _(
            "Het inloggen met uw werkaccount is afgebroken, of de inlogdienst van de organisatie "
            "gaf geen toestemming. U bent niet ingelogd."
        ),
        [_ASK_ADMINISTRATOR],
    ),
    "token": SignInFailure(
        400,
        _("Inloggen is niet gelukt"),
        _(
            "Het antwoord van de inlogdienst kon niet worden gecontroleerd. Voor uw veiligheid "
            "bent u niet ingelogd."
        ),
        [_ASK_ADMINISTRATOR],
    ),
    "provider": SignInFailure(
        502,
        _("De inlogdienst is niet bereikbaar"),
        _(
            "Dienstverlening kon de inlogdienst van de organisatie nu niet bereiken. U bent niet "
            "ingelogd."
        ),
        [
            _("Probeer het over een paar minuten opnieuw."),
            _("Blijft het zo? Meld het dan bij de functioneel beheerder."),
        ],
    ),
    "claims": SignInFailure(
        403,
        _("Inloggen is niet gelukt"),
        _(
            "Uw werkaccount gaf niet de gegevens door die Dienstverlening nodig heeft om u te "
            "herkennen. U bent niet ingelogd."
        ),
        [_("Vraag de functioneel beheerder om de koppeling met de inlogdienst na te kijken.")],
    ),
    "groups": SignInFailure(
        403,
        _("Uw groepen kwamen niet mee"),
        _(
            "Uw werkaccount is lid van zoveel groepen dat de inlogdienst ze niet doorgaf. Zonder "
            "groepen weet Dienstverlening niet welke rol u hebt. U bent niet ingelogd."
        ),
        [
            _(
                "Vraag de functioneel beheerder om alleen de groepen van Dienstverlening aan de "
                "koppeling toe te wijzen."
            )
        ],
    ),
    "account": SignInFailure(
        403,
        _("Er is geen passend account"),
        _(
            "Bij uw werkaccount passen meer accounts in Dienstverlening, zodat niet duidelijk is "
            "welk account van u is. U bent niet ingelogd."
        ),
        [_("Vraag de functioneel beheerder om de dubbele accounts samen te voegen.")],
    ),
    "inactive": SignInFailure(
        403,
        _("Uw account staat uit"),
        _(
            "Uw werkaccount is in orde, maar uw account in Dienstverlening is uitgezet. U bent "
            "niet ingelogd."
        ),
        [_("Hebt u Dienstverlening nodig voor uw werk? Vraag de functioneel beheerder.")],
    ),
}


def oidc_failure(request: HttpRequest, reason: str, detail: str = "") -> HttpResponse:
    """The Dutch page for a failed sign-in through the identity provider; logged with its
    reason (never counted as a wrong password)."""
    failure = OIDC_FAILURES.get(reason, OIDC_FAILURES["token"])
    logger.warning("Sign-in with a work account refused: %s %s", reason, detail)
    security_event("login_failed", request, method="oidc", reason=reason)
    return render(
        request,
        "core/oidc_failure.html",
        {"failure": failure, "retry_url": reverse("login")},
        status=failure.status,
    )


class OIDCStartView(OIDCAuthenticationRequestView):
    """``/oidc/authenticate/``: on to the identity provider (404 while single sign-on is off)."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, **kwargs) -> None:
        # The provider's endpoints are read in ``get``, where a failure to reach it can be
        # answered with a page (mozilla-django-oidc reads them here).
        View.__init__(self, **kwargs)

    def get(self, request):
        if not oidc_enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = self.get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except SignInRefused as refusal:
            return oidc_failure(request, refusal.reason, refusal.detail)
        self.OIDC_RP_CLIENT_ID = self.get_settings("OIDC_RP_CLIENT_ID")
        return super().get(request)


class OIDCCallbackView(OIDCAuthenticationCallbackView):
    """``/oidc/callback/``: the provider sends the person back here. Every way it can fail
    (an expired or foreign ``state``, a wrong nonce or signature, the provider unreachable, an
    account switched off) ends on a Dutch page that says what to do."""

    get_settings = staticmethod(oidc_setting)
    failure_reason = "incomplete"

    def get(self, request):
        if not oidc_enabled():
            raise Http404
        if request.GET.get("error"):
            self.failure_reason = "denied"
        elif "code" in request.GET and "state" in request.GET:
            states = request.session.get("oidc_states")
            if not isinstance(states, dict) or request.GET["state"] not in states:
                return oidc_failure(request, "state")
            self.failure_reason = "account"
        try:
            return super().get(request)
        except SignInRefused as refusal:
            return oidc_failure(request, refusal.reason, refusal.detail)
        except SuspiciousOperation as error:
            return oidc_failure(request, "token", str(error))
        except requests.HTTPError as error:
            # 4xx: the provider refused this exchange (a code that does not match its PKCE
            # verifier, a wrong client secret); otherwise it is down.
            status = error.response.status_code if error.response is not None else 0
            return oidc_failure(request, "token" if 400 <= status < 500 else "provider", str(error))
        except requests.RequestException as error:
            return oidc_failure(request, "provider", str(error))

    def login_success(self):
        logger.info("Signed in with a work account: account %s", self.user.pk)
        return super().login_success()

    def login_failure(self):
        user = getattr(self, "user", None)
        reason = "inactive" if user is not None and not user.is_active else self.failure_reason
        return oidc_failure(self.request, reason, self.request.GET.get("error", ""))


def _job_for_view(request: HttpRequest, pk) -> Job:
    job = get_object_or_404(Job.objects.select_related("started_by"), pk=pk)
    access_job(request.user, job)
    return job


@login_required
def job_detail(request: HttpRequest, pk) -> HttpResponse:
    """The job's own page: progress while it runs, then its outcome. Safe to leave and reopen."""
    job = _job_for_view(request, pk)
    return render(request, "core/job.html", {"job": job, "state": job_state(job)})


@login_required
def job_progress(request: HttpRequest, pk) -> HttpResponse:
    """The progress partial the job page polls (htmx) until the job is done."""
    job = _job_for_view(request, pk)
    return render(
        request, "core/_job_progress.html", {"job": job, "state": job_state(job), "swap": True}
    )


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    """The user's recent jobs (the beheerder sees everyone's), newest first."""
    jobs = list(jobs_for(request.user)[:50])
    return render(request, "core/job_list.html", {"jobs": jobs})


@login_required
@require_safe
def audit_trail(request: HttpRequest) -> HttpResponse:
    """The audit trail for the functioneel beheerder: filtered, a page at a time, downloadable."""
    access_audit_trail(request.user)
    form = AuditFilterForm(request.GET or None)
    valid = not form.is_bound or form.is_valid()
    filters = form.cleaned_data if form.is_bound and valid else {}
    # A filter that is wrong (an end before the start) shows its message and no records.
    entries = audit_entries(filters) if valid else audit_entries().none()
    fmt = request.GET.get("download")
    if valid and fmt in ("csv", "xlsx"):
        export_logged(request, what="audittrail", fmt=fmt, **filters_for_log(filters))
        rows = trail_rows(entries[:EXPORT_LIMIT].iterator(chunk_size=2000))
        return download("audittrail", EXPORT_HEADER, export_rows(rows), fmt=fmt)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    query.pop("download", None)
    return render(
        request,
        "core/audit_trail.html",
        {
            "form": form,
            "page": page,
            "rows": trail_rows(page.object_list),
            "query": query.urlencode(),
            "filtered": bool(filters and any(filters.values())),
        },
    )
