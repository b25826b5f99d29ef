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
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from dienstverlening.core.formats import format_number, format_percent
from dienstverlening.insights.disclosure import min_group_size
from dienstverlening.insights.templatetags.insights_tags import share_text, status_text
from dienstverlening.organisation.models import Municipality
from dienstverlening.surveys.readability import readability

from . import texts
from .collect import Figures, figures_collect
from .models import ReportKind
from .sections import (
    breakdown_sections,
    bullets,
    compared_text,
    compliments_section,
    domain_sections,
    experience_section,
    handling_section,
    mark_section,
    method_section,
    paragraph,
    plain_table,
    plan_section,
    section_block,
    standouts_section,
    summary_items,
    tracks_section,
    trend_section,
)
from .targets import Target

SCHEMA = 1
Progress = Callable[[int, int], None]


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
            section_block(
                "startpunt",
                _("Het startpunt"),
                [
                    paragraph(
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
    municipality = target.council
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
    compared = compared_text(figures)
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
        section_block(
            "aanleiding",
            _("Aanleiding"),
            [
                paragraph(
                    _(
                        "Met deze brief informeren wij u over de dienstverlening aan inwoners in "
                        "%(period)s. Wij meten elke maand hoe inwoners ons ervaren. Ook meten we "
                        "hoe snel we terugbellen, e-mails beantwoorden en aanvragen afhandelen."
                    )
                    % {"period": target.period.name}
                )
            ],
        ),
        section_block("kernboodschap", _("Kernboodschap"), [bullets(key_points)]),
    ]
    table_blocks: list[dict | None] = []
    if figures_rows:
        table_blocks.append(
            plain_table(
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
            plain_table(
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
        sections.append(section_block("cijfers", _("De cijfers"), table_blocks))
    doing = [texts.tracks_sentence(len(figures.tracks))]
    doing += [track.title + " (" + track.team + ")" for track in figures.tracks[:5]]
    sections.append(section_block("wat-we-doen", _("Wat we doen"), [bullets(doing)]))
    sections.append(
        section_block(
            "vervolg",
            _("Vervolg"),
            [
                paragraph(
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
        section_block(
            "paragraaf",
            _("Dienstverlening"),
            [
                paragraph(
                    _(
                        "Wij willen dat inwoners onze dienstverlening menselijk, makkelijk, "
                        "betrouwbaar en betrokken vinden. Daarom meten we elke maand hun oordeel "
                        "en hoe snel we werken."
                    )
                ),
                paragraph(" ".join(summary_items(figures)[:2])),
                plain_table(
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
                paragraph(
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
