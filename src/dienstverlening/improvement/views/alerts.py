"""Alerts: the coördinator's rules, a team's alerts, and the team an employee works in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dienstverlening.core.access import member_teams, sees_everything
from dienstverlening.core.forms import form_page
from dienstverlening.organisation.services import membership_set

from ..access import (
    access_alert_for_handling,
    access_alert_rule_for_edit,
    access_alert_rules,
    access_team_alerts,
    alert_teams_for,
    can_handle_team_alerts,
    can_manage_alert_rules,
)
from ..forms.alerts import AlertRuleForm, MyTeamForm
from ..models import AlertRule
from ..selectors.alerts import alert_text, team_alerts
from ..services.alerts import alert_acknowledge, alert_rule_save, alert_track_open

OPEN = Q(alerts__resolved_at__isnull=True)


@login_required
def alerts_index(request: HttpRequest) -> HttpResponse:
    """The teams whose alerts the person reads, with how many are open."""
    teams = alert_teams_for(request.user).annotate(open_alerts=Count("alerts", filter=OPEN))
    if sees_everything(request.user):
        teams = teams.filter(open_alerts__gt=0)
    return render(
        request,
        "improvement/alerts/index.html",
        {
            "teams": list(teams),
            "sees_everything": sees_everything(request.user),
            "can_manage_rules": can_manage_alert_rules(request.user),
        },
    )


@login_required
def team_alerts_view(request: HttpRequest, slug: str) -> HttpResponse:
    team = access_team_alerts(request.user, slug)
    alerts = list(team_alerts(team))
    return render(
        request,
        "improvement/alerts/team.html",
        {
            "team": team,
            "open": [(a, alert_text(a.numbers)) for a in alerts if a.is_open],
            "closed": [(a, alert_text(a.numbers)) for a in alerts if not a.is_open],
            "can_handle": can_handle_team_alerts(request.user, team),
        },
    )


@login_required
@require_POST
def alert_acknowledge_view(request: HttpRequest, pk: int) -> HttpResponse:
    alert = access_alert_for_handling(request.user, pk)
    alert_acknowledge(alert=alert, user=request.user)
    messages.success(request, _("U heeft de signalering als gezien gemarkeerd."))
    return redirect("improvement-team-alerts", slug=alert.team.slug)


@login_required
@require_POST
def alert_track_view(request: HttpRequest, pk: int) -> HttpResponse:
    alert = access_alert_for_handling(request.user, pk)
    track = alert_track_open(alert=alert, user=request.user)
    messages.success(request, _("Het verbetertraject is gestart."))
    return redirect(track.get_absolute_url())


@login_required
def alert_rules(request: HttpRequest) -> HttpResponse:
    access_alert_rules(request.user)
    rules = AlertRule.objects.select_related("statement", "value", "domain", "team").annotate(
        open_alerts=Count("alerts", filter=OPEN)
    )
    return render(request, "improvement/alerts/rules.html", {"rules": list(rules)})


@login_required
def alert_rule_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        access_alert_rules(request.user)
        rule = AlertRule()
    else:
        rule = access_alert_rule_for_edit(request.user, pk)
    form = AlertRuleForm(request.POST or None, instance=rule)
    return form_page(
        request,
        form,
        lambda: alert_rule_save(rule=form.instance, user=request.user),
        done=_("De regel is opgeslagen."),
        success_url=reverse("improvement-alert-rules"),
        template="improvement/alerts/rule_form.html",
        page_title=_("Nieuwe signaleringsregel") if pk is None else rule.name,
        back_url=reverse("improvement-alert-rules"),
    )


@login_required
def my_team(request: HttpRequest) -> HttpResponse:
    """Every employee chooses the team they work in: they then read its compliments and
    alerts."""
    chosen = list(member_teams(request.user))
    form = MyTeamForm(request.POST or None, initial={"teams": chosen})
    if request.method == "POST" and form.is_valid():
        membership_set(user=request.user, teams=form.cleaned_data["teams"])
        messages.success(request, _("Uw team is opgeslagen."))
        return redirect("improvement-my-team")
    return render(request, "improvement/alerts/my_team.html", {"form": form, "teams": chosen})
