"""Figures as people read them: '84 % (80–88 %) van 312', '+4 punten: echte stijging'."""

from django import template
from django.utils.translation import gettext as _

from dienstverlening.core.formats import format_number, format_percent

from ..disclosure import reason_text
from ..work import VERDICTS

register = template.Library()


@register.filter
def hidden_text(figure) -> str:
    """Why a suppressed figure shows no numbers: 'te weinig antwoorden' or 'niet getoond: …'."""
    return reason_text(getattr(figure, "reason", None)) or _("te weinig antwoorden")


@register.filter
def share_text(figure) -> str:
    if figure is None or figure.suppressed:
        return hidden_text(figure)
    return _("%(share)s (%(low)s–%(high)s) van %(n)s") % {
        "share": format_percent(figure.share),
        "low": format_number(figure.low),
        "high": format_percent(figure.high),
        "n": format_number(figure.n),
    }


@register.filter
def mark_text(figure) -> str:
    if figure is None or figure.suppressed:
        return hidden_text(figure)
    return _("%(mean)s (%(low)s–%(high)s) van %(n)s") % {
        "mean": format_number(figure.mean, 1),
        "low": format_number(figure.low, 1),
        "high": format_number(figure.high, 1),
        "n": format_number(figure.n),
    }


@register.filter
def change_text(change, unit: str = "punten") -> str:
    if change is None:
        return _("niet te vergelijken")
    decimals = 1 if unit == "cijfer" else 0
    delta = format_number(change.delta, decimals)
    if change.delta > 0:
        delta = "+" + delta
    if unit == "punten":
        delta = _("%(delta)s procentpunt") % {"delta": delta}
    if not change.real:
        return _("%(delta)s: binnen de marge") % {"delta": delta}
    if change.delta > 0:
        return _("%(delta)s: echte stijging") % {"delta": delta}
    return _("%(delta)s: echte daling") % {"delta": delta}


@register.filter
def status_text(status: str) -> str:
    return str(VERDICTS.get(status, VERDICTS["none"]))
