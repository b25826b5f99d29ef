"""Where to start: the services of a scope ranked by where improving matters most."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dienstverlening.insights.disclosure import min_group_size
from dienstverlening.insights.periods import DEFAULT_PERIOD, period_from
from dienstverlening.insights.scope import Scope

from ..access import access_where_to_start
from ..forms.where import WhereForm
from ..selectors.where import where_to_start


@login_required
def where_to_start_view(request: HttpRequest) -> HttpResponse:
    access_where_to_start(request.user)
    today = timezone.localdate()
    form = WhereForm(request.GET or None, today=today)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    team, domain = data.get("team"), data.get("domein")
    scope = Scope(domain=team.domain, team=team) if team is not None else Scope(domain=domain)
    period = data.get("periode") or period_from(DEFAULT_PERIOD, today=today)
    result = where_to_start(scope, period)
    return render(
        request,
        "improvement/where/index.html",
        {"form": form, "result": result, "min_group_size": min_group_size()},
    )
