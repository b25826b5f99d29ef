from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from dienstverlening.core.formats import format_duration, format_number, format_percent
from dienstverlening.core.navigation import home_url as navigation_home_url

register = template.Library()


@register.filter
def nl_number(value, decimals: int = 0) -> str:
    """``1234.5|nl_number:1`` gives ``1.234,5``."""
    return format_number(value, int(decimals))


@register.filter
def nl_percent(value, decimals: int = 0) -> str:
    """``84|nl_percent`` gives ``84 %`` (with a non-breaking space)."""
    return format_percent(value, int(decimals))


@register.filter
def nl_duration(seconds) -> str:
    """``125|nl_duration`` gives ``2 min 5 s``."""
    return format_duration(seconds)


@register.simple_tag
def app_stylesheet(app: str, name: str = "") -> str:
    """The one way a page loads an app's stylesheet: ``{% app_stylesheet "handling" %}``.

    Gives the link to ``<app>/static/<app>/<name or app>.css``. Use it in the block
    ``stylesheets`` of the app's base template (``core/skeleton.html`` has the block).
    """
    href = static(f"{app}/{name or app}.css")
    return format_html('<link rel="stylesheet" href="{}">', href)


@register.simple_tag
def home_url() -> str:
    """The start page, as registered in ``core.navigation`` (core names no app's URL)."""
    return navigation_home_url()
