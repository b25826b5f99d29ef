from django import template
from django.template.base import token_kwargs
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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


# Partials: the alert, the status badge and the table wrapper are written once, in
# ``core/includes/``, and used as block tags so their content stays in the page's template:
#
#   {% alert "error" role="alert" %}Niet gelukt.{% endalert %}
#   {% status_badge "success" %}Gehaald{% endstatus_badge %}
#   {% table caption=caption %}<thead>…</thead><tbody>…</tbody>{% endtable %}


class PartialNode(template.Node):
    def __init__(self, template_name: str, nodelist, args: dict) -> None:
        self.template_name = template_name
        self.nodelist = nodelist
        self.args = args

    def render(self, context) -> str:
        values = {name: value.resolve(context) for name, value in self.args.items()}
        # The content is template output, already escaped where it should be.
        values["content"] = mark_safe(self.nodelist.render(context))
        partial = context.template.engine.get_template(self.template_name)
        with context.push(**values):
            return partial.render(context).rstrip("\n")


def _partial_tag(name: str, template_name: str, positional: str = ""):
    def compile_partial(parser, token):
        bits = token.split_contents()[1:]
        args = {}
        if positional and bits and "=" not in bits[0]:
            args[positional] = parser.compile_filter(bits.pop(0))
        args.update(token_kwargs(bits, parser))
        if bits:
            raise template.TemplateSyntaxError(f"{name}: onbekende argumenten {bits}")
        nodelist = parser.parse((f"end{name}",))
        parser.delete_first_token()
        return PartialNode(template_name, nodelist, args)

    register.tag(name, compile_partial)


# kind: ok, info, warning, error; optional role ("status", "alert", "note") and class.
_partial_tag("alert", "core/includes/alert.html", positional="kind")
# kind: success, warning, danger, neutral, inactive; none for the plain badge.
_partial_tag("status_badge", "core/includes/status_badge.html", positional="kind")
# caption (required), label (the scroll region's name; the caption by default), class.
_partial_tag("table", "core/includes/table.html")


def _include_tag(name: str, template_name: str, *positional: str) -> None:
    """A tag that renders a partial with the page's context and its own arguments."""

    def render(context, *args, **kwargs) -> str:
        values = dict(zip(positional, args, strict=False)) | kwargs
        partial = context.template.engine.get_template(template_name)
        with context.push(**values):
            # The partial is a template, escaped where it should be; its file's last newline
            # is the page's to write.
            return mark_safe(partial.render(context).removesuffix("\n"))

    register.simple_tag(render, takes_context=True, name=name)


# The filter form above a list: {% filter_form form label=_("Filter de audittrail") %}.
# label: the form's name (default "Filter"); class: its classes (default "dv-filters").
_include_tag("filter_form", "core/includes/filter_form.html", "form")
# The page links below a list, when it has more than one page: {% pagination page query %};
# query: the other parameters of the list (urlencoded), kept in each link.
_include_tag("pagination", "core/includes/pagination.html", "page", "query")


@register.filter
def alert_kind(level_tag: str) -> str:
    """The alert for a Django message: ``{% alert message.level_tag|alert_kind %}``."""
    return level_tag if level_tag in ("error", "warning") else "ok"
