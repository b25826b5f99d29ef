"""The parts of a report as blocks of frozen content: paragraphs, headings, lists, quotes,
tables and charts (with the dashboard's Vega-Lite spec and its data table), built from the
``Figures`` and the sentences of ``texts``. Tables and charts come from ``insights.presenters``,
so they read exactly as on the dashboard."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.utils.translation import gettext as _

from dienstverlening.core.formats import format_number, format_percent, rounded
from dienstverlening.insights import charts, experience, presenters, work
from dienstverlening.insights.disclosure import min_group_size
from dienstverlening.insights.rounds import SurveyRound, previous_name
from dienstverlening.insights.scope import Scope
from dienstverlening.insights.templatetags.insights_tags import status_text

from . import texts
from .collect import Figures


def paragraph(text: str) -> dict:
    return {"type": "p", "text": text}


def bullets(items: list[str]) -> dict:
    return {"type": "list", "items": items}


def table_block(table: presenters.Table, caption: str = "") -> dict:
    return {
        "type": "table",
        "caption": caption or table.title,
        "columns": list(table.header),
        "rows": [list(row) for row in table.rows],
    }


def plain_table(caption: str, columns: list[str], rows: list[list[str]]) -> dict:
    return {"type": "table", "caption": caption, "columns": columns, "rows": rows}


def chart_block(chart: charts.Chart | None, key: str = "") -> dict | None:
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


def section_block(key: str, title: str, blocks: Sequence[dict | None]) -> dict:
    return {"key": key, "title": title, "blocks": [b for b in blocks if b is not None]}


def _shown_share(row: experience.BreakdownRow) -> float:
    """The share agreeing of a row in a chart: a figure that is not suppressed has one."""
    share = row.figure.share
    assert share is not None, row.label
    return share


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
            "share": rounded(row.figure.share, 1),
            "low": rounded(row.figure.low, 1),
            "high": rounded(row.figure.high, 1),
        }
        for row in shown
    ]
    best = max(shown, key=_shown_share)
    worst = min(shown, key=_shown_share)
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
    return chart_block(chart), left_out


def on_time_bars(rows: list[work.KindRow]) -> dict | None:
    """On-time share per kind of request, as bars (all handled items: no margin)."""
    shown = [row for row in rows if row.on_time_share is not None]
    if not shown:
        return None
    data = [
        {
            "soort": row.label,
            "share": rounded(row.on_time_share, 1),
            "low": rounded(row.on_time_share, 1),
            "high": rounded(row.on_time_share, 1),
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
    return chart_block(chart)


# --- the parts of a report --------------------------------------------------------------------


def _round_label(figures: Figures) -> str:
    return str(SurveyRound(figures.target.survey_round).label)


def compared_text(figures: Figures) -> str:
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
    compared = compared_text(figures)
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
            baseline = "" if figures.is_baseline else texts.baseline_sentence(value.figure)
            if baseline:
                sentence += " " + baseline
            items.append(sentence)
    if figures.handling:
        verdicts = [row.status for row in figures.handling if row.target_share is not None]
        items.append(texts.norms_sentence(verdicts))
    if not figures.is_baseline:
        items.append(texts.tracks_sentence(len(figures.tracks)))
    return items


def experience_section(figures: Figures, *, with_charts: bool = True) -> tuple[dict, list[str]]:
    overview = figures.overview
    compared = compared_text(figures)
    left_out: list[str] = []
    blocks: list[dict | None] = []
    if overview.suppressed:
        blocks.append(
            paragraph(
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
        return section_block(
            "stellingen", _("De kernwaarden en de acht stellingen"), blocks
        ), left_out
    blocks.append(
        paragraph(
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
        blocks.append(paragraph(" ".join(sentences)))
    if with_charts:
        chart = presenters.statement_chart(overview, figures.target.scope, figures.target.period)
        if chart is None:
            blocks.append(
                paragraph(
                    _(
                        "De grafiek per stelling is weggelaten: elke stelling heeft te weinig "
                        "antwoorden."
                    )
                )
            )
        blocks.append(chart_block(chart))
    blocks.append(table_block(presenters.statement_table(overview)))
    return section_block("stellingen", _("De kernwaarden en de acht stellingen"), blocks), left_out


def mark_section(figures: Figures, today: datetime.date, *, with_charts: bool = True) -> dict:
    overview = figures.overview
    blocks: list[dict | None] = [
        paragraph(" ".join(texts.mark_sentences(overview.mark, compared=compared_text(figures))))
    ]
    if with_charts and figures.points:
        blocks.append(
            chart_block(
                presenters.mark_trend_chart(
                    figures.points, period=figures.target.period, grain=figures.grain, today=today
                )
            )
        )
    return section_block("rapportcijfer", _("Het rapportcijfer"), blocks)


def trend_section(figures: Figures, today: datetime.date) -> dict | None:
    if not figures.points:
        return None
    chart = presenters.trend_chart(
        figures.points, period=figures.target.period, grain=figures.grain, today=today
    )
    return section_block(
        "trends",
        _("De kernwaarden door de tijd"),
        [
            paragraph(_("Zo ontwikkelde het oordeel per kernwaarde zich binnen de periode.")),
            chart_block(chart),
        ],
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
            paragraph(
                _("Hoe inwoners de dienstverlening ervaren, alle stellingen samen, %(what)s.")
                % {"what": per}
            ),
        ]
        if chart is None:
            blocks += [
                paragraph(_("De grafiek is weggelaten: elke groep heeft te weinig antwoorden.")),
                table_block(table),
            ]
        else:
            blocks.append(chart)
        sections.append(section_block(f"per-{by}", title, blocks))
    return sections, left_out


def domain_sections(figures: Figures) -> tuple[dict | None, list[str]]:
    if not figures.domains:
        return None, []
    blocks: list[dict | None] = [
        paragraph(_("Per domein: hoe inwoners de teams ervaren, alle stellingen samen."))
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
                paragraph(
                    _("De teams van dit domein hebben elk te weinig antwoorden voor een grafiek.")
                )
            )
        else:
            blocks.append(chart)
    return section_block("teams", _("De teams per domein"), blocks), left_out


def standouts_section(figures: Figures) -> dict:
    if not figures.standouts:
        blocks = [
            paragraph(
                _(
                    "Welke diensten opvallen, komt uit ‘Waar beginnen’. In deze periode had "
                    "geen dienst genoeg antwoorden om dat eerlijk te zeggen."
                )
            )
        ]
    else:
        up = [s.text for s in figures.standouts if s.direction == "up"]
        down = [s.text for s in figures.standouts if s.direction == "down"]
        blocks = []
        if up:
            blocks += [{"type": "h", "text": _("Opvallend goed")}, bullets(up)]
        if down:
            blocks += [{"type": "h", "text": _("Hier valt winst te halen")}, bullets(down)]
    return section_block("opvallend", _("Diensten die opvallen"), blocks)


def handling_section(
    figures: Figures, today: datetime.date, *, with_charts: bool = True
) -> dict | None:
    if not figures.handling:
        return None
    blocks: list[dict | None] = [
        paragraph(
            _(
                "Hoe snel we terugbellen, e-mails beantwoorden en aanvragen afhandelen, tegen onze "
                "normen. Doorlooptijden tellen we in werkdagen."
            )
        )
    ]
    for row in figures.handling:
        blocks.append(paragraph(" ".join(texts.handling_sentences(row))))
    if with_charts:
        blocks.append(on_time_bars(figures.handling))
        if figures.on_time:
            blocks.append(
                chart_block(
                    presenters.on_time_chart(
                        figures.on_time,
                        period=figures.target.period,
                        grain=figures.grain,
                        today=today,
                    )
                )
            )
    blocks.append(table_block(presenters.handling_table(figures.handling)))
    return section_block("normen", _("Afhandeling tegen de normen"), blocks)


def tracks_section(figures: Figures) -> dict:
    if not figures.tracks:
        return section_block(
            "verbetertrajecten",
            _("Verbetertrajecten"),
            [paragraph(_("In deze periode liep geen verbetertraject."))],
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
        paragraph(texts.tracks_sentence(len(figures.tracks))),
        plain_table(
            _("Verbetertrajecten in deze periode"),
            [_("Traject"), _("Team"), _("Stand"), _("Acties klaar"), _("Gemeten effect")],
            rows,
        ),
    ]
    if not any(track.effect for track in figures.tracks):
        blocks.append(
            paragraph(
                _(
                    "Het effect van een traject meten we bij de volgende meting na afloop. "
                    "Die cijfers zijn er nog niet."
                )
            )
        )
    return section_block("verbetertrajecten", _("Verbetertrajecten"), blocks)


def plan_section(figures: Figures) -> dict:
    if not figures.advices:
        blocks = [
            paragraph(
                _(
                    "De voortgang van het uitvoeringsplan staat nog niet in het systeem. Dit "
                    "deel is daarom nu leeg."
                )
            )
        ]
    else:
        blocks = [
            plain_table(
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
    return section_block("uitvoeringsplan", _("Voortgang van het uitvoeringsplan"), blocks)


def compliments_section(figures: Figures) -> dict | None:
    if not figures.compliments:
        return None
    return section_block(
        "complimenten",
        _("Complimenten"),
        [
            paragraph(
                _("Een paar dingen die inwoners goed vonden, in hun eigen woorden (zonder namen).")
            ),
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
    blocks: list[dict | None] = [bullets(items), {"type": "h", "text": _("Wat we weglieten")}]
    if left_out:
        blocks.append(bullets(left_out))
    else:
        blocks.append(paragraph(_("Niets: elke groep in dit rapport was groot genoeg.")))
    return section_block("verantwoording", _("Verantwoording"), blocks)
