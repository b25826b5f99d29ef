"""``{% team_sections team %}``: the sections other apps add to a team's page
(``core.team_sections``)."""

from django import template
from django.utils.safestring import mark_safe

from dienstverlening.core.team_sections import team_sections as sections_for

register = template.Library()


@register.simple_tag(takes_context=True)
def team_sections(context, team) -> str:
    request = context.get("request")
    if request is None:
        return ""
    engine = context.template.engine
    parts = []
    for section, values in sections_for(request, team):
        with context.push(team=team, **values):
            parts.append(engine.get_template(section.template).render(context))
    return mark_safe("".join(parts))
