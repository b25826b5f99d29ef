"""Dashboard pages: parse the filters, ask the selectors, shape tables and charts, render."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from dienstverlening.core import exports
from dienstverlening.core.security_events import export_logged
from dienstverlening.framework.selectors import focus_current
from dienstverlening.organisation.models import Domain, Service, Team

from . import answers as texts
from . import experience, presenters, rollup, work
from . import trends as over_time
from .access import (
    access_compliments,
    access_open_answers,
    can_read_compliments,
    can_read_open_answers,
)
from .disclosure import COMPLEMENT
from .figure_cache import FigureCache
from .forms import ScopeForm, upgrade_old_period
from .periods import DEFAULT_PERIOD, Period, measurement_period, period_from
from .rounds import DEFAULT_ROUND, SurveyRound, previous_name
from .scope import Scope

NEXT_LEVEL = {
    "organisation": ["municipality", "domain"],
    "municipality": ["domain"],
    "domain": ["team"],
    "team": ["service"],
    "service": [],
}


@dataclass(frozen=True)
class Selection:
    """What the filters chose: scope, period and survey round (and the form that shows them)."""

    form: ScopeForm
    scope: Scope
    period: Period
    survey_round: str

    @property
    def keep(self) -> dict[str, str]:
        """Period and round as query parameters (unless the default), for links one level
        deeper or back up."""
        data = getattr(self.form, "cleaned_data", {})
        period = data.get("periode")
        params = {
            "periode": "" if period is None or period.key == DEFAULT_PERIOD else period.key,
            "meting": "" if data.get("meting") == DEFAULT_ROUND else data.get("meting") or "",
        }
        return {key: value for key, value in params.items() if value}

    @property
    def round_label(self) -> str:
        return str(SurveyRound(self.survey_round).label)


def selection(request: HttpRequest) -> Selection:
    """Parse the filters. A value that is not valid drops only that filter (the form shows
    why); the API refuses it instead (``form.errors``)."""
    data = request.GET.copy()
    if data:
        # A bound form shows what it was given: fill in the defaults it was not given.
        data.setdefault("periode", DEFAULT_PERIOD)
        data.setdefault("meting", DEFAULT_ROUND)
        upgrade_old_period(data)
    today = timezone.localdate()
    form = ScopeForm(data or None, today=today)
    form.is_valid()
    cleaned: dict[str, Any] = getattr(form, "cleaned_data", {})
    service = team = domain = None
    if cleaned.get("dienst"):
        service = get_object_or_404(
            Service.objects.select_related("team__domain"), slug=cleaned["dienst"]
        )
        team, domain = service.team, service.team.domain
    elif cleaned.get("team"):
        team = get_object_or_404(Team.objects.select_related("domain"), slug=cleaned["team"])
        domain = team.domain
    elif cleaned.get("domein"):
        domain = get_object_or_404(Domain, slug=cleaned["domein"])
    scope = Scope(
        municipality=cleaned.get("gemeente"),
        domain=domain,
        team=team,
        service=service,
        channel=cleaned.get("kanaal"),
    )
    survey_round = cleaned.get("meting") or DEFAULT_ROUND
    months = rollup.baseline_months() if survey_round == SurveyRound.BASELINE else None
    if months is not None:
        # The baseline is one measurement: it is shown over the months in which it ran.
        period = measurement_period(*months)
    else:
        period = cleaned.get("periode") or period_from(DEFAULT_PERIOD, today=today)
    return Selection(form=form, scope=scope, period=period, survey_round=survey_round)


def _download(request: HttpRequest, filename: str, header, rows) -> HttpResponse:
    """The table as the file the address asks for: ``format=xlsx``, otherwise CSV."""
    return exports.download(filename, header, rows, fmt=request.GET.get("format", "csv"))


def _table_download(request: HttpRequest, table, chosen: Selection) -> HttpResponse:
    """A table of the page, named after what ``chosen`` shows."""
    filename = table.filename(chosen.scope, chosen.period, chosen.survey_round)
    return _download(request, filename, table.export_header, table.export_rows)


def _context(chosen: Selection) -> dict:
    return {
        "form": chosen.form,
        "scope": chosen.scope,
        "period": chosen.period,
        "survey_round": chosen.survey_round,
        "round_label": chosen.round_label,
        "is_default_round": chosen.survey_round == DEFAULT_ROUND,
        "is_baseline": chosen.survey_round == SurveyRound.BASELINE,
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    chosen = selection(request)
    scope, period, survey_round = chosen.scope, chosen.period, chosen.survey_round
    dimensions = [*NEXT_LEVEL[scope.level], "channel"]
    figures = FigureCache(scope)

    def experience_figures():
        # One suppression for the whole page: the figures, what they are compared with, the
        # rows.
        basis = experience.page_basis(scope, period, survey_round=survey_round, rows=dimensions)
        overview = experience.experience_overview(
            scope, period, survey_round=survey_round, basis=basis
        )
        rows_by = experience.breakdowns(
            scope, period, dimensions, survey_round=survey_round, disclosure=basis.disclosure
        )
        return overview, rows_by, presenters.statement_chart(overview, scope, period)

    overview, rows_by, chart = figures.get(
        "experience", period, survey_round, tuple(dimensions), compute=experience_figures
    )
    breakdowns = [
        presenters.breakdown_table(scope, by, rows_by[by], keep=chosen.keep) for by in dimensions
    ]
    handling = work.handling_overview(scope, period, figures=figures)
    tables = {
        "stellingen": presenters.statement_table(overview),
        "afhandeling": presenters.handling_table(handling),
        **{table.key: table for table in breakdowns},
    }
    download = request.GET.get("download")
    if download in tables:
        table = tables[download]
        return _table_download(request, table, chosen)
    today = timezone.localdate()
    focus = focus_current(day=today)
    query = request.GET.urlencode()
    return render(
        request,
        "insights/dashboard.html",
        {
            **_context(chosen),
            # The rendered filters and survey figures are kept under these keys.
            "figure_seconds": figures.seconds,
            "filters_key": figures.key("filters", period, query, today),
            "figures_key": figures.key(
                "page", period, survey_round, query, today, focus.pk if focus else None
            ),
            "previous_name": previous_name(survey_round),
            "overview": overview,
            "respondents_hidden": overview.reason is not None,
            "respondents_withheld": overview.reason == COMPLEMENT,
            "respondents_label": presenters.respondents_text(overview.respondents, overview.reason),
            "withheld": presenters.withheld(
                [
                    *(row for rows in rows_by.values() for row in rows),
                    *(item.figure for item in overview.values),
                    *(figure for item in overview.values for _s, figure in item.statements),
                    overview.mark,
                ]
            ),
            "breakdowns": breakdowns,
            "handling": handling,
            "statement_table": tables["stellingen"],
            "handling_table": tables["afhandeling"],
            "chart": chart,
            "focus": focus,
            "crumbs": presenters.crumbs(scope, keep=chosen.keep),
            "query": query,
            "can_read_open_answers": can_read_open_answers(request.user, scope.owning_team),
            "can_read_compliments": can_read_compliments(request.user, scope.owning_team),
        },
    )


@login_required
def trends(request: HttpRequest) -> HttpResponse:
    chosen = selection(request)
    scope, period = chosen.scope, chosen.period
    grain = over_time.trend_grain(
        period, "quarter" if request.GET.get("per") == "kwartaal" else "month"
    )
    points = over_time.trend(scope, period, grain=grain, survey_round=chosen.survey_round)
    on_time = work.on_time_trend(scope, period, grain=grain)
    today = timezone.localdate()
    charts = [
        presenters.trend_chart(points, period=period, grain=grain, today=today),
        presenters.mark_trend_chart(points, period=period, grain=grain, today=today),
        presenters.on_time_chart(on_time, period=period, grain=grain, today=today),
    ]
    download = request.GET.get("download")
    for chart in charts:
        if download == chart.key:
            filename = (
                f"{chart.key} {chosen.survey_round} {scope.label} "
                f"{period.start:%Y%m%d}-{period.end:%Y%m%d}"
            )
            return _download(request, filename, chart.export_columns, chart.export_rows)
    return render(
        request,
        "insights/trends.html",
        {
            **_context(chosen),
            "charts": charts,
            "grain": grain,
            "crumbs": presenters.crumbs(scope, view="insights-trends", keep=chosen.keep),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def open_answers(request: HttpRequest, compliments: bool = False) -> HttpResponse:
    chosen = selection(request)
    scope, period = chosen.scope, chosen.period
    if compliments:
        access_compliments(request.user, scope.owning_team)
    else:
        access_open_answers(request.user, scope.owning_team)
    question = request.GET.get("vraag", "")
    answers = texts.open_answers(
        scope,
        period,
        question=question,
        compliments=compliments,
        survey_round=chosen.survey_round,
    )
    download = request.GET.get("download")
    if download in {"open-antwoorden", "complimenten"}:
        answers = list(answers)
        cells = texts.cell_sizes(scope, answers, survey_round=chosen.survey_round)
        table = presenters.open_answer_table(
            presenters.open_answer_rows(answers, cells), compliments=compliments
        )
        export_logged(
            request,
            what=download,
            fmt="xlsx" if request.GET.get("format") == "xlsx" else "csv",
            scope=scope.label,
            period=f"{period.start:%Y-%m-%d}..{period.end:%Y-%m-%d}",
        )
        return _table_download(request, table, chosen)
    page = Paginator(answers, 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "insights/open_answers.html",
        {
            **_context(chosen),
            "page": page,
            "rows": presenters.open_answer_rows(
                page.object_list,
                texts.cell_sizes(scope, page.object_list, survey_round=chosen.survey_round),
            ),
            "download_key": "complimenten" if compliments else "open-antwoorden",
            "leaves_out_small_groups": scope.channel is not None,
            "compliments": compliments,
            "question": question,
            "questions": texts.OPEN_QUESTION_CHOICES,
            "title": _("Complimenten") if compliments else _("Open antwoorden"),
            "crumbs": presenters.crumbs(
                scope,
                view="insights-compliments" if compliments else "insights-open-answers",
                keep=chosen.keep,
            ),
            "query": request.GET.urlencode(),
        },
    )
