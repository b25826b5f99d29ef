"""Shape figures into tables and charts: one table feeds the page, the chart and the download."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from dienstverlening.core.formats import format_number, format_percent, rounded

from . import charts
from .disclosure import COMPLEMENT, SMALL, min_group_size, reason_text
from .experience import ExperienceOverview
from .figures import MarkFigure, ShareFigure
from .periods import Period, bucket_label, bucket_start, month_name
from .rounds import DEFAULT_ROUND, SurveyRound, previous_name
from .scope import Scope
from .templatetags.insights_tags import change_text, mark_text, share_text, status_text
from .trends import TrendPoint
from .work import KindRow


@dataclass
class Table:
    key: str
    title: str
    header: list[str]
    rows: list[list[str]]  # as shown on the page (Dutch formats)
    export_header: list[str]
    export_rows: list[list]  # raw numbers for CSV/XLSX; suppressed figures stay empty
    links: Sequence[str | None] = field(default_factory=list)  # drill-down link per row

    def filename(self, scope: Scope, period: Period, survey_round: str = DEFAULT_ROUND) -> str:
        return f"{self.key} {survey_round} {scope.label} {period.start:%Y%m%d}-{period.end:%Y%m%d}"

    @property
    def linked_rows(self) -> list[tuple[str | None, list[str]]]:
        links = self.links or [None] * len(self.rows)
        return list(zip(links, self.rows, strict=False))


def _num(value: float | None, decimals: int = 1) -> float | None:
    return rounded(value, decimals)


def respondents_text(respondents: int, reason: str | None = None) -> str:
    """The count beside a group; below the minimum only "minder dan 10", never the exact count;
    a group hidden so that a small one cannot be worked out: "niet getoond"."""
    minimum = min_group_size()
    if reason == COMPLEMENT:
        return _("niet getoond")
    if 0 < respondents < minimum:
        return _("minder dan %(minimum)s") % {"minimum": format_number(minimum)}
    return format_number(respondents)


def withheld(figures) -> bool:
    """Whether any of ``figures`` (or rows) is hidden to protect another, smaller group: the
    page then explains 'niet getoond'."""
    return any(getattr(figure, "reason", None) not in (None, SMALL) for figure in figures)


def _compared(change, survey_round: str) -> str:
    if survey_round == SurveyRound.BASELINE:
        return _("niet van toepassing")
    return change_text(change)


def _hidden_reason(figure) -> str:
    """Why a figure has no numbers, for a download's last column (empty when shown)."""
    if not figure.suppressed:
        return ""
    return reason_text(figure.reason) or str(_("te weinig antwoorden"))


def statement_table(overview: ExperienceOverview) -> Table:
    previous = previous_name(overview.survey_round)
    header = [
        _("Kernwaarde"),
        _("Stelling"),
        _("Eens (95%-marge) van aantal met een mening"),
        _("Gecorrigeerd voor uitkomst"),
        _("Verschil met %(previous)s") % {"previous": previous},
        _("Verschil met nulmeting"),
    ]
    rows, export = [], []
    for value in overview.values:
        for statement, figure in [(None, value.figure), *value.statements]:
            label = statement.text if statement else _("Kernwaarde als geheel")
            rows.append(
                [
                    value.value.name,
                    label,
                    share_text(figure),
                    format_percent(figure.corrected) if figure.corrected is not None else "–",
                    _compared(figure.vs_previous, overview.survey_round),
                    _compared(figure.vs_baseline, overview.survey_round),
                ]
            )
            export.append(
                [
                    value.value.name,
                    label,
                    None if figure.suppressed else _num(figure.share),
                    None if figure.suppressed else _num(figure.low),
                    None if figure.suppressed else _num(figure.high),
                    figure.n if not figure.suppressed else None,
                    _num(figure.corrected),
                    _num(figure.vs_previous.delta) if figure.vs_previous else None,
                    _num(figure.vs_baseline.delta) if figure.vs_baseline else None,
                    _hidden_reason(figure),
                ]
            )
    export_header = [
        _("Kernwaarde"),
        _("Stelling"),
        _("Eens %"),
        _("Ondergrens %"),
        _("Bovengrens %"),
        _("Aantal met mening"),
        _("Gecorrigeerd %"),
        _("Verschil %(previous)s") % {"previous": previous},
        _("Verschil nulmeting"),
        _("Waarom geen cijfer"),
    ]
    return Table("stellingen", _("De acht stellingen"), header, rows, export_header, export)


BREAKDOWN_TITLES = {
    "municipality": lambda: _("Per gemeente"),
    "domain": lambda: _("Per domein"),
    "team": lambda: _("Per team"),
    "service": lambda: _("Per dienst"),
    "channel": lambda: _("Per kanaal"),
}
LEVEL_PARAM = {
    "municipality": "gemeente",
    "domain": "domein",
    "team": "team",
    "service": "dienst",
    "channel": "kanaal",
}


def breakdown_table(scope: Scope, by: str, rows, keep: dict[str, str] | None = None) -> Table:
    """Per municipality/domain/…; each row links one level deeper, keeping ``keep`` (period
    and survey round)."""
    display, export, links = [], [], []
    for row in rows:
        display.append(
            [
                row.label,
                respondents_text(row.respondents, row.reason),
                share_text(row.figure),
                mark_text(row.mark),
            ]
        )
        hidden = row.reason is not None or 0 < row.respondents < min_group_size()
        export.append(
            [
                row.label,
                respondents_text(row.respondents, row.reason) if hidden else row.respondents,
                None if row.figure.suppressed else _num(row.figure.share),
                None if row.mark.suppressed else _num(row.mark.mean, 2),
                _hidden_reason(row.figure) if row.figure.suppressed else "",
            ]
        )
        params = {**scope.params(**{LEVEL_PARAM[by]: row.key}), **(keep or {})}
        links.append(reverse("dashboard") + "?" + urlencode(params))
    table = Table(
        f"per-{by}",
        BREAKDOWN_TITLES[by](),
        [
            _("Naam"),
            _("Inwoners die antwoordden"),
            _("Eens, alle stellingen samen"),
            _("Rapportcijfer"),
        ],
        display,
        [
            _("Naam"),
            _("Aantal antwoorden"),
            _("Eens %"),
            _("Gemiddeld rapportcijfer"),
            _("Waarom geen cijfer"),
        ],
        export,
        links,
    )
    return table


def handling_table(rows: list[KindRow]) -> Table:
    display, export = [], []
    for row in rows:
        display.append(
            [
                row.label,
                format_number(row.open),
                format_number(row.overdue),
                format_number(row.closed),
                format_percent(row.on_time_share) if row.on_time_share is not None else "–",
                format_percent(row.target_share) if row.target_share is not None else "–",
                status_text(row.status),
                "–" if row.median_days is None else format_number(row.median_days),
                "–" if row.p90_days is None else format_number(row.p90_days),
            ]
        )
        export.append(
            [
                row.label,
                row.open,
                row.overdue,
                row.closed,
                _num(row.on_time_share),
                _num(row.target_share),
                row.status,
                row.median_days,
                row.p90_days,
            ]
        )
    header = [
        _("Soort"),
        _("Nu open"),
        _("Nu te laat"),
        _("Afgehandeld in periode"),
        _("Op tijd"),
        _("Doel"),
        _("Oordeel"),
        _("Mediaan werkdagen"),
        _("90% binnen werkdagen"),
    ]
    return Table("afhandeling", _("Afhandeling tegen de normen"), header, display, header, export)


def statement_chart(overview: ExperienceOverview, scope: Scope, period: Period):
    data: list[dict[str, Any]] = []
    rows = []
    for value in overview.values:
        for statement, figure in value.statements:
            if figure.suppressed:
                continue
            data.append(
                {
                    "stelling": statement.text,
                    "share": _num(figure.share),
                    "low": _num(figure.low),
                    "high": _num(figure.high),
                }
            )
            rows.append(
                [
                    statement.text,
                    format_percent(figure.share),
                    format_percent(figure.low),
                    format_percent(figure.high),
                    format_number(figure.n),
                ]
            )
    if not data:
        return None
    best = max(data, key=lambda d: d["share"])
    worst = min(data, key=lambda d: d["share"])
    summary = _(
        "Het hoogst scoort “%(best)s” (%(best_share)s eens), het laagst “%(worst)s” "
        "(%(worst_share)s)."
    ) % {
        "best": best["stelling"],
        "best_share": format_percent(best["share"]),
        "worst": worst["stelling"],
        "worst_share": format_percent(worst["share"]),
    }
    return charts.Chart(
        key="stellingen-grafiek",
        title=_("Eens per stelling, met 95%-marge"),
        summary=summary,
        spec=charts.share_bars(data, category="stelling", title=""),
        columns=[_("Stelling"), _("Eens"), _("Ondergrens"), _("Bovengrens"), _("Aantal")],
        rows=rows,
    )


@dataclass(frozen=True)
class TrendCell:
    """One series in one month (or quarter): ``value`` is None when there is nothing to show."""

    text: str  # as the table shows it
    value: float | None = None
    low: float | None = None
    high: float | None = None
    n: int | None = None


def _running_bucket(period: Period, grain: str, today: datetime.date) -> datetime.date | None:
    """The month (or quarter) that contains ``today``, if the period has it: still running."""
    current = bucket_start(today, grain)
    return current if period.start <= current <= period.end else None


def _trend(
    *,
    key: str,
    title: str,
    summary: str,
    period: Period,
    grain: str,
    today: datetime.date,
    series: list[str],
    cells: dict[tuple, TrendCell],
    empty: str,
    unit: str,
    domain: tuple[float, float] | None,
    decimals: int,
    export_names: tuple[str, ...],
) -> charts.Chart:
    """A trend chart and its table: one row per month (or quarter), one column per series.

    ``cells`` maps (bucket, series) to a cell; a bucket without a cell reads ``empty``.
    ``export_names`` name the download's columns per series: value, (low, high,) count.
    """
    buckets = period.buckets(grain)
    running = _running_bucket(period, grain, today)
    running_word = _("loopt nog")
    labels = {bucket: bucket_label(bucket, grain) for bucket in buckets}
    data, rows, export = [], [], []
    for bucket in buckets:
        label = labels[bucket]
        is_running = bucket == running
        row_label = _("%(period)s (loopt nog)") % {"period": label} if is_running else label
        row: list[str] = [row_label]
        export_row: list[str | float | int | None] = [label]
        withheld = []
        for name in series:
            cell = cells.get((bucket, name), TrendCell(empty))
            row.append(cell.text)
            if cell.value is None and (bucket, name) in cells:
                withheld.append(f"{name}: {cell.text}")
            numbers = [cell.value, cell.low, cell.high] if len(export_names) == 4 else [cell.value]
            export_row += [None if v is None else _num(v, decimals + 1) for v in numbers]
            export_row.append(cell.n if cell.value is not None else None)
            if cell.value is None:
                continue
            point = {
                "periode": label,
                "reeks": name,
                "waarde": _num(cell.value, decimals + 1),
                "tekst": f"{name}, {label}: {cell.text}",
                "lopend": is_running,
            }
            if cell.low is not None:
                point["laag"] = round(cell.low, decimals + 1)
                point["hoog"] = _num(cell.high, decimals + 1)
            data.append(point)
        export_row.append("; ".join(withheld))
        export_row.append(_("ja") if is_running else _("nee"))
        rows.append(row)
        export.append(export_row)
    if not data:
        summary = _("Geen gegevens in deze periode.")
    elif running is not None:
        summary += " " + _(
            "%(period)s loopt nog: die cijfers kunnen nog veranderen (open punten)."
        ) % {"period": capfirst(labels[running])}
    export_columns = [_("Maand") if grain == "month" else _("Kwartaal")]
    for name in series:
        export_columns += [f"{name} {column}" for column in export_names]
    export_columns.append(_("Waarom geen cijfer"))
    export_columns.append(_("Maand loopt nog") if grain == "month" else _("Kwartaal loopt nog"))
    return charts.Chart(
        key=key,
        title=title,
        summary=summary,
        spec=charts.trend_lines(
            data,
            periods=[labels[b] for b in buckets],
            series=series,
            unit=unit,
            domain=domain,
            running=labels[running] if running else None,
            running_label=running_word,
        ),
        columns=[_("Maand") if grain == "month" else _("Kwartaal"), *series],
        rows=rows,
        export_columns=export_columns,
        export_rows=export,
    )


def _series(points) -> list[str]:
    order: dict[str, int] = {}
    for point in points:
        order.setdefault(point.series, point.order)
    return sorted(order, key=lambda name: (order[name], name))


def _grain_word(grain: str) -> str:
    return _("kwartaal") if grain == "quarter" else _("maand")


def _sample_cell(figure: ShareFigure | MarkFigure, text: str, value: float | None) -> TrendCell:
    """A survey figure's cell: with its margin, or only its text when it is suppressed."""
    if figure.suppressed:
        return TrendCell(text)
    return TrendCell(text, value, figure.low, figure.high, figure.n)


def trend_chart(
    points: list[TrendPoint], *, period: Period, grain: str, today: datetime.date
) -> charts.Chart:
    """Share agreeing per core value, with the 95 % margin as a band."""
    points = [p for p in points if p.series != "rapportcijfer"]
    cells = {}
    for p in points:
        figure, text = p.figure, share_text(p.figure)
        share = figure.share if isinstance(figure, ShareFigure) else None
        cells[(bucket_start(p.period, grain), p.series)] = _sample_cell(figure, text, share)
    return _trend(
        key="trend-kernwaarden",
        title=_("Kernwaarden door de tijd"),
        summary=_(
            "Deel eens per kernwaarde per %(grain)s. De band om elke lijn is de 95%%-marge: hoe "
            "breder, hoe minder antwoorden."
        )
        % {"grain": _grain_word(grain)},
        period=period,
        grain=grain,
        today=today,
        series=_series(points),
        cells=cells,
        empty=_("geen antwoorden"),
        # xgettext:no-python-format
        unit=_("% eens"),
        domain=(0, 100),
        decimals=0,
        export_names=(_("eens %"), _("ondergrens %"), _("bovengrens %"), _("aantal")),
    )


def mark_trend_chart(
    points: list[TrendPoint], *, period: Period, grain: str, today: datetime.date
) -> charts.Chart:
    """The mean mark, with its 95 % margin as a band."""
    name = _("Rapportcijfer")
    cells = {}
    for p in points:
        if p.series != "rapportcijfer":
            continue
        figure, text = p.figure, mark_text(p.figure)
        cells[(bucket_start(p.period, grain), name)] = _sample_cell(figure, text, figure.mean)
    return _trend(
        key="trend-rapportcijfer",
        title=_("Rapportcijfer door de tijd"),
        summary=_(
            "Gemiddeld rapportcijfer per %(grain)s. De band is de 95%%-marge: hoe breder, hoe "
            "minder antwoorden."
        )
        % {"grain": _grain_word(grain)},
        period=period,
        grain=grain,
        today=today,
        series=[name],
        cells=cells,
        empty=_("geen antwoorden"),
        unit=_("cijfer"),
        domain=(1, 10),
        decimals=1,
        export_names=(_("gemiddelde"), _("ondergrens"), _("bovengrens"), _("aantal")),
    )


def on_time_chart(
    rows_in: list[dict], *, period: Period, grain: str, today: datetime.date
) -> charts.Chart:
    """On-time share per kind of request. No band: these are all handled items, not a sample."""
    cells, kinds = {}, []
    for row in rows_in:
        if row["kind"] not in kinds:
            kinds.append(row["kind"])
        if row["share"] is None:
            continue
        text = _("%(share)s van %(n)s") % {
            "share": format_percent(row["share"]),
            "n": format_number(row["closed"]),
        }
        bucket = bucket_start(row["bucket"], grain)
        cells[(bucket, row["kind"])] = TrendCell(text, row["share"], None, None, row["closed"])
    return _trend(
        key="trend-op-tijd",
        title=_("Op tijd afgehandeld door de tijd"),
        summary=_("Deel op tijd afgehandeld per soort verzoek per %(grain)s.")
        % {"grain": _grain_word(grain)},
        period=period,
        grain=grain,
        today=today,
        series=sorted(kinds),
        cells=cells,
        empty=_("niets afgehandeld"),
        unit=_("% op tijd"),
        domain=(0, 100),
        decimals=0,
        export_names=(_("op tijd %"), _("afgehandeld")),
    )


def crumbs(
    scope: Scope, view: str = "dashboard", keep: dict[str, str] | None = None
) -> list[tuple[str, str]]:
    """Breadcrumb from the organisation down to the scope, keeping municipality and channel
    (and ``keep``: period and survey round)."""
    base = reverse(view)
    params: dict[str, str | None] = {
        "gemeente": scope.municipality.slug if scope.municipality else None,
        "kanaal": scope.channel.slug if scope.channel else None,
        **(keep or {}),
    }
    trail = [
        (_("Hele organisatie"), base + "?" + urlencode({k: v for k, v in params.items() if v}))
    ]
    for key, obj in (("domein", scope.domain), ("team", scope.team), ("dienst", scope.service)):
        if obj is None:
            break
        params[key] = obj.slug
        trail.append((str(obj), base + "?" + urlencode({k: v for k, v in params.items() if v})))
    return trail


@dataclass(frozen=True)
class OpenAnswerRow:
    """An open answer as it may be shown: the month, never the date, and the channel only where
    enough residents answered for the service and channel that month."""

    text: str
    service: str
    channel: str  # empty: too few residents in this service × channel × month
    month: str
    question: str


def open_answer_rows(answers, cells: dict) -> list[OpenAnswerRow]:
    """``answers`` from ``answers.open_answers``, ``cells`` from ``answers.cell_sizes``."""
    minimum = min_group_size()
    rows = []
    for answer in answers:
        response = answer.response
        size = cells.get((response.service_id, response.channel_id, answer.month), 0)
        rows.append(
            OpenAnswerRow(
                text=answer.text,
                service=response.service.name,
                channel=response.channel.name if size >= minimum else "",
                month=month_name(answer.month),
                question=answer.get_question_display(),
            )
        )
    return rows


def open_answer_table(rows: list[OpenAnswerRow], *, compliments: bool) -> Table:
    header = [_("Maand"), _("Dienst"), _("Kanaal"), _("Vraag"), _("Antwoord")]
    cells = [[row.month, row.service, row.channel, row.question, row.text] for row in rows]
    return Table(
        "complimenten" if compliments else "open-antwoorden",
        _("Complimenten") if compliments else _("Open antwoorden"),
        header,
        cells,
        header,
        cells,
    )
