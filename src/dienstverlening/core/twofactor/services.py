"""Writes of two-factor authentication: set up an app, check a code, recovery codes, reset.

Codes are checked on the account's own devices (never ``django_otp.match_token``), inside a
transaction with the devices locked, so that django-otp's throttling holds: after each wrong
code the next attempt on that device must wait twice as long (1, 2, 4, 8 … seconds). A failed
attempt is committed before the error is raised, so the count survives the refusal.
"""

from __future__ import annotations

import logging
import math
import re
from base64 import b32encode
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..formats import format_duration
from ..security_events import security_event
from . import role_requires_twofactor

if TYPE_CHECKING:
    from django_otp.models import Device

    from ..models import User

logger = logging.getLogger(__name__)

# How many recovery codes a person gets (each works once).
RECOVERY_CODE_COUNT = 10
APP_NAME = "Authenticator-app"
RECOVERY_NAME = "Herstelcodes"
# A code from the app: 6 digits. A recovery code: 8 characters of base32 (a-z, 2-7).
APP_CODE = re.compile(r"^\d{6}$")
RECOVERY_CODE = re.compile(r"^[a-z2-7]{8}$")


def code_normalise(value: str) -> str:
    """What someone typed, as the devices compare it: no spaces or dashes, lower case."""
    return re.sub(r"[\s-]+", "", value or "").lower()


def recovery_code_display(code: str) -> str:
    """``abcd2345`` as ``abcd 2345``: easier to copy by hand."""
    return f"{code[:4]} {code[4:]}"


def app_secret_display(device: TOTPDevice) -> str:
    """The app's secret in base32, in groups of four, for typing it into an app by hand."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def app_qr_data_uri(device: TOTPDevice) -> str:
    """The QR code an authenticator app scans, as an SVG ``data:`` URI (allowed by the CSP's
    ``img-src data:``; no script, no separate request that could be cached)."""
    import segno

    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=4)


@dataclass(frozen=True)
class TwoFactorStatus:
    app: TOTPDevice | None
    codes_left: int
    required: bool

    @property
    def is_on(self) -> bool:
        return self.app is not None


def twofactor_status(user: User) -> TwoFactorStatus:
    """What the status page shows: the confirmed app, the recovery codes left, whether the role
    requires a second factor."""
    app = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()
    codes_left = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    return TwoFactorStatus(app=app, codes_left=codes_left, required=role_requires_twofactor(user))


# --- checking a code ------------------------------------------------------------------------


def _throttled_error(device: Device) -> ValidationError | None:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = (data or {}).get("locked_until")
    seconds = math.ceil((locked_until - timezone.now()).total_seconds()) if locked_until else 1
    return ValidationError(
        _(
            "Te vaak een verkeerde code. Wacht %(wait)s en probeer het dan opnieuw. "
            "Lukt het niet met de app, gebruik dan een herstelcode."
        ),
        code="throttled",
        params={"wait": format_duration(max(seconds, 1))},
    )


def _wrong_app_code() -> ValidationError:
    return ValidationError(
        _(
            "Deze code klopt niet. Vul de 6 cijfers in die de app nu laat zien: een code is 30 "
            "seconden geldig en werkt één keer. Staat de tijd op uw telefoon goed?"
        ),
        code="wrong",
    )


def _wrong_recovery_code() -> ValidationError:
    return ValidationError(
        _("Deze herstelcode klopt niet of is al gebruikt."), code="wrong_recovery_code"
    )


def _check(device: Device, token: str, wrong: ValidationError) -> ValidationError | None:
    """None when ``token`` is valid on ``device`` (which then records its use), else the error."""
    throttled = _throttled_error(device)
    if throttled is not None:
        return throttled
    if device.verify_token(token):
        return None
    return wrong


def twofactor_verify(*, user: User, code: str) -> Device:
    """The device that accepts ``code``: a code of the app, or a recovery code (used up).

    Raises ``ValidationError`` (codes ``wrong``, ``wrong_recovery_code``, ``throttled``,
    ``format``) otherwise; a wrong code counts towards the device's throttling.
    """
    token = code_normalise(code)
    if APP_CODE.match(token):
        model: type[TOTPDevice] | type[StaticDevice] = TOTPDevice
        wrong = _wrong_app_code()
    elif RECOVERY_CODE.match(token):
        model = StaticDevice
        wrong = _wrong_recovery_code()
    else:
        raise ValidationError(
            _("Een code heeft 6 cijfers; een herstelcode 8 letters en cijfers."), code="format"
        )
    error: ValidationError | None = wrong
    verified = None
    with transaction.atomic(durable=True):
        devices = model.objects.select_for_update().filter(user=user, confirmed=True)
        for device in devices.order_by("pk"):
            error = _check(device, token, wrong)
            if error is None:
                verified = device
                break
    if verified is None:
        logger.warning("twofactor: wrong code for user %s (%s)", user.pk, error and error.code)
        security_event("twofactor_failed", user_id=user.pk, reason=error and error.code)
        raise error or wrong
    if model is StaticDevice:
        logger.info("twofactor: user %s used a recovery code", user.pk)
        security_event("twofactor_recovery_code_used", user_id=user.pk)
    return verified


# --- setting up an app ------------------------------------------------------------------------


def totp_enrol_start(*, user: User) -> TOTPDevice:
    """The app being set up: an unconfirmed device, the same one until it is confirmed, so a
    reload or a wrong code shows the same QR code. The confirmed app (if any) keeps working."""
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("pk")
            .first()
        )
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)
    return device


def _recovery_codes_replace(user: User) -> list[str]:
    """New recovery codes; the old ones stop working. The device stays the same, so a session
    that was verified with a recovery code stays verified."""
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME)
    else:
        device.token_set.all().delete()
        StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.throttle_reset()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def totp_enrol_confirm(
    *, user: User, device_id: int | None, code: str
) -> tuple[TOTPDevice, list[str]]:
    """Confirm the app being set up with a code it shows; it replaces any earlier app, and the
    person gets new recovery codes (returned, to be shown once).

    Raises ``ValidationError`` for a wrong code (the same QR code stays valid) or when the set-up
    is gone (reset by the functioneel beheerder meanwhile)."""
    token = code_normalise(code)
    if not APP_CODE.match(token):
        raise ValidationError(
            _("Vul de 6 cijfers in die de app laat zien, zonder letters."), code="format"
        )
    codes: list[str] = []
    with transaction.atomic(durable=True):
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False, pk=device_id)
            .first()
            if device_id is not None
            else None
        )
        if device is None:
            error: ValidationError | None = ValidationError(
                _("Dit instellen is verlopen. Scan de nieuwe QR-code en probeer het opnieuw."),
                code="gone",
            )
        else:
            error = _check(device, token, _wrong_app_code())
        if device is not None and error is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            codes = _recovery_codes_replace(user)
    if error is not None:
        raise error
    assert device is not None
    logger.info("twofactor: user %s set up an authenticator app", user.pk)
    security_event("twofactor_enrolled", user_id=user.pk)
    return device, codes


# --- recovery codes, switching off, reset -----------------------------------------------------


def recovery_codes_regenerate(*, user: User) -> list[str]:
    """New recovery codes for someone who has an app; the old codes stop working."""
    with transaction.atomic(durable=True):
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise ValidationError(
                _("Stel eerst een authenticator-app in; daarna krijgt u herstelcodes."),
                code="no_app",
            )
        codes = _recovery_codes_replace(user)
    logger.info("twofactor: user %s made new recovery codes", user.pk)
    return codes


def twofactor_disable(*, user: User) -> None:
    """Switch off a second factor someone chose; refused when their role requires one."""
    if role_requires_twofactor(user):
        raise ValidationError(
            _("Voor uw rol is tweestapsverificatie verplicht. Uitzetten kan niet."),
            code="required",
        )
    with transaction.atomic(durable=True):
        _devices_delete(user)
    logger.info("twofactor: user %s switched two-factor authentication off", user.pk)
    security_event("twofactor_disabled", user_id=user.pk)


def _devices_delete(user: User) -> int:
    deleted = 0
    for model in (TOTPDevice, StaticDevice):
        count, _per_model = model.objects.filter(user=user).delete()
        deleted += count
    return deleted


def twofactor_reset(*, user: User, by: User | None = None) -> bool:
    """Remove the app and recovery codes of ``user`` (a lost or new phone). At the next page
    they set up an app again (when their role requires it). Sessions verified with the old app
    are no longer verified. Returns whether there was anything to remove."""
    with transaction.atomic(durable=True):
        deleted = _devices_delete(user)
    logger.warning(
        "twofactor: reset for user %s by %s", user.pk, by.pk if by is not None else "command"
    )
    security_event("twofactor_reset", user_id=getattr(by, "pk", None), account_id=user.pk)
    return deleted > 0
