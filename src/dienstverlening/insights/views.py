"""Dashboard pages: parse the filters, ask the selectors, shape tables and charts, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from dienstverlening.core.exports import table_response
from dienstverlening.framework.selectors import focus_current
from dienstverlening.organisation.models import Domain, Service, Team

from . import experience, presenters, work
from .access import access_open_answers, can_read_open_answers
from .forms import ScopeForm
from .periods import Period, period_from
from .scope import Scope

NEXT_LEVEL = {
    "organisation": ["municipality", "domain"],
    "municipality": ["domain"],
    "domain": ["team"],
    "team": ["service"],
    "service": [],
}


def scope_and_period(request: HttpRequest) -> tuple[ScopeForm, Scope, Period]:
    form = ScopeForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    service = team = domain = None
    if data.get("dienst"):
        service = get_object_or_404(
            Service.objects.select_related("team__domain"), slug=data["dienst"]
        )
        team, domain = service.team, service.team.domain
    elif data.get("team"):
        team = get_object_or_404(Team.objects.select_related("domain"), slug=data["team"])
        domain = team.domain
    elif data.get("domein"):
        domain = get_object_or_404(Domain, slug=data["domein"])
    scope = Scope(
        municipality=data.get("gemeente"),
        domain=domain,
        team=team,
        service=service,
        channel=data.get("kanaal"),
    )
    period = period_from(
        data.get("periode") or "12m",
        today=timezone.localdate(),
        baseline=experience.baseline_start(),
        start=data.get("van"),
        end=data.get("tot"),
    )
    return form, scope, period


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form, scope, period = scope_and_period(request)
    overview = experience.experience_overview(scope, period)
    dimensions = [*NEXT_LEVEL[scope.level], "channel"]
    rows_by = experience.breakdowns(scope, period, dimensions)
    breakdowns = [presenters.breakdown_table(scope, by, rows_by[by]) for by in dimensions]
    handling = work.handling_overview(scope, period)
    tables = {
        "stellingen": presenters.statement_table(overview),
        "afhandeling": presenters.handling_table(handling),
        **{table.key: table for table in breakdowns},
    }
    download = request.GET.get("download")
    if download in tables:
        table = tables[download]
        return table_response(
            request.GET.get("format", "csv"),
            table.filename(scope, period),
            table.export_header,
            table.export_rows,
        )
    return render(
        request,
        "insights/dashboard.html",
        {
            "form": form,
            "scope": scope,
            "period": period,
            "overview": overview,
            "breakdowns": breakdowns,
            "handling": handling,
            "statement_table": tables["stellingen"],
            "handling_table": tables["afhandeling"],
            "chart": presenters.statement_chart(overview, scope, period),
            "focus": focus_current(day=timezone.localdate()),
            "crumbs": presenters.crumbs(scope),
            "query": request.GET.urlencode(),
            "can_read_open_answers": can_read_open_answers(request.user, scope.owning_team),
        },
    )


@login_required
def trends(request: HttpRequest) -> HttpResponse:
    form, scope, period = scope_and_period(request)
    grain = "quarter" if request.GET.get("per") == "kwartaal" else "month"
    points = experience.trend(scope, period, grain=grain)
    on_time = work.on_time_trend(scope, period, grain=grain)
    charts = [
        presenters.trend_chart(points, grain=grain),
        presenters.mark_trend_chart(points, grain=grain),
        presenters.on_time_chart(on_time, grain=grain),
    ]
    download = request.GET.get("download")
    for chart in charts:
        if download == chart.key:
            return table_response(
                request.GET.get("format", "csv"), chart.key, chart.columns, chart.rows
            )
    return render(
        request,
        "insights/trends.html",
        {
            "form": form,
            "scope": scope,
            "period": period,
            "charts": charts,
            "grain": grain,
            "crumbs": presenters.crumbs(scope, view="insights-trends"),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def open_answers(request: HttpRequest, compliments: bool = False) -> HttpResponse:
    form, scope, period = scope_and_period(request)
    access_open_answers(request.user, scope.owning_team)
    question = request.GET.get("vraag", "")
    answers = experience.open_answers(scope, period, question=question, compliments=compliments)
    page = Paginator(answers, 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "insights/open_answers.html",
        {
            "form": form,
            "scope": scope,
            "period": period,
            "page": page,
            "compliments": compliments,
            "question": question,
            "questions": experience.OPEN_QUESTION_CHOICES,
            "title": _("Complimenten") if compliments else _("Open antwoorden"),
            "crumbs": presenters.crumbs(
                scope, view="insights-compliments" if compliments else "insights-open-answers"
            ),
            "query": request.GET.urlencode(),
        },
    )
