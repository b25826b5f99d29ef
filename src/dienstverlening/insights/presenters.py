"""Shape figures into tables and charts: one table feeds the page, the chart and the download."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from dienstverlening.core.formats import format_number, format_percent

from . import charts
from .experience import ExperienceOverview, TrendPoint
from .periods import Period
from .scope import Scope
from .templatetags.insights_tags import change_text, mark_text, share_text, status_text
from .work import KindRow


@dataclass
class Table:
    key: str
    title: str
    header: list[str]
    rows: list[list[str]]  # as shown on the page (Dutch formats)
    export_header: list[str]
    export_rows: list[list]  # raw numbers for CSV/XLSX; suppressed figures stay empty
    links: list[str | None] = field(default_factory=list)  # drill-down link per row

    def filename(self, scope: Scope, period: Period) -> str:
        return f"{self.key} {scope.label} {period.start:%Y%m%d}-{period.end:%Y%m%d}"

    @property
    def linked_rows(self) -> list[tuple[str | None, list[str]]]:
        links = self.links or [None] * len(self.rows)
        return list(zip(links, self.rows, strict=False))


def _num(value, decimals: int = 1):
    return None if value is None else round(value, decimals)


def statement_table(overview: ExperienceOverview) -> Table:
    header = [
        _("Kernwaarde"),
        _("Stelling"),
        _("Eens (95%-marge) van aantal met een mening"),
        _("Gecorrigeerd voor uitkomst"),
        _("Verschil met vorige periode"),
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
                    change_text(figure.vs_previous),
                    change_text(figure.vs_baseline),
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
        _("Verschil vorige periode"),
        _("Verschil nulmeting"),
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


def breakdown_table(scope: Scope, by: str, rows) -> Table:
    display, export, links = [], [], []
    for row in rows:
        display.append(
            [row.label, format_number(row.respondents), share_text(row.figure), mark_text(row.mark)]
        )
        export.append(
            [
                row.label,
                row.respondents,
                None if row.figure.suppressed else _num(row.figure.share),
                None if row.mark.suppressed else _num(row.mark.mean, 2),
            ]
        )
        params = scope.params(**{LEVEL_PARAM[by]: row.key})
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
        [_("Naam"), _("Aantal antwoorden"), _("Eens %"), _("Gemiddeld rapportcijfer")],
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
    data, rows = [], []
    for value in overview.values:
        for statement, figure in value.statements:
            if figure.suppressed:
                continue
            data.append(
                {
                    "stelling": statement.text,
                    "share": round(figure.share, 1),
                    "low": round(figure.low, 1),
                    "high": round(figure.high, 1),
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


def _bucket_label(bucket, grain: str) -> str:
    if grain == "quarter":
        return f"{bucket.year}-K{(bucket.month - 1) // 3 + 1}"
    return f"{bucket:%Y-%m}"


def trend_chart(points: list[TrendPoint], *, grain: str):
    data, rows = [], []
    for point in points:
        if point.series == "rapportcijfer" or point.figure.suppressed:
            continue
        label = _bucket_label(point.period, grain)
        data.append(
            {"periode": label, "kernwaarde": point.series, "eens": round(point.figure.share, 1)}
        )
        rows.append(
            [label, point.series, format_percent(point.figure.share), format_number(point.figure.n)]
        )
    summary = (
        _("Geen gegevens in deze periode.")
        if not data
        else _("Eens per kernwaarde per %(grain)s, %(count)s meetpunten.")
        % {"grain": _("kwartaal") if grain == "quarter" else _("maand"), "count": len(data)}
    )
    return charts.Chart(
        key="trend-kernwaarden",
        title=_("Kernwaarden door de tijd"),
        summary=summary,
        spec=charts.trend_lines(
            data, period="periode", value="eens", series="kernwaarde", title="", unit="% eens"
        ),
        columns=[_("Periode"), _("Kernwaarde"), _("Eens"), _("Aantal")],
        rows=rows,
    )


def mark_trend_chart(points: list[TrendPoint], *, grain: str):
    data, rows = [], []
    for point in points:
        if point.series != "rapportcijfer" or point.figure.suppressed:
            continue
        label = _bucket_label(point.period, grain)
        data.append(
            {"periode": label, "reeks": _("rapportcijfer"), "cijfer": round(point.figure.mean, 2)}
        )
        rows.append([label, format_number(point.figure.mean, 1), format_number(point.figure.n)])
    summary = (
        _("Geen gegevens in deze periode.")
        if not data
        else _("Gemiddeld rapportcijfer van %(first)s tot %(last)s.")
        % {
            "first": format_number(data[0]["cijfer"], 1),
            "last": format_number(data[-1]["cijfer"], 1),
        }
    )
    return charts.Chart(
        key="trend-rapportcijfer",
        title=_("Rapportcijfer door de tijd"),
        summary=summary,
        spec=charts.trend_lines(
            data, period="periode", value="cijfer", series="reeks", title="", unit=_("cijfer")
        ),
        columns=[_("Periode"), _("Gemiddeld cijfer"), _("Aantal")],
        rows=rows,
    )


def on_time_chart(rows_in: list[dict], *, grain: str):
    data, rows = [], []
    for row in rows_in:
        if row["share"] is None:
            continue
        label = _bucket_label(row["bucket"], grain)
        data.append({"periode": label, "soort": row["kind"], "optijd": round(row["share"], 1)})
        rows.append(
            [label, row["kind"], format_percent(row["share"]), format_number(row["closed"])]
        )
    summary = (
        _("Geen gegevens in deze periode.")
        if not data
        else _("Deel op tijd afgehandeld per soort verzoek, %(count)s meetpunten.")
        % {"count": len(data)}
    )
    return charts.Chart(
        key="trend-op-tijd",
        title=_("Op tijd afgehandeld door de tijd"),
        summary=summary,
        spec=charts.trend_lines(
            data, period="periode", value="optijd", series="soort", title="", unit="% op tijd"
        ),
        columns=[_("Periode"), _("Soort"), _("Op tijd"), _("Afgehandeld")],
        rows=rows,
    )


def crumbs(scope: Scope, view: str = "dashboard") -> list[tuple[str, str]]:
    """Breadcrumb from the organisation down to the scope, keeping municipality and channel."""
    base = reverse(view)
    keep = {
        "gemeente": scope.municipality.slug if scope.municipality else None,
        "kanaal": scope.channel.slug if scope.channel else None,
    }
    trail = [(_("Hele organisatie"), base + "?" + urlencode({k: v for k, v in keep.items() if v}))]
    params = dict(keep)
    for key, obj in (("domein", scope.domain), ("team", scope.team), ("dienst", scope.service)):
        if obj is None:
            break
        params[key] = obj.slug
        trail.append((str(obj), base + "?" + urlencode({k: v for k, v in params.items() if v})))
    return trail
