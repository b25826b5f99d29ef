"""Build a report's frozen content from the dashboard's figures.

Every number comes from ``dienstverlening.insights`` exactly as the dashboard gets it: the same
page basis (suppression), overview, breakdowns, handling overview and trends, formatted by the
same presenters. The content is plain JSON (sections of blocks: paragraphs, lists, tables and
charts with their Vega-Lite spec and data table), so a version can be stored and rendered again
as a web page, PDF or Word file without asking the database anything.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from dienstverlening.core.formats import format_number, format_percent
from dienstverlening.insights import answers, charts, experience, presenters, work
from dienstverlening.insights import trends as over_time
from dienstverlening.insights.disclosure import min_group_size, reason_text
from dienstverlening.insights.periods import (
    Period,
    PeriodError,
    measurement_period,
    period_from,
)
from dienstverlening.insights.rollup import baseline_months
from dienstverlening.insights.rounds import DEFAULT_ROUND, SurveyRound, previous_name
from dienstverlening.insights.scope import Scope
from dienstverlening.insights.templatetags.insights_tags import share_text, status_text
from dienstverlening.organisation.models import Domain, Municipality
from dienstverlening.surveys.readability import readability

from . import sources, texts
from .models import ReportKind

SCHEMA = 1
REPORT_GRAINS = ("quarter", "half", "year")
COMPLIMENTS = 3
Progress = Callable[[int, int], None]


class ReportError(ValidationError):
    """A report that cannot be made as asked, with the reason in Dutch."""


@dataclass(frozen=True)
class Target:
    """What to report on: the kind, the municipality (None: both) and the period."""

    kind: str
    municipality: Municipality | None
    period: Period
    survey_round: str = DEFAULT_ROUND

    @property
    def scope(self) -> Scope:
        return Scope(municipality=self.municipality)

    @property
    def period_code(self) -> str:
        return "nulmeting" if self.kind == ReportKind.BASELINE else self.period.code


# --- what to report on ------------------------------------------------------------------------


def municipality_find(code: str) -> Municipality:
    """A municipality by its short name, CBS code or name; a Dutch error otherwise."""
    code = (code or "").strip()
    found = Municipality.objects.filter(
        Q(slug__iexact=code) | Q(cbs_code__iexact=code) | Q(name__iexact=code)
    ).first()
    if found is None:
        names = ", ".join(Municipality.objects.order_by("name").values_list("name", flat=True))
        raise ReportError(
            _("Gemeente ‘%(code)s’ bestaat niet. Kies uit: %(names)s.")
            % {"code": code, "names": names or "–"},
            code="unknown_municipality",
        )
    return found


def target_resolve(
    *, kind: str, period: str, municipality: Municipality | None, today: datetime.date
) -> Target:
    """Check what was asked and name the period exactly. Raises ``ReportError`` in Dutch."""
    if kind not in ReportKind.values:
        raise ReportError(
            _("Soort rapportage ‘%(kind)s’ bestaat niet.") % {"kind": kind}, code="unknown_kind"
        )
    if kind == ReportKind.COUNCIL_LETTER and municipality is None:
        raise ReportError(
            _("Een raadsinformatiebrief gaat naar één gemeenteraad: kies een gemeente."),
            code="municipality_required",
        )
    if kind == ReportKind.BASELINE:
        months = baseline_months()
        if months is None:
            raise ReportError(
                _("Er is nog geen nulmeting ingelezen. Lees eerst de nulmeting in."),
                code="no_baseline",
            )
        return Target(kind, municipality, measurement_period(*months), SurveyRound.BASELINE)
    code = (period or "").strip()
    year = code[:4]
    if year.isdigit() and int(year) > today.year:
        raise ReportError(
            _("%(period)s ligt in de toekomst. Kies een periode die al begonnen is.")
            % {"period": code},
            code="future",
        )
    try:
        resolved = period_from(code, today=today)
    except PeriodError as error:
        if error.code == "future":
            raise ReportError(
                _("%(period)s ligt in de toekomst. Kies een periode die al begonnen is.")
                % {"period": code},
                code="future",
            ) from error
        raise ReportError(error.message, code=error.code) from error
    if resolved.grain not in REPORT_GRAINS:
        raise ReportError(
            _("Een rapportage gaat over een kwartaal, halfjaar of jaar, zoals 2026-K3 of 2025."),
            code="grain",
        )
    return Target(kind, municipality, resolved)


def _no_data(period: Period) -> ReportError:
    return ReportError(
        _(
            "In %(period)s zijn er geen antwoorden van inwoners en geen afgehandelde "
            "verzoeken. Er valt niets te rapporteren: kies een andere periode."
        )
        % {"period": period.name},
        code="no_data",
    )


def target_check_data(target: Target) -> None:
    """Refuse a period without answers and without handled work (as the dashboard counts)."""
    scope, period = target.scope, target.period
    overview = experience.experience_overview(scope, period, survey_round=target.survey_round)
    if overview.respondents:
        return
    if target.survey_round == SurveyRound.BASELINE or not work.handling_overview(scope, period):
        raise _no_data(period)


# --- the figures, once, from insights ----------------------------------------------------------


@dataclass
class Figures:
    """Everything a report shows, read through ``insights`` (and ``sources``)."""

    target: Target
    dimensions: list[str]
    overview: experience.ExperienceOverview
    rows_by: dict[str, list[experience.BreakdownRow]]
    handling: list[work.KindRow]
    before: Period | None
    points: list = field(default_factory=list)
    on_time: list[dict] = field(default_factory=list)
    grain: str = "month"
    domains: list[tuple[Domain, list[experience.BreakdownRow]]] = field(default_factory=list)
    compliments: list[str] = field(default_factory=list)
    tracks: list[sources.TrackSummary] = field(default_factory=list)
    advices: list[sources.AdviceProgress] = field(default_factory=list)
    standouts: list[sources.Standout] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.overview.respondents == 0 and not self.handling

    @property
    def is_baseline(self) -> bool:
        return self.target.survey_round == SurveyRound.BASELINE


def dimensions_for(scope: Scope) -> list[str]:
    """The rows the dashboard shows for this scope (its next level down, and the channels)."""
    return ["domain", "channel"] if scope.municipality else ["municipality", "domain", "channel"]


def figures_collect(target: Target, *, full: bool = True, today: datetime.date) -> Figures:
    """The dashboard's figures for the target; ``full`` adds trends, per-domain rows,
    compliments and the improvement cycle (the long reports)."""
    scope, period, survey_round = target.scope, target.period, target.survey_round
    dimensions = dimensions_for(scope)
    basis = experience.page_basis(scope, period, survey_round=survey_round, rows=dimensions)
    overview = experience.experience_overview(scope, period, survey_round=survey_round, basis=basis)
    rows_by = experience.breakdowns(
        scope, period, dimensions, survey_round=survey_round, disclosure=basis.disclosure
    )
    handling = [] if survey_round == SurveyRound.BASELINE else work.handling_overview(scope, period)
    figures = Figures(target, dimensions, overview, rows_by, handling, basis.before)
    if figures.is_empty:
        raise _no_data(period)
    figures.tracks = sources.tracks_for_report(scope, period)
    figures.advices = sources.implementation_progress()
    figures.standouts = sources.standouts(scope, period)
    if not full:
        return figures
    asked = "quarter" if period.grain in ("year", "half") else "month"
    figures.grain = over_time.trend_grain(period, asked)
    figures.points = over_time.trend(scope, period, grain=figures.grain, survey_round=survey_round)
    if not figures.is_baseline:
        figures.on_time = work.on_time_trend(scope, period, grain=figures.grain)
    shown_domains = {row.key for row in rows_by.get("domain", []) if not row.reason}
    for domain in Domain.objects.filter(slug__in=shown_domains).order_by("name"):
        inner = Scope(municipality=target.municipality, domain=domain)
        rows = experience.breakdown(inner, period, "team", survey_round=survey_round)
        figures.domains.append((domain, rows))
    figures.compliments = [
        answer.text
        for answer in answers.open_answers(
            scope, period, compliments=True, survey_round=survey_round
        )[:COMPLIMENTS]
    ]
    return figures


# --- blocks -----------------------------------------------------------------------------------


def _p(text: str) -> dict:
    return {"type": "p", "text": text}


def _list(items: list[str]) -> dict:
    return {"type": "list", "items": items}


def _table(table: presenters.Table, caption: str = "") -> dict:
    return {
        "type": "table",
        "caption": caption or table.title,
        "columns": list(table.header),
        "rows": [list(row) for row in table.rows],
    }


def _plain_table(caption: str, columns: list[str], rows: list[list[str]]) -> dict:
    return {"type": "table", "caption": caption, "columns": columns, "rows": rows}


def _chart(chart: charts.Chart | None, key: str = "") -> dict | None:
    if chart is None:
        return None
    return {
        "type": "chart",
        "key": key or chart.key,
        "title": str(chart.title),
        "summary": str(chart.summary),
        "spec": chart.spec,
        "columns": [str(c) for c in chart.columns],
        "rows": [list(row) for row in chart.rows],
    }


def _section(key: str, title: str, blocks: list[dict | None]) -> dict:
    return {"key": key, "title": title, "blocks": [b for b in blocks if b is not None]}


def breakdown_chart(
    key: str, title: str, rows: list[experience.BreakdownRow], table: presenters.Table, *, what: str
) -> tuple[dict | None, list[str]]:
    """Bars of the share agreeing per group (the dashboard's breakdown rows), followed by the
    dashboard's table of those rows; and the groups left out (too small), as sentences."""
    shown = [row for row in rows if not row.figure.suppressed]
    left_out = [
        texts.left_out_sentence(f"{what}, {row.label}", row.figure)
        for row in rows
        if row.figure.suppressed
    ]
    if not shown:
        return None, left_out
    data = [
        {
            "naam": row.label,
            "share": round(row.figure.share, 1),
            "low": round(row.figure.low, 1),
            "high": round(row.figure.high, 1),
        }
        for row in shown
    ]
    best = max(shown, key=lambda row: row.figure.share)
    worst = min(shown, key=lambda row: row.figure.share)
    summary = _(
        "Het hoogst scoort %(best)s (%(best_share)s eens), het laagst %(worst)s (%(worst_share)s)."
    ) % {
        "best": best.label,
        "best_share": format_percent(best.figure.share),
        "worst": worst.label,
        "worst_share": format_percent(worst.figure.share),
    }
    if len(shown) < len(rows):
        summary += " " + _(
            "Niet in de grafiek (te weinig antwoorden of niet getoond): %(names)s."
        ) % {"names": ", ".join(row.label for row in rows if row.figure.suppressed)}
    chart = charts.Chart(
        key=key,
        title=title,
        summary=summary,
        spec=charts.share_bars(data, category="naam", title=""),
        columns=table.header,
        rows=table.rows,
    )
    return _chart(chart), left_out


def on_time_bars(rows: list[work.KindRow]) -> dict | None:
    """On-time share per kind of request, as bars (all handled items: no margin)."""
    shown = [row for row in rows if row.on_time_share is not None]
    if not shown:
        return None
    data = [
        {
            "soort": row.label,
            "share": round(row.on_time_share, 1),
            "low": round(row.on_time_share, 1),
            "high": round(row.on_time_share, 1),
        }
        for row in shown
    ]
    chart = charts.Chart(
        key="op-tijd-per-soort",
        title=_("Op tijd afgehandeld per soort verzoek"),
        summary=_("Deel op tijd afgehandeld per soort verzoek, tegen de norm in de tabel."),
        spec=charts.share_bars(data, category="soort", title=""),
        columns=[_("Soort"), _("Op tijd"), _("Afgehandeld"), _("Norm"), _("Oordeel")],
        rows=[
            [
                row.label,
                format_percent(row.on_time_share),
                format_number(row.closed),
                format_percent(row.target_share) if row.target_share is not None else "–",
                status_text(row.status),
            ]
            for row in shown
        ],
    )
    return _chart(chart)


# --- the parts of a report --------------------------------------------------------------------


def _round_label(figures: Figures) -> str:
    return str(SurveyRound(figures.target.survey_round).label)


def _compared(figures: Figures) -> str:
    """What a change is against, in words: 'de vorige periode (2025)'."""
    name = previous_name(figures.target.survey_round)
    if figures.before is None:
        return _("de %(name)s") % {"name": name}
    return _("de %(name)s (%(period)s)") % {"name": name, "period": figures.before.name}


def respondents_text(figures: Figures) -> str:
    overview = figures.overview
    return presenters.respondents_text(overview.respondents, overview.reason)


def summary_items(figures: Figures) -> list[str]:
    """The one-page summary: the base, the mark, each core value, the norms, the tracks."""
    overview, period = figures.overview, figures.target.period
    compared = _compared(figures)
    when = period.name if period.on_grid else _("de periode %(dates)s") % {"dates": period.label}
    items = [texts.respondents_sentence(respondents_text(figures), when, _round_label(figures))]
    if overview.suppressed:
        items.append(
            _("Dat zijn te weinig inwoners om uitkomsten te tonen (minimaal %(minimum)s).")
            % {"minimum": format_number(min_group_size())}
        )
    else:
        items.append(" ".join(texts.mark_sentences(overview.mark, compared=compared)))
        for value in overview.values:
            sentence = texts.value_sentence(value.value.name, value.figure)
            change = value.figure.vs_previous
            if change is not None and not figures.is_baseline:
                sentence += " " + texts.change_words(change, compared=compared)
            items.append(sentence)
    if figures.handling:
        verdicts = [row.status for row in figures.handling if row.target_share is not None]
        items.append(texts.norms_sentence(verdicts))
    if not figures.is_baseline:
        items.append(texts.tracks_sentence(len(figures.tracks)))
    return items


def experience_section(figures: Figures, *, with_charts: bool = True) -> tuple[dict, list[str]]:
    overview = figures.overview
    compared = _compared(figures)
    left_out: list[str] = []
    blocks: list[dict | None] = []
    if overview.suppressed:
        blocks.append(
            _p(
                _(
                    "In deze periode gaven te weinig inwoners een oordeel om uitkomsten te tonen. "
                    "We tonen uitkomsten pas vanaf %(minimum)s inwoners."
                )
                % {"minimum": format_number(min_group_size())}
            )
        )
        left_out.append(
            _("Alle uitkomsten van de stellingen en het rapportcijfer: te weinig antwoorden.")
        )
        return _section("stellingen", _("De kernwaarden en de acht stellingen"), blocks), left_out
    blocks.append(
        _p(
            _(
                "Inwoners gaven hun oordeel over acht stellingen, twee per kernwaarde. "
                "‘Eens’ is het deel dat het eens of helemaal eens was."
            )
        )
    )
    for value in overview.values:
        sentences = [texts.value_sentence(value.value.name, value.figure)]
        for statement, figure in value.statements:
            if figure.suppressed:
                left_out.append(texts.left_out_sentence(statement.text, figure))
            sentences.append(texts.share_sentence(statement.text, figure, compared=compared))
            baseline = "" if figures.is_baseline else texts.baseline_sentence(figure)
            if baseline:
                sentences.append(baseline)
        blocks.append({"type": "h", "text": value.value.name})
        blocks.append(_p(" ".join(sentences)))
    if with_charts:
        chart = presenters.statement_chart(overview, figures.target.scope, figures.target.period)
        if chart is None:
            blocks.append(
                _p(
                    _(
                        "De grafiek per stelling is weggelaten: elke stelling heeft te weinig "
                        "antwoorden."
                    )
                )
            )
        blocks.append(_chart(chart))
    blocks.append(_table(presenters.statement_table(overview)))
    return _section("stellingen", _("De kernwaarden en de acht stellingen"), blocks), left_out


def mark_section(figures: Figures, today: datetime.date, *, with_charts: bool = True) -> dict:
    overview = figures.overview
    blocks: list[dict | None] = [
        _p(" ".join(texts.mark_sentences(overview.mark, compared=_compared(figures))))
    ]
    if with_charts and figures.points:
        blocks.append(
            _chart(
                presenters.mark_trend_chart(
                    figures.points, period=figures.target.period, grain=figures.grain, today=today
                )
            )
        )
    return _section("rapportcijfer", _("Het rapportcijfer"), blocks)


def trend_section(figures: Figures, today: datetime.date) -> dict | None:
    if not figures.points:
        return None
    chart = presenters.trend_chart(
        figures.points, period=figures.target.period, grain=figures.grain, today=today
    )
    return _section(
        "trends",
        _("De kernwaarden door de tijd"),
        [_p(_("Zo ontwikkelde het oordeel per kernwaarde zich binnen de periode.")), _chart(chart)],
    )


BREAKDOWN_WHAT = {
    "municipality": lambda: (_("Per gemeente"), _("Eens per gemeente"), _("per gemeente")),
    "domain": lambda: (_("Per domein"), _("Eens per domein"), _("per domein")),
    "channel": lambda: (_("Kanalen"), _("Eens per kanaal"), _("per kanaal")),
}


def breakdown_sections(figures: Figures) -> tuple[list[dict], list[str]]:
    scope = figures.target.scope
    sections, left_out = [], []
    for by in figures.dimensions:
        title, chart_title, per = BREAKDOWN_WHAT[by]()
        rows = figures.rows_by.get(by, [])
        if not rows:
            continue
        table = presenters.breakdown_table(scope, by, rows)
        chart, small = breakdown_chart(f"per-{by}-grafiek", chart_title, rows, table, what=title)
        left_out += small
        blocks = [
            _p(
                _("Hoe inwoners de dienstverlening ervaren, alle stellingen samen, %(what)s.")
                % {"what": per}
            ),
        ]
        if chart is None:
            blocks += [
                _p(_("De grafiek is weggelaten: elke groep heeft te weinig antwoorden.")),
                _table(table),
            ]
        else:
            blocks.append(chart)
        sections.append(_section(f"per-{by}", title, blocks))
    return sections, left_out


def domain_sections(figures: Figures) -> tuple[dict | None, list[str]]:
    if not figures.domains:
        return None, []
    blocks: list[dict | None] = [
        _p(_("Per domein: hoe inwoners de teams ervaren, alle stellingen samen."))
    ]
    left_out: list[str] = []
    for domain, rows in figures.domains:
        inner = Scope(municipality=figures.target.municipality, domain=domain)
        table = presenters.breakdown_table(inner, "team", rows)
        chart, small = breakdown_chart(
            f"domein-{domain.slug}",
            _("%(domain)s: eens per team") % {"domain": domain.name},
            rows,
            table,
            what=domain.name,
        )
        left_out += small
        if chart is None:
            blocks.append({"type": "h", "text": domain.name})
            blocks.append(
                _p(_("De teams van dit domein hebben elk te weinig antwoorden voor een grafiek."))
            )
        else:
            blocks.append(chart)
    return _section("teams", _("De teams per domein"), blocks), left_out


def standouts_section(figures: Figures) -> dict:
    if not figures.standouts:
        blocks = [
            _p(
                _(
                    "Welke diensten opvallen, komt uit ‘Waar beginnen we?’. Dat overzicht is "
                    "er nog niet, dus dit deel is nu leeg."
                )
            )
        ]
    else:
        up = [s.text for s in figures.standouts if s.direction == "up"]
        down = [s.text for s in figures.standouts if s.direction == "down"]
        blocks = []
        if up:
            blocks += [{"type": "h", "text": _("Opvallend goed")}, _list(up)]
        if down:
            blocks += [{"type": "h", "text": _("Hier valt winst te halen")}, _list(down)]
    return _section("opvallend", _("Diensten die opvallen"), blocks)


def handling_section(
    figures: Figures, today: datetime.date, *, with_charts: bool = True
) -> dict | None:
    if not figures.handling:
        return None
    blocks: list[dict | None] = [
        _p(
            _(
                "Hoe snel we terugbellen, e-mails beantwoorden en aanvragen afhandelen, tegen onze "
                "normen. Doorlooptijden tellen we in werkdagen."
            )
        )
    ]
    for row in figures.handling:
        blocks.append(_p(" ".join(texts.handling_sentences(row))))
    if with_charts:
        blocks.append(on_time_bars(figures.handling))
        if figures.on_time:
            blocks.append(
                _chart(
                    presenters.on_time_chart(
                        figures.on_time,
                        period=figures.target.period,
                        grain=figures.grain,
                        today=today,
                    )
                )
            )
    blocks.append(_table(presenters.handling_table(figures.handling)))
    return _section("normen", _("Afhandeling tegen de normen"), blocks)


def tracks_section(figures: Figures) -> dict:
    if not figures.tracks:
        return _section(
            "verbetertrajecten",
            _("Verbetertrajecten"),
            [_p(_("In deze periode liep geen verbetertraject."))],
        )
    rows = [
        [
            track.title,
            track.team,
            track.status,
            _("%(done)s van %(total)s")
            % {"done": track.actions_done, "total": track.actions_total},
            track.effect or _("nog niet gemeten"),
        ]
        for track in figures.tracks
    ]
    blocks = [
        _p(texts.tracks_sentence(len(figures.tracks))),
        _plain_table(
            _("Verbetertrajecten in deze periode"),
            [_("Traject"), _("Team"), _("Stand"), _("Acties klaar"), _("Gemeten effect")],
            rows,
        ),
    ]
    if not any(track.effect for track in figures.tracks):
        blocks.append(
            _p(
                _(
                    "Het effect van een traject meten we bij de volgende meting na afloop. "
                    "Die cijfers zijn er nog niet."
                )
            )
        )
    return _section("verbetertrajecten", _("Verbetertrajecten"), blocks)


def plan_section(figures: Figures) -> dict:
    if not figures.advices:
        blocks = [
            _p(
                _(
                    "De voortgang van het uitvoeringsplan staat nog niet in het systeem. Dit "
                    "deel is daarom nu leeg."
                )
            )
        ]
    else:
        blocks = [
            _plain_table(
                _("Voortgang per advies"),
                [_("Advies"), _("Eigenaar"), _("Stand"), _("Acties klaar")],
                [
                    [
                        f"{advice.number}. {advice.title}",
                        advice.owner,
                        advice.status,
                        _("%(done)s van %(total)s")
                        % {"done": advice.actions_done, "total": advice.actions_total},
                    ]
                    for advice in figures.advices
                ],
            )
        ]
    return _section("uitvoeringsplan", _("Voortgang van het uitvoeringsplan"), blocks)


def compliments_section(figures: Figures) -> dict | None:
    if not figures.compliments:
        return None
    return _section(
        "complimenten",
        _("Complimenten"),
        [
            _p(_("Een paar dingen die inwoners goed vonden, in hun eigen woorden (zonder namen).")),
            {"type": "quotes", "items": figures.compliments},
        ],
    )


def method_section(figures: Figures, left_out: list[str]) -> dict:
    period, overview = figures.target.period, figures.overview
    items = [
        _("Periode: %(period)s.") % {"period": period.title},
        _("Meting: %(round)s.") % {"round": _round_label(figures)},
        _("Inwoners die een oordeel gaven: %(number)s.") % {"number": respondents_text(figures)},
        _(
            "Marge: bij elk percentage hoort een 95%%-marge. Die staat tussen haakjes, "
            "bijvoorbeeld 84 %% (80–88 %%)."
        )
        % {},
        _(
            "Een verschil noemen we echt als het groter is dan toeval kan verklaren "
            "(kans op toeval kleiner dan 5 %%). Anders staat er: binnen de marge."
        )
        % {},
        _(
            "Minimale groep: we tonen uitkomsten pas vanaf %(minimum)s inwoners. Een groep "
            "die kleiner is, laten we weg. Soms laten we ook een grotere groep weg, als u anders "
            "de kleine groep zou kunnen uitrekenen."
        )
        % {"minimum": format_number(overview.min_group_size)},
    ]
    if figures.before is not None and not figures.is_baseline:
        items.append(_("Vergeleken met: %(before)s.") % {"before": figures.before.title})
    items.append(
        _("Alle cijfers komen uit het dashboard, met dezelfde berekening en dezelfde regels.")
    )
    blocks: list[dict | None] = [_list(items), {"type": "h", "text": _("Wat we weglieten")}]
    if left_out:
        blocks.append(_list(left_out))
    else:
        blocks.append(_p(_("Niets: elke groep in dit rapport was groot genoeg.")))
    return _section("verantwoording", _("Verantwoording"), blocks)


# --- the kinds --------------------------------------------------------------------------------


def _base(target: Target, title: str, today: datetime.date) -> dict[str, Any]:
    municipality = target.municipality
    scope_label = municipality.name if municipality else both_label()
    return {
        "schema": SCHEMA,
        "kind": target.kind,
        "title": title,
        "organisation": settings.DV_ORGANISATION_NAME,
        "scope_label": scope_label,
        "municipality": municipality.slug if municipality else "",
        "period": {
            "code": target.period_code,
            "name": target.period.name,
            "title": target.period.title,
            "start": target.period.start.isoformat(),
            "end": target.period.end.isoformat(),
        },
        "survey_round": target.survey_round,
        "made_on": today.isoformat(),
        "summary": [],
        "sections": [],
    }


def both_label() -> str:
    names = list(
        Municipality.objects.order_by("-inhabitants", "name").values_list("name", flat=True)
    )
    if len(names) < 2:
        return names[0] if names else _("Hele organisatie")
    return _("%(first)s en %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def title_for(target: Target) -> str:
    where = target.municipality.name if target.municipality else both_label()
    period = target.period.name
    if target.kind == ReportKind.BASELINE:
        return _("Nulmeting dienstverlening %(where)s") % {"where": where}
    if target.kind == ReportKind.COUNCIL_LETTER:
        return _("Raadsinformatiebrief dienstverlening %(period)s, %(where)s") % {
            "period": period,
            "where": where,
        }
    if target.kind == ReportKind.PC_PARAGRAPH:
        return _("Paragraaf dienstverlening %(period)s, %(where)s") % {
            "period": period,
            "where": where,
        }
    return _("Rapportage dienstverlening %(period)s, %(where)s") % {
        "period": period,
        "where": where,
    }


def service_report(
    figures: Figures, today: datetime.date, progress: Progress | None = None
) -> dict:
    """The long report (also the baseline report): summary, figures, charts, method."""
    target = figures.target
    content = _base(target, title_for(target), today)
    content["summary"] = summary_items(figures)
    experience_part, left_out = experience_section(figures)
    sections: list[dict | None] = [
        experience_part,
        mark_section(figures, today),
        trend_section(figures, today),
    ]
    breakdowns, small = breakdown_sections(figures)
    sections += breakdowns
    left_out += small
    domains, small = domain_sections(figures)
    sections.append(domains)
    left_out += small
    if not figures.is_baseline:
        sections += [
            standouts_section(figures),
            handling_section(figures, today),
            tracks_section(figures),
            plan_section(figures),
        ]
    else:
        sections.insert(
            0,
            _section(
                "startpunt",
                _("Het startpunt"),
                [
                    _p(
                        _(
                            "De nulmeting is de eerste meting van hoe inwoners onze "
                            "dienstverlening ervaren. Latere metingen vergelijken we hiermee. Zo "
                            "zien we of wat we doen ook echt helpt."
                        )
                    )
                ],
            ),
        )
    sections += [compliments_section(figures), method_section(figures, left_out)]
    content["sections"] = [s for s in sections if s is not None]
    return content


def council_letter(figures: Figures, today: datetime.date, reference: str) -> dict:
    target = figures.target
    content = _base(target, title_for(target), today)
    municipality = target.municipality
    subject = _("Dienstverlening in %(period)s: wat inwoners vinden en hoe snel we werken") % {
        "period": target.period.name
    }
    content["letter"] = {
        "addressee": _("Aan de gemeenteraad van %(name)s") % {"name": municipality.name},
        "place": municipality.name,
        "subject": subject,
        "reference": reference,
        "signature": [
            _("Het college van burgemeester en wethouders van %(name)s,")
            % {"name": municipality.name},
            _("de secretaris,"),
            _("de burgemeester,"),
        ],
    }
    overview = figures.overview
    compared = _compared(figures)
    key_points = summary_items(figures)
    figures_rows = []
    if not overview.suppressed:
        for value in overview.values:
            figures_rows.append(
                [
                    value.value.name,
                    share_text(value.figure),
                    texts.change_cell(value.figure.vs_previous),
                    texts.change_cell(value.figure.vs_baseline),
                ]
            )
    sections: list[dict | None] = [
        _section(
            "aanleiding",
            _("Aanleiding"),
            [
                _p(
                    _(
                        "Met deze brief informeren wij u over de dienstverlening aan inwoners in "
                        "%(period)s. Wij meten elke maand hoe inwoners ons ervaren. Ook meten we "
                        "hoe snel we terugbellen, e-mails beantwoorden en aanvragen afhandelen."
                    )
                    % {"period": target.period.name}
                )
            ],
        ),
        _section("kernboodschap", _("Kernboodschap"), [_list(key_points)]),
    ]
    table_blocks: list[dict | None] = []
    if figures_rows:
        table_blocks.append(
            _plain_table(
                _("Oordeel van inwoners per kernwaarde"),
                [
                    _("Kernwaarde"),
                    _("Eens (95%-marge) van aantal"),
                    _("Verschil met %(compared)s") % {"compared": compared},
                    _("Verschil met nulmeting"),
                ],
                figures_rows,
            )
        )
    if figures.handling:
        table_blocks.append(
            _plain_table(
                _("Afhandeling tegen de normen"),
                [_("Soort"), _("Op tijd"), _("Norm"), _("Oordeel")],
                [
                    [
                        row.label,
                        format_percent(row.on_time_share) if row.on_time_share is not None else "–",
                        format_percent(row.target_share) if row.target_share is not None else "–",
                        status_text(row.status),
                    ]
                    for row in figures.handling
                ],
            )
        )
    if table_blocks:
        sections.append(_section("cijfers", _("De cijfers"), table_blocks))
    doing = [texts.tracks_sentence(len(figures.tracks))]
    doing += [track.title + " (" + track.team + ")" for track in figures.tracks[:5]]
    sections.append(_section("wat-we-doen", _("Wat we doen"), [_list(doing)]))
    sections.append(
        _section(
            "vervolg",
            _("Vervolg"),
            [
                _p(
                    _(
                        "Wij blijven meten en verbeteren. U ontvangt de volgende brief na de "
                        "volgende rapportage. Het volledige rapport met alle cijfers en de "
                        "verantwoording ligt voor u ter inzage."
                    )
                )
            ],
        )
    )
    content["sections"] = [s for s in sections if s is not None]
    return content


def pc_paragraph(figures: Figures, today: datetime.date) -> dict:
    target = figures.target
    content = _base(target, title_for(target), today)
    overview = figures.overview
    rows = []
    if not overview.suppressed:
        for value in overview.values:
            rows.append(
                [
                    _("Inwoners ervaren onze dienstverlening als %(value)s")
                    % {"value": value.value.name.lower()},
                    _("Het dienstverleningskader wordt toegepast"),
                    _("Deel inwoners dat het eens is met de stellingen over %(value)s")
                    % {"value": value.value.name.lower()},
                    format_percent(value.figure.share)
                    if not value.figure.suppressed
                    else texts.hidden(value.figure),
                    "–",
                    texts.change_cell(value.figure.vs_previous),
                ]
            )
        mark = overview.mark
        rows.append(
            [
                _("Inwoners zijn tevreden over onze dienstverlening"),
                _("Dienstverlening op orde"),
                _("Gemiddeld rapportcijfer"),
                format_number(mark.mean, 1) if not mark.suppressed else texts.hidden(mark),
                "–",
                texts.change_cell(mark.vs_previous, mark=True),
            ]
        )
    for row in figures.handling:
        if row.target_share is None:
            continue
        rows.append(
            [
                _("Inwoners worden op tijd geholpen"),
                _("Wij houden ons aan onze normen"),
                _("Deel op tijd: %(kind)s") % {"kind": row.label},
                format_percent(row.on_time_share) if row.on_time_share is not None else "–",
                format_percent(row.target_share),
                status_text(row.status),
            ]
        )
    content["summary"] = []
    content["sections"] = [
        _section(
            "paragraaf",
            _("Dienstverlening"),
            [
                _p(
                    _(
                        "Wij willen dat inwoners onze dienstverlening menselijk, makkelijk, "
                        "betrouwbaar en betrokken vinden. Daarom meten we elke maand hun oordeel "
                        "en hoe snel we werken."
                    )
                ),
                _p(" ".join(summary_items(figures)[:2])),
                _plain_table(
                    _("Dienstverlening: effecten, resultaten en indicatoren, %(period)s")
                    % {"period": target.period.name},
                    [
                        _("Effect"),
                        _("Resultaat"),
                        _("Indicator"),
                        _("Waarde"),
                        _("Streefwaarde"),
                        _("Stand"),
                    ],
                    rows,
                ),
                _p(
                    _(
                        "Bron: dashboard dienstverlening, %(period)s. Percentages met minder dan "
                        "%(minimum)s inwoners tonen we niet."
                    )
                    % {"period": target.period.title, "minimum": format_number(min_group_size())}
                ),
            ],
        )
    ]
    return content


# --- readability ------------------------------------------------------------------------------


def all_text(content: dict) -> str:
    """Every generated sentence of the content (not tables and chart data), for the check."""
    parts = list(content.get("summary", []))
    for section in content.get("sections", []):
        for block in section["blocks"]:
            if block["type"] == "p":
                parts.append(block["text"])
            elif block["type"] == "list":
                parts.extend(block["items"])
    return "\n".join(parts)


def readability_of(content: dict) -> dict:
    """The questionnaire editor's check (Flesch-Douma and long sentences) over the text."""
    result = readability(all_text(content))
    return {
        "score": result.score,
        "label": str(result.label),
        "easy": result.is_easy,
        "long_sentences": result.long_sentences[:20],
    }


def content_build(
    target: Target,
    *,
    today: datetime.date,
    reference: str = "",
    progress: Progress | None = None,
) -> dict:
    """The frozen content of one version. Raises ``ReportError`` when there is nothing to show."""
    short = target.kind in (ReportKind.COUNCIL_LETTER, ReportKind.PC_PARAGRAPH)
    if progress:
        progress(0, 2)
    figures = figures_collect(target, full=not short, today=today)
    if progress:
        progress(1, 2)
    if target.kind == ReportKind.COUNCIL_LETTER:
        content = council_letter(figures, today, reference)
    elif target.kind == ReportKind.PC_PARAGRAPH:
        content = pc_paragraph(figures, today)
    else:
        content = service_report(figures, today)
    content["readability"] = readability_of(content)
    if progress:
        progress(2, 2)
    return content


def reason_words(reason: str | None) -> str:
    return reason_text(reason)
