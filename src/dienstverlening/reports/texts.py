"""The report's sentences: plain Dutch (B1), written from the figures by fixed templates.

Every number in a sentence is a figure of ``insights`` as the dashboard formats it (a share, a
mark, the change against an earlier measurement and whether it is real): nothing is computed
here but the earlier value a change starts from (the figure minus its change, which is the
earlier period's dashboard figure). Whether a change is real is ``Change.real`` from
``insights.figures``, the same test the dashboard uses.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dienstverlening.core.formats import format_number, format_percent
from dienstverlening.framework.verdicts import Verdict
from dienstverlening.insights.disclosure import reason_text
from dienstverlening.insights.figures import Change, MarkFigure, ShareFigure
from dienstverlening.insights.templatetags.insights_tags import change_text, status_text
from dienstverlening.insights.work import KindRow


def _why_hidden(figure) -> str:
    return reason_text(getattr(figure, "reason", None)) or _("te weinig antwoorden")


def _change_verdict(change: Change) -> str:
    if not change.real:
        return _("Dat verschil valt binnen de marge: het kan toeval zijn.")
    if change.delta > 0:
        return _("Dat is een echte verbetering.")
    return _("Dat is een echte achteruitgang.")


def share_sentence(subject: str, figure: ShareFigure, *, compared: str) -> str:
    """'De score op ‘…’ steeg van 51 % naar 58 %. Dat is een echte verbetering.'

    ``compared`` names what the change is against ("de vorige periode")."""
    if figure.suppressed or figure.share is None:
        return _("Over ‘%(subject)s’ tonen we geen cijfer: %(why)s.") % {
            "subject": subject,
            "why": _why_hidden(figure),
        }
    now = format_percent(figure.share)
    change = figure.vs_previous
    if change is None:
        return _(
            "Op ‘%(subject)s’ was %(now)s het eens. Met %(compared)s valt niet te vergelijken."
        ) % {
            "subject": subject,
            "now": now,
            "compared": compared,
        }
    before = format_percent(figure.share - change.delta)
    if before == now:
        text = _("De score op ‘%(subject)s’ bleef %(now)s.") % {"subject": subject, "now": now}
        return text + " " + _("Er is geen echt verschil met %(compared)s.") % {"compared": compared}
    if change.delta > 0:
        text = _("De score op ‘%(subject)s’ steeg van %(before)s naar %(now)s.")
    else:
        text = _("De score op ‘%(subject)s’ daalde van %(before)s naar %(now)s.")
    return text % {"subject": subject, "before": before, "now": now} + " " + _change_verdict(change)


def baseline_sentence(figure: ShareFigure | MarkFigure) -> str:
    """'Bij de nulmeting was dat 45 %. Sindsdien is het echt beter geworden.' (for the mark:
    'Bij de nulmeting was dat 6,8.')"""
    change = None if figure.suppressed else figure.vs_baseline
    mark = isinstance(figure, MarkFigure)
    value = figure.mean if isinstance(figure, MarkFigure) else figure.share
    if change is None or value is None:
        return ""
    earlier = value - change.delta
    before = format_number(earlier, 1) if mark else format_percent(earlier)
    text = _("Bij de nulmeting was dat %(before)s.") % {"before": before}
    if not change.real:
        return text + " " + _("Het verschil met toen valt binnen de marge.")
    if change.delta > 0:
        return text + " " + _("Sindsdien is het echt beter geworden.")
    return text + " " + _("Sindsdien is het echt slechter geworden.")


def value_sentence(name: str, figure: ShareFigure) -> str:
    """'Menselijk: 58 % van de inwoners was het eens met de stellingen over deze waarde.'"""
    if figure.suppressed:
        return _("%(value)s: geen cijfer, %(why)s.") % {"value": name, "why": _why_hidden(figure)}
    return _("%(value)s: %(share)s was het eens met de stellingen over deze waarde.") % {
        "value": name,
        "share": format_percent(figure.share),
    }


def mark_sentences(figure: MarkFigure, *, compared: str) -> list[str]:
    if figure.suppressed:
        return [_("Het rapportcijfer tonen we niet: %(why)s.") % {"why": _why_hidden(figure)}]
    sentences = [
        _("Inwoners gaven gemiddeld een %(mark)s.") % {"mark": format_number(figure.mean, 1)},
        _("%(share)s gaf een 7 of hoger.") % {"share": format_percent(figure.pass_share)},
    ]
    change = figure.vs_previous
    if change is not None and figure.mean is not None:
        before = format_number(figure.mean - change.delta, 1)
        now = format_number(figure.mean, 1)
        if before != now:
            sentences.append(
                _("In %(compared)s was dat een %(before)s.")
                % {"compared": compared, "before": before}
            )
            sentences.append(_change_verdict(change))
    baseline = baseline_sentence(figure)
    if baseline:
        sentences.append(baseline)
    return sentences


def respondents_sentence(number: str, period: str, survey_round: str) -> str:
    return _("In %(period)s gaven %(number)s inwoners hun oordeel (%(round)s).") % {
        "period": period,
        "number": number,
        "round": survey_round,
    }


def handling_sentences(row: KindRow) -> list[str]:
    """'Terugbelverzoek: 87 % was op tijd klaar. De norm is 90 %. Oordeel: net onder de norm.'"""
    label = row.label[:1].upper() + row.label[1:]
    if row.on_time_share is None:
        sentences = [_("%(kind)s: in deze periode is niets afgehandeld.") % {"kind": label}]
    else:
        sentences = [
            _("%(kind)s: %(share)s van %(closed)s was op tijd klaar.")
            % {
                "kind": label,
                "share": format_percent(row.on_time_share),
                "closed": format_number(row.closed),
            }
        ]
    if row.target_share is not None:
        sentences.append(
            _("De norm is %(target)s op tijd. Oordeel: %(verdict)s.")
            % {"target": format_percent(row.target_share), "verdict": status_text(row.status)}
        )
    if row.median_days is not None and row.p90_days is not None:
        sentences.append(lead_time_sentence(row.median_days, row.p90_days))
    return sentences


def _within(days: int) -> str:
    if days == 0:
        return _("op dezelfde werkdag")
    return ngettext("binnen %(days)s werkdag", "binnen %(days)s werkdagen", days) % {
        "days": format_number(days)
    }


def lead_time_sentence(median: int, p90: int) -> str:
    """'De helft was binnen 2 werkdagen klaar, 90 % binnen 5 werkdagen.'"""
    return _("De helft was %(median)s klaar, 90 %% %(p90)s.") % {
        "median": _within(median),
        "p90": _within(p90),
    }


def tracks_sentence(count: int) -> str:
    if count == 0:
        return _("In deze periode liep geen verbetertraject.")
    return ngettext(
        "In deze periode liep %(count)s verbetertraject.",
        "In deze periode liepen %(count)s verbetertrajecten.",
        count,
    ) % {"count": format_number(count)}


def left_out_sentence(what: str, figure) -> str:
    """A line of the method section: what was left out, and why."""
    return _("%(what)s: %(why)s.") % {"what": what, "why": _why_hidden(figure)}


def change_words(change: Change, *, compared: str) -> str:
    """A change in words, after a figure: 'Echt hoger dan in de vorige periode (2024).'"""
    if not change.real:
        return _("Geen echt verschil met %(compared)s.") % {"compared": compared}
    if change.delta > 0:
        return _("Echt hoger dan in %(compared)s.") % {"compared": compared}
    return _("Echt lager dan in %(compared)s.") % {"compared": compared}


def change_cell(change: Change | None, *, mark: bool = False) -> str:
    """A change as the dashboard's table writes it: '+4 procentpunt: echte stijging'."""
    return change_text(change, "cijfer" if mark else "punten")


def hidden(figure) -> str:
    return _why_hidden(figure)


def norms_sentence(verdicts: Sequence[Verdict]) -> str:
    """'Van de 3 normen haalden we er 2. Bij 1 kwamen we net tekort, bij 0 niet.'"""
    green = sum(1 for v in verdicts if v == Verdict.GREEN)
    amber = sum(1 for v in verdicts if v == Verdict.AMBER)
    red = sum(1 for v in verdicts if v == Verdict.RED)
    judged = green + amber + red
    if not judged:
        return _("Over de normen valt nog niets te zeggen: te weinig afgehandeld.")
    text = ngettext(
        "Van %(judged)s norm haalden we er %(green)s.",
        "Van %(judged)s normen haalden we er %(green)s.",
        judged,
    ) % {"judged": judged, "green": green}
    if amber or red:
        text += " " + _("Net onder de norm: %(amber)s. Onder de norm: %(red)s.") % {
            "amber": amber,
            "red": red,
        }
    return text
