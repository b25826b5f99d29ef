"""Dutch number formats: ``1.234,5`` and ``84 %``. Used by templates through ``core_tags``."""

from decimal import Decimal


def rounded(value: float | None, decimals: int) -> float | None:
    """A number rounded for a chart, a download or the API; None (no figure) stays None."""
    return None if value is None else round(value, decimals)


def format_number(value: float | int | Decimal | None, decimals: int = 0) -> str:
    if value is None:
        return "–"
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def format_percent(value: float | int | Decimal | None, decimals: int = 0) -> str:
    if value is None:
        return "–"
    return f"{format_number(value, decimals)}\u00a0%"


def format_duration(seconds: float | None) -> str:
    """``8 s``, ``2 min 5 s``, ``1 u 4 min``: how long work took or will take."""
    from django.utils.translation import gettext as _

    if seconds is None:
        return "–"
    whole = max(0, round(seconds))
    if whole < 60:
        return _("%(s)s s") % {"s": whole}
    minutes, secs = divmod(whole, 60)
    if minutes < 10 and secs:
        return _("%(m)s min %(s)s s") % {"m": minutes, "s": secs}
    if minutes < 60:
        return _("%(m)s min") % {"m": minutes}
    hours, minutes = divmod(minutes, 60)
    return _("%(h)s u %(m)s min") % {"h": hours, "m": minutes}
