"""The pages of two-factor authentication: give a code, set up an app, recovery codes, status.

Thin: each view reads its form, calls one service and shows the outcome. New recovery codes
travel to the page that shows them through the session, once (``SESSION_NEW_CODES`` is popped),
so a reload or the back button never shows them again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import django_otp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp.plugins.otp_static.models import StaticDevice

from ..navigation import home_url
from . import ENROL, VERIFY, pending_step, remember_device, services
from .forms import CodeForm, EnrolForm

if TYPE_CHECKING:
    from ..models import User

SESSION_NEW_CODES = "_dv_2fa_new_codes"


def _account(request: HttpRequest) -> User:
    """The signed-in account (every view here is ``login_required``)."""
    return cast("User", request.user)


def _next_url(request: HttpRequest) -> str:
    """Where to go after this step: ``next`` if it is a page of this site, else the start."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return home_url()


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _verified_with(request: HttpRequest, device) -> None:
    """The session now counts as verified with ``device`` (under a new session key)."""
    request.session.cycle_key()
    django_otp.login(request, device)
    remember_device(request, True)


@never_cache
@login_required
def twofactor_verify(request: HttpRequest) -> HttpResponse:
    """Asks for the code of the app (or a recovery code) after the password."""
    next_url = _next_url(request)
    step = pending_step(request)
    if step is None:
        return redirect(next_url)
    if step == ENROL:
        return redirect(_with_next("twofactor-enrol", next_url))
    form = CodeForm(
        request.POST or None,
        initial={"next": next_url},
        help_text=_(
            "De 6 cijfers die de authenticator-app op uw telefoon nu laat zien. Geen telefoon bij "
            "de hand? Vul dan een van uw herstelcodes in."
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            device = services.twofactor_verify(
                user=_account(request), code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            _verified_with(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    _(
                        "U hebt een herstelcode gebruikt. Er zijn er nog %(left)s over; maak "
                        "nieuwe codes onder Tweestapsverificatie als ze bijna op zijn."
                    )
                    % {"left": left},
                )
            return redirect(next_url)
    return render(
        request,
        "core/twofactor/verify.html",
        {"form": form, "pending": True},
        status=_status(form),
    )


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


@never_cache
@login_required
def twofactor_enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: a QR code (and the secret as text), confirmed with a code."""
    next_url = _next_url(request)
    step = pending_step(request)
    if step == VERIFY:
        # Someone with an app gives its code first; only then may they replace it.
        return redirect(_with_next("twofactor-verify", next_url))
    user = _account(request)
    status = services.twofactor_status(user)
    device = services.totp_enrol_start(user=user)
    form = EnrolForm(
        request.POST or None,
        initial={"next": next_url},
        help_text=_("De 6 cijfers die de app laat zien nadat u de QR-code hebt gescand."),
    )
    if request.method == "POST" and form.is_valid():
        try:
            app, codes = services.totp_enrol_confirm(
                user=user, device_id=_device_id(request), code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            # The page shows the same QR code again (or a new one if the set-up was gone).
            form.add_error("code", error)
        else:
            _verified_with(request, app)
            request.session[SESSION_NEW_CODES] = codes
            messages.success(request, _("De authenticator-app is ingesteld."))
            return redirect(_with_next("twofactor-recovery-codes", next_url))
    context = {
        "form": form,
        "pending": step is not None,
        "device": device,
        "status": status,
        "qr": services.app_qr_data_uri(device),
        "secret": services.app_secret_display(device),
        "issuer": device._read_str_from_settings("OTP_TOTP_ISSUER") or "",
    }
    return render(request, "core/twofactor/enrol.html", context, status=_status(form))


def _device_id(request: HttpRequest) -> int | None:
    """The set-up the form was shown for (a hidden field); None when missing or garbled."""
    value = request.POST.get("device", "")
    return int(value) if value.isdigit() else None


@never_cache
@login_required
def twofactor_recovery_codes(request: HttpRequest) -> HttpResponse:
    """The new recovery codes, shown this once (print or write them down)."""
    codes = request.session.pop(SESSION_NEW_CODES, None)
    context = {
        "codes": [services.recovery_code_display(code) for code in codes or []],
        "next_url": _next_url(request),
        "status": services.twofactor_status(_account(request)),
    }
    return render(request, "core/twofactor/recovery_codes.html", context)


@never_cache
@login_required
def twofactor_recovery_codes_new(request: HttpRequest) -> HttpResponse:
    """Asks first (the old codes stop working), then makes new recovery codes."""
    if request.method == "POST":
        try:
            codes = services.recovery_codes_regenerate(user=_account(request))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("twofactor")
        request.session[SESSION_NEW_CODES] = codes
        return redirect(_with_next("twofactor-recovery-codes", reverse("twofactor")))
    return render(
        request,
        "core/twofactor/confirm.html",
        {
            "page_title": _("Nieuwe herstelcodes maken"),
            "lead": _(
                "U krijgt 10 nieuwe herstelcodes. Uw oude herstelcodes werken daarna niet meer, "
                "ook niet de codes die u nog niet hebt gebruikt."
            ),
            "submit_label": _("Nieuwe herstelcodes maken"),
        },
    )


@never_cache
@login_required
def twofactor_disable(request: HttpRequest) -> HttpResponse:
    """Asks first, then switches off a second factor that someone chose (not a required one)."""
    status = services.twofactor_status(_account(request))
    if status.required:
        messages.error(
            request, _("Voor uw rol is tweestapsverificatie verplicht. Uitzetten kan niet.")
        )
        return redirect("twofactor")
    if request.method == "POST":
        services.twofactor_disable(user=_account(request))
        remember_device(request, False)
        messages.success(
            request, _("Tweestapsverificatie staat uit. U logt voortaan in met uw wachtwoord.")
        )
        return redirect("twofactor")
    return render(
        request,
        "core/twofactor/confirm.html",
        {
            "page_title": _("Tweestapsverificatie uitzetten"),
            "lead": _(
                "Daarna vragen we bij het inloggen alleen uw wachtwoord. De koppeling met uw "
                "authenticator-app en uw herstelcodes werken dan niet meer."
            ),
            "submit_label": _("Uitzetten"),
        },
    )


@never_cache
@login_required
def twofactor_overview(request: HttpRequest) -> HttpResponse:
    """Whether two-factor authentication is on, the recovery codes left, and what to do."""
    return render(
        request,
        "core/twofactor/status.html",
        {"status": services.twofactor_status(_account(request))},
    )
