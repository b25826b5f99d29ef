"""The choice of where to look: organisation, a domain or a team, and a period of the grid."""

from django.utils.translation import gettext_lazy as _

from dienstverlening.core.forms import StyledFormMixin, slug_filter
from dienstverlening.insights.forms import PeriodForm
from dienstverlening.organisation.models import Domain, Team


class WhereForm(StyledFormMixin, PeriodForm):
    """Everything optional; a value that is not valid is shown as an error and only that
    choice falls back to its default (as on the dashboard)."""

    domein = slug_filter(
        Domain.objects.order_by("order", "name"),
        label=_("Domein"),
        empty_label=_("Hele organisatie"),
    )
    team = slug_filter(
        Team.objects.select_related("domain").order_by("name"),
        label=_("Team"),
        empty_label=_("Alle teams"),
    )
